// The transactions lab in virtual time, through the RunController as the CLI runs it: every
// strategy keeps every invariant without faults; 2pc with its coordinator killed between
// prepare and commit leaves participants in doubt (holding their prepared rows, asking, never
// timing out) until the coordinator restarts and resolves them from its log; exact repeats.
#include <QTest>

#include <algorithm>

#include "lab_runs.h"
#include "txn_checks.h"

using lab_test::run_virtual;
using lab_test::Sets;

using txn_test::check_invariants;
using txn_test::dump;

namespace {
/// The column's values at samples with from_s <= t <= to_s.
std::vector<double> column(const archlab::SeriesSnapshot& snap, const std::string& name, double from_s, double to_s) {
    const int c = snap.column(name);
    std::vector<double> out;
    if (c < 0) return out;
    for (const archlab::SeriesRow& r : snap.rows) {
        if (r.t_s >= from_s && r.t_s <= to_s) out.push_back(r.values[std::size_t(c)]);
    }
    return out;
}
}  // namespace

class TestTransactionsVirtual : public QObject {
    Q_OBJECT
private slots:
    void without_faults_every_invariant_holds_data() { txn_test::add_strategy_rows(); }
    void without_faults_every_invariant_holds() {
        QFETCH(QString, strategy);
        // Tight stock and money: some orders decline, run out of stock or are refused.
        const auto r = run_virtual("transactions",
                                   {{"strategy", strategy.toStdString()}, {"starting_stock", "40"}, {"starting_balance", "120"},
                                    {"reject_ratio", "0.1"}},
                                   8);
        const nlohmann::json& s = r.summary;
        check_invariants(s);
        QVERIFY2(s["completed"].get<int>() > 300, qPrintable(dump(s)));
        QVERIFY2(s["compensated"].get<int>() > 50, qPrintable(dump(s)));
        QVERIFY2(s["client"]["timed_out"].get<int>() == 0, qPrintable(dump(s)));
        QCOMPARE(s["client"]["completed"].get<int>(), s["completed"].get<int>());
        if (strategy != "2pc") QVERIFY2(s["compensations"].get<int>() > 0, qPrintable(dump(s)));
        if (strategy == "2pc") QVERIFY2(s["isolation_anomalies"].get<int>() == 0, qPrintable(dump(s)));
    }

    // Overload: orders arrive far faster than the services' databases can take them (10 ms a
    // local transaction). The entry node keeps at most max_open_orders open and refuses the rest
    // at once; what it took still ends cleanly, and nothing refused reaches a database.
    void an_entry_node_at_max_open_orders_refuses_the_rest_data() { without_faults_every_invariant_holds_data(); }
    void an_entry_node_at_max_open_orders_refuses_the_rest() {
        QFETCH(QString, strategy);
        const auto r = run_virtual("transactions",
                                   {{"strategy", strategy.toStdString()}, {"arrival_rps", "1500"}, {"db_ms", "10"},
                                    {"max_open_orders", "40"}},
                                   4);
        const nlohmann::json& s = r.summary;
        check_invariants(s);
        const int refused = s["refused"].get<int>();
        QVERIFY2(refused > 1000, qPrintable(dump(s)));
        QCOMPARE(s["client"]["refused"].get<int>(), refused);
        // Every order not refused is in the order service's database, and only those.
        QCOMPARE(s["orders"].get<int>(), s["client"]["placed"].get<int>() - refused);
        QVERIFY2(s["drain"]["at_rest"].get<bool>(), qPrintable(dump(s)));
        // The orders chart shows them, and the headline counts them as errors.
        const std::vector<double> per_s = column(r.series, "refused_per_s", 0.5, 4.0);
        QVERIFY(!per_s.empty());
        QVERIFY2(*std::max_element(per_s.begin(), per_s.end()) > 100, qPrintable(dump(s)));
        QCOMPARE(s["errors"].get<int>(), refused + s["client"]["timed_out"].get<int>());
    }

    // A database queue that holds one: bursts overflow it and the runtime sheds local
    // transactions unrun. Each shed one is told to its node, which lets the resend, the
    // redelivery or its tick run it again: every order still ends, nothing is stuck or applied
    // twice. (Before the runtime told a node, a shed saga step stayed "running" and its resends
    // were dropped as copies.)
    void a_full_database_queue_sheds_and_every_order_still_ends_data() { without_faults_every_invariant_holds_data(); }
    void a_full_database_queue_sheds_and_every_order_still_ends() {
        QFETCH(QString, strategy);
        const auto r = run_virtual("transactions",
                                   {{"strategy", strategy.toStdString()}, {"arrival_rps", "100"}, {"db_ms", "2"},
                                    {"db_queue_limit", "1"}},
                                   6);
        const nlohmann::json& s = r.summary;
        QVERIFY2(lab_test::total_jobs_shed(s) > 30, qPrintable(dump(s)));
        // The window says so: the event log names a node that shed (the topology notes it too).
        QVERIFY(lab_test::logged(r.events, " shedding jobs: its job queue is full (1 waiting)"));
        check_invariants(s);
        QVERIFY2(s["drain"]["at_rest"].get<bool>(), qPrintable(dump(s)));
        QVERIFY2(s["completed"].get<int>() > 100, qPrintable(dump(s)));
        // Choreography: every order the order service took reached its database; one whose
        // first transaction was shed is refused to the client at once, not dropped unanswered.
        // (A saga or 2pc order whose first step never ran can end compensated with no row.)
        if (strategy == "saga-choreography") {
            QCOMPARE(s["orders"].get<int>(), s["client"]["placed"].get<int>() - s["refused"].get<int>());
            QCOMPARE(s["client"]["unanswered"].get<int>(), 0);
        }
    }

