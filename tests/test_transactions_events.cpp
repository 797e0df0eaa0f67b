// saga-choreography over the broker, in virtual time: duplicated deliveries are applied twice by
// consumers that are not idempotent and never by idempotent ones; with the outbox off, services
// killed at the wrong moment lose events (orders stuck halfway) or invent them (an order charged
// that was never stored), with the outbox on never, and with no crash every order ends either way; deliveries the broker drops (no ack comes)
// are delivered again after ack_timeout_ms, so every order still ends; the broker killed and
// restarted keeps its messages.
#include <QTest>

#include "lab_runs.h"

using lab_test::run_virtual;
using lab_test::Sets;

namespace {
QString dump(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

int breaks(const nlohmann::json& s, const char* what) { return s["invariant_breaks"][what].get<int>(); }

/// Kills of the four services, one every 250 ms from 1 s to 6.75 s, each down for 50 ms. At
/// db_ms=10 a service is often in the middle of a local transaction when it dies.
std::vector<std::string> service_crashes() {
    const char* services[] = {"order", "payment", "inventory", "shipment"};
    std::vector<std::string> out;
    for (int i = 0; i < 24; ++i) {
        const int ms = 1000 + 250 * i;
        const std::string s = services[i % 4];
        out.push_back(std::to_string(ms) + "ms:kill:" + s);
        out.push_back(std::to_string(ms + 50) + "ms:restart:" + s);
    }
    return out;
}
}  // namespace

class TestTransactionsEvents : public QObject {
    Q_OBJECT
private slots:
    void duplicated_deliveries_are_applied_twice_only_without_idempotency() {
        const Sets off = {{"strategy", "saga-choreography"}, {"broker_duplicate_ratio", "0.3"}, {"idempotent_consumers", "off"}};
        const Sets on = {{"strategy", "saga-choreography"}, {"broker_duplicate_ratio", "0.3"}, {"idempotent_consumers", "on"}};
        const auto a = run_virtual("transactions", off, 5);
        const auto b = run_virtual("transactions", on, 5);
        QVERIFY2(a.summary["broker"]["duplicated"].get<int>() > 100, qPrintable(dump(a.summary)));
        QVERIFY2(b.summary["broker"]["duplicated"].get<int>() > 100, qPrintable(dump(b.summary)));
        QVERIFY2(a.summary["double_applied"].get<int>() > 0, qPrintable(dump(a.summary)));
        QCOMPARE(b.summary["double_applied"].get<int>(), 0);
        QCOMPARE(breaks(b.summary, "half_done"), 0);
        QCOMPARE(b.summary["stuck"].get<int>(), 0);
        // A double charge is still a whole local transaction: money and stock stay conserved.
        QCOMPARE(breaks(a.summary, "money"), 0);
        QCOMPARE(breaks(a.summary, "stock"), 0);
    }

    void without_the_outbox_a_crash_loses_or_invents_events_and_with_it_never() {
        const Sets base = {{"strategy", "saga-choreography"}, {"db_ms", "10"}, {"arrival_rps", "50"}};
        Sets off = base, on = base;
        off.push_back({"outbox", "off"});
        on.push_back({"outbox", "on"});
        const auto a = run_virtual("transactions", off, 9, service_crashes(), 1);
        const auto b = run_virtual("transactions", on, 9, service_crashes(), 1);
        // Lost: an order stopped halfway (charged or reserved, never completed or undone).
        // Invented: an order charged that the order service never stored.
        QVERIFY2(a.summary["stuck"].get<int>() > 0, qPrintable(dump(a.summary)));
        QVERIFY2(a.summary["orphans"].get<int>() > 0, qPrintable(dump(a.summary)));
        QVERIFY2(breaks(a.summary, "half_done") > 0, qPrintable(dump(a.summary)));
        QCOMPARE(b.summary["stuck"].get<int>(), 0);
        QCOMPARE(b.summary["orphans"].get<int>(), 0);
        QCOMPARE(breaks(b.summary, "half_done"), 0);
        QCOMPARE(b.summary["double_applied"].get<int>(), 0);
        QVERIFY2(b.summary["broker"]["redelivered"].get<int>() > 0, qPrintable(dump(b.summary)));  // unacked by the dead
    }

    // Without the outbox the order service announces an order before it stores it, so the chain
    // of events can come back first: with no crash that still ends every order (the early event
    // is left unacknowledged and applied when the broker delivers it again).
    void without_the_outbox_and_no_crash_every_order_ends() {
        const auto r = run_virtual("transactions", {{"strategy", "saga-choreography"}, {"outbox", "off"}}, 10);
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["completed"].get<int>() > 500, qPrintable(dump(s)));
        QCOMPARE(s["stuck"].get<int>(), 0);
        QCOMPARE(breaks(s, "half_done"), 0);
        QCOMPARE(s["orphans"].get<int>(), 0);
        QCOMPARE(breaks(s, "money"), 0);
        QCOMPARE(breaks(s, "stock"), 0);
    }

    void deliveries_without_an_ack_are_delivered_again() {
        const auto r = run_virtual("transactions",
                                   {{"strategy", "saga-choreography"}, {"broker_drop_ratio", "0.2"}, {"ack_timeout_ms", "200"}}, 6);
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["broker"]["dropped"].get<int>() > 100, qPrintable(dump(s)));
        QVERIFY2(s["broker"]["redelivered"].get<int>() >= s["broker"]["dropped"].get<int>(), qPrintable(dump(s)));
        QCOMPARE(s["stuck"].get<int>(), 0);
        QCOMPARE(breaks(s, "half_done"), 0);
        QCOMPARE(s["double_applied"].get<int>(), 0);
        QCOMPARE(s["completed"].get<int>() + s["compensated"].get<int>(), s["orders"].get<int>());
    }

    void a_killed_broker_keeps_its_messages() {
        const auto r = run_virtual("transactions", {{"strategy", "saga-choreography"}}, 8, {"2s:kill:broker", "3s:restart:broker"});
        const nlohmann::json& s = r.summary;
        QCOMPARE(s["stuck"].get<int>(), 0);
        QCOMPARE(breaks(s, "half_done"), 0);
        QCOMPARE(breaks(s, "money"), 0);
        QCOMPARE(breaks(s, "stock"), 0);
        QCOMPARE(s["double_applied"].get<int>(), 0);
        QVERIFY2(s["completed"].get<int>() > 500, qPrintable(dump(s)));
    }
};

QTEST_GUILESS_MAIN(TestTransactionsEvents)
#include "test_transactions_events.moc"
