// Sagas in the transactions lab, in virtual time: a failure at each step position (payment
// declined, out of stock, address refused) compensates every step before it, in both the
// orchestrated and the choreographed saga; the orchestrator gives up on a service that does not
// answer and undoes what it had done; a restarted orchestrator continues its sagas from its
// database; a service killed in the middle of compensations lets them finish after its restart.
#include <QTest>

#include "lab_runs.h"

using lab_test::run_virtual;
using lab_test::Sets;

namespace {
QString dump(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

void check_ended_cleanly(const nlohmann::json& s) {
    QVERIFY2(s["stuck"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["half_done"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["money"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["invariant_breaks"]["stock"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["double_applied"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["orphans"].get<int>() == 0, qPrintable(dump(s)));
}
}  // namespace

class TestTransactionsSagas : public QObject {
    Q_OBJECT
private slots:
    void a_failure_at_each_step_compensates_every_step_before_it_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("knob");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("undone_per_order");  // steps before the failing one
        for (const char* strategy : {"saga-orchestrated", "saga-choreography"}) {
            const QString s = strategy;
            QTest::newRow(qPrintable(s + " payment declines")) << s << "starting_balance" << "0" << 1;
            QTest::newRow(qPrintable(s + " out of stock")) << s << "starting_stock" << "0" << 2;
            QTest::newRow(qPrintable(s + " address refused")) << s << "reject_ratio" << "1" << 3;
        }
    }
    void a_failure_at_each_step_compensates_every_step_before_it() {
        QFETCH(QString, strategy);
        QFETCH(QString, knob);
        QFETCH(QString, value);
        QFETCH(int, undone_per_order);
        const auto r = run_virtual("transactions", {{"strategy", strategy.toStdString()}, {knob.toStdString(), value.toStdString()}}, 4);
        const nlohmann::json& s = r.summary;
        const int orders = s["orders"].get<int>();
        QVERIFY2(orders > 300, qPrintable(dump(s)));
        QCOMPARE(s["completed"].get<int>(), 0);
        QCOMPARE(s["compensated"].get<int>(), orders);
        // Each order's earlier steps were each undone once (the order itself, the refund, the
        // release): exactly, neither fewer nor twice.
        QCOMPARE(s["compensations"].get<int>(), undone_per_order * orders);
        check_ended_cleanly(s);
    }

    void an_unanswered_step_is_given_up_and_what_was_done_is_undone() {
        // Shipment down for 3 s: its step is sent 4 times, then the saga undoes the reservation,
        // the charge and the order (and the shipment step itself, in case it ran).
        const auto r = run_virtual("transactions", {{"strategy", "saga-orchestrated"}, {"reject_ratio", "0"}}, 8,
                                   {"1s:kill:shipment", "4s:restart:shipment"});
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["steps_resent"].get<int>() > 100, qPrintable(dump(s)));
        QVERIFY2(s["compensated"].get<int>() > 100, qPrintable(dump(s)));
        QVERIFY2(s["completed"].get<int>() > 300, qPrintable(dump(s)));
        check_ended_cleanly(s);
    }

    void a_restarted_orchestrator_continues_its_sagas() {
        const auto r = run_virtual("transactions", {{"strategy", "saga-orchestrated"}, {"reject_ratio", "0.3"}}, 8,
                                   {"2s:kill:orchestrator", "2.5s:restart:orchestrator", "4s:kill:orchestrator", "4.2s:restart:orchestrator"});
        const nlohmann::json& s = r.summary;
        check_ended_cleanly(s);
        // Orders in the middle at the kill were finished without their client (it gave up).
        QVERIFY2(s["client"]["timed_out"].get<int>() > 0, qPrintable(dump(s)));
        QCOMPARE(s["completed"].get<int>() + s["compensated"].get<int>(), s["orders"].get<int>());
    }

    void compensations_wait_for_a_killed_service_and_finish_after_its_restart_data() {
        QTest::addColumn<QString>("strategy");
        QTest::newRow("saga-orchestrated") << "saga-orchestrated";
        QTest::newRow("saga-choreography") << "saga-choreography";
    }
    void compensations_wait_for_a_killed_service_and_finish_after_its_restart() {
        QFETCH(QString, strategy);
        // Every address refused: every order is compensated, through payment's refund; payment
        // is down for 2 s in the middle.
        const auto r = run_virtual("transactions", {{"strategy", strategy.toStdString()}, {"reject_ratio", "1"}}, 8,
                                   {"2s:kill:payment", "4s:restart:payment"});
        const nlohmann::json& s = r.summary;
        check_ended_cleanly(s);
        QCOMPARE(s["completed"].get<int>(), 0);
        QCOMPARE(s["compensated"].get<int>(), s["orders"].get<int>());
    }
};

QTEST_GUILESS_MAIN(TestTransactionsSagas)
#include "test_transactions_sagas.moc"