    void coordinator_killed_leaves_participants_in_doubt_until_it_restarts() {
        // db_ms=3 at 150 orders/s: several orders are between prepare and the logged decision
        // at any moment, so the kill at 3 s catches some.
        const Sets sets = {{"strategy", "2pc"}, {"db_ms", "3"}, {"arrival_rps", "150"}};
        const auto r = run_virtual("transactions", sets, 10, {"3s:kill:coordinator", "6s:restart:coordinator"});
        const nlohmann::json& s = r.summary;
        // While it is down the prepared orders stay in doubt: the same number at every sample,
        // none timed away.
        const std::vector<double> down = column(r.series, "in_doubt", 3.5, 5.75);
        QVERIFY(down.size() >= 9);
        QVERIFY2(down.front() > 0, qPrintable(dump(s)));
        for (double v : down) QCOMPARE(v, down.front());
        QVERIFY2(s["inquiries"].get<int>() > 0, qPrintable(dump(s)));  // they kept asking
        QVERIFY2(s["in_doubt_max"].get<double>() >= down.front(), qPrintable(dump(s)));
        // Their locks are held: later orders for the same rows wait behind them.
        const std::vector<double> waiting = column(r.series, "lock_waiters", 3.5, 5.75);
        QVERIFY(!waiting.empty());
        QVERIFY2(*std::max_element(waiting.begin(), waiting.end()) > 0, qPrintable(dump(s)));
        // After the restart every one of them is resolved from the log, invariants intact: the
        // figure moves again (new orders pass through prepare), and none is in doubt once the
        // run has quiesced.
        const std::vector<double> after = column(r.series, "in_doubt", 6.5, 10.0);
        QVERIFY(!after.empty());
        QVERIFY(std::any_of(after.begin(), after.end(), [&](double v) { return v != down.front(); }));
        check_invariants(s);
        QCOMPARE(s["in_doubt_at_end"].get<int>(), 0);
        QVERIFY2(s["decisions_resent"].get<int>() > 0, qPrintable(dump(s)));
    }

    void the_latest_orders_table_follows_each_step_from_the_databases() {
        archlab::RunController run(lab_test::request("transactions", {{"strategy", "saga-orchestrated"}, {"reject_ratio", "1"}}, 2), nullptr);
        run.start();
        run.wait();
        const archlab::ItemTable t = run.latest_items();
        QCOMPARE(t.columns, (std::vector<std::string>{"order", "item x qty", "amount", "order", "payment", "inventory", "shipment"}));
        QCOMPARE(int(t.rows.size()), 12);
        // Every address refused: each order compensated, its charge refunded, its stock released.
        int undone = 0;
        for (const auto& row : t.rows) {
            QCOMPARE(int(row.size()), 7);
            if (row[3] != "compensated") continue;  // the newest may still run when the sample was taken
            ++undone;
            QCOMPARE(row[4], std::string("refunded"));
            QCOMPARE(row[5], std::string("released"));
            QCOMPARE(row[6], std::string("refused"));
        }
        QVERIFY(undone >= 8);
        QCOMPARE(std::stoull(t.rows.front()[0]) > std::stoull(t.rows.back()[0]), true);  // newest first
    }

    void a_virtual_run_repeats_exactly() {
        const Sets sets = {{"strategy", "saga-choreography"}, {"broker_duplicate_ratio", "0.2"}};
        const auto a = run_virtual("transactions", sets, 4, {"1s:kill:payment", "1.5s:restart:payment"});
        const auto b = run_virtual("transactions", sets, 4, {"1s:kill:payment", "1.5s:restart:payment"});
        QCOMPARE(a.fingerprint, b.fingerprint);
        QVERIFY(lab_test::same_rows(a.series, b.series));
        QCOMPARE(a.summary["double_applied"].get<int>(), b.summary["double_applied"].get<int>());
    }
};

QTEST_GUILESS_MAIN(TestTransactionsVirtual)
#include "test_transactions_virtual.moc"
