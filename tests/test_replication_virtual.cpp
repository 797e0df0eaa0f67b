// The replication lab as a person runs it, in virtual time through the RunController: the
// lessons it teaches hold, a run is exactly repeatable (fingerprint, summary, series), a killed
// node's lag is blank rather than a stale value, and the lag, charts and checks mean what their
// notes say. Deterministic: the bounds hold on any machine under any load.
#include <QFile>
#include <QTest>

#include <cmath>
#include <cstring>
#include <set>

#include "core/lab/default_charts.h"
#include "input_error.h"
#include "lab_runs.h"
#include "replication_runs.h"

using namespace archlab;
using repl_test::run_virtual;
using repl_test::VirtualRun;

namespace {
/// Equal doubles, NaN equal to NaN (a blank sample is a value too).
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

std::set<std::string> chart_ids(const repl_test::Sets& sets) {
    std::set<std::string> out;
    for (const ChartSpec& c : charts_for(repl_test::replication_lab(), repl_test::settings_with(sets))) out.insert(c.id);
    return out;
}
}  // namespace

class TestReplicationVirtual : public QObject {
    Q_OBJECT
private slots:
    void lessons_hold_in_virtual_time_data() {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("read_from");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<bool>("stale");
        QTest::addColumn<int>("linearizable");  // 1 yes, 0 no, -1 either
        QTest::addColumn<bool>("loses");
        QTest::newRow("sync, replica reads") << "sync" << "replica" << "" << false << 1 << false;
        QTest::newRow("async, replica reads") << "async" << "replica" << "" << true << 0 << false;
        QTest::newRow("sync, primary killed") << "sync" << "primary" << "3s:kill:primary" << false << 1 << false;
        // A lost write that a later write overwrote before anyone read the key leaves no trace in
        // the history: lost writes and a linearizable verdict can go together.
        QTest::newRow("async, primary killed") << "async" << "primary" << "3s:kill:primary" << false << -1 << true;
    }
    void lessons_hold_in_virtual_time() {
        QFETCH(QString, mode);
        QFETCH(QString, read_from);
        QFETCH(QString, fault);
        QFETCH(bool, stale);
        QFETCH(int, linearizable);
        QFETCH(bool, loses);
        std::vector<std::string> faults;
        if (!fault.isEmpty()) faults.push_back(fault.toStdString());
        // Everything else at the lab's defaults, as `archlab-cli run replication` would run it.
        const VirtualRun r = run_virtual({{"replication", mode.toStdString()}, {"read_from", read_from.toStdString()}}, 10,
                                         faults);
        const nlohmann::json& s = r.summary;
        const QString msg = QString::fromStdString(s.dump());
        QCOMPARE(s["time_mode"].get<std::string>(), std::string("virtual"));
        QVERIFY2(s["requests"].get<int>() > 1500, qPrintable(msg));  // 200 ops/s for 10 s
        if (stale) QVERIFY2(s["stale_read_ratio"].get<double>() > 0.0, qPrintable(msg));
        else QVERIFY2(s["stale_read_ratio"].get<double>() == 0.0, qPrintable(msg));
        QVERIFY2(s["linearizable"].is_boolean(), qPrintable(msg));  // decided within the step budget
        if (linearizable >= 0) QCOMPARE(s["linearizable"].get<bool>(), linearizable == 1);
        if (loses) QVERIFY2(s["lost_writes"].get<int>() > 0, qPrintable(msg));
        else QVERIFY2(s["lost_writes"].get<int>() == 0, qPrintable(msg));
        if (!fault.isEmpty()) {
            QCOMPARE(s["failovers"].get<int>(), 1);
            QVERIFY2(s["primary_now"].get<std::string>() != "primary", qPrintable(msg));
        }
    }

    void same_seed_and_faults_repeat_the_run_exactly() {
        const std::vector<std::string> faults = {"3s:kill:primary", "6s:restart:primary"};
        const VirtualRun a = run_virtual({}, 10, faults, 7), b = run_virtual({}, 10, faults, 7);
        QCOMPARE(a.fingerprint.size(), std::size_t{16});
        QCOMPARE(b.fingerprint, a.fingerprint);
        // The summary, but for the history's path (each run has its own data folder).
        nlohmann::json sa = a.summary, sb = b.summary;
        QVERIFY(sa.contains("history") && sa.contains("lost_writes") && sa.contains("linearizability"));
        sa.erase("history");
        sb.erase("history");
        QVERIFY2(sa == sb, qPrintable(QString::fromStdString(sa.dump() + "\n" + sb.dump())));
        QCOMPARE(b.series.columns, a.series.columns);
        QCOMPARE(b.series.rows.size(), a.series.rows.size());
        QVERIFY(a.series.rows.size() >= 39);  // 4 a second for 10 s
        for (std::size_t i = 0; i < a.series.rows.size(); ++i) {
            QCOMPARE(b.series.rows[i].t_s, a.series.rows[i].t_s);
            for (std::size_t c = 0; c < a.series.columns.size(); ++c) {
                QVERIFY2(same(a.series.rows[i].values[c], b.series.rows[i].values[c]),
                         qPrintable(QString("row %1 column %2").arg(i).arg(QString::fromStdString(a.series.columns[c]))));
            }
        }
        // Another seed is another run.
        QVERIFY(run_virtual({}, 10, faults, 8).fingerprint != a.fingerprint);
    }

    // A database queue that holds one job, two slowed nodes and 3,000 operations a second: the
    // runtime sheds applies and reads. A shed apply runs again on the next ship tick and the node
    // reports nothing past it applied meanwhile; reads that could miss it go unanswered. Sync
    // replication keeps its promises: nothing lost, no stale read, linearizable.
    void a_full_database_queue_sheds_and_sync_keeps_its_promises() {
        const VirtualRun r = run_virtual({{"replication", "sync"}, {"read_from", "replica"}, {"db_queue_limit", "1"},
                                          {"clients", "64"}, {"arrival_rps", "3000"}},
                                         6, {"1s:slow:replica-1", "1s:slow:primary"});
        const nlohmann::json& s = r.summary;
        const QString msg = QString::fromStdString(s.dump());
        QVERIFY2(lab_test::total_jobs_shed(s) > 50, qPrintable(msg));
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QCOMPARE(s["stale_read_ratio"].get<double>(), 0.0);
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), qPrintable(msg));
        QVERIFY2(s["writes_ok"].get<int>() > 1000, qPrintable(msg));
    }

    // The same full queue while a replica is copied again from the start (killed past a
    // backlog of 16 entries: a snapshot on its return) and the primary then dies (a replica is
    // promoted): shed applies and a shed snapshot install wait to run again through both, and
    // sync replication still loses nothing and stays linearizable.
    void a_full_database_queue_through_a_resync_and_a_failover() {
        const VirtualRun r = run_virtual({{"replication", "sync"}, {"read_from", "replica"}, {"db_queue_limit", "1"},
                                          {"clients", "64"}, {"arrival_rps", "3000"}, {"backlog_entries", "16"}},
                                         8, {"1s:slow:replica-1", "1.5s:kill:replica-2", "2.5s:restart:replica-2",
                                             "4s:kill:primary"});
        const nlohmann::json& s = r.summary;
        const QString msg = QString::fromStdString(s.dump());
        QVERIFY2(lab_test::total_jobs_shed(s) > 50, qPrintable(msg));
        QVERIFY2(s["full_resyncs"].get<int>() >= 1, qPrintable(msg));
        QVERIFY2(s["failovers"].get<int>() >= 1, qPrintable(msg));
        // Each resync counted is one a replica installed, with its line in the event log; the
        // dead old primary is sent none (it had "needed log position 1" from its successor).
        int resync_lines = 0;
        for (const archlab::RunEvent& e : r.events) {
            if (e.text.find(" needs log position ") == std::string::npos) continue;
            ++resync_lines;
            QVERIFY2(e.text.rfind("primary needs", 0) != 0, e.text.c_str());
        }
        QCOMPARE(resync_lines, s["full_resyncs"].get<int>());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QCOMPARE(s["stale_read_ratio"].get<double>(), 0.0);
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), qPrintable(msg));
        QVERIFY2(s["writes_ok"].get<int>() > 1000, qPrintable(msg));
    }

    // Sync, reads at the primary: both replicas cut off, so the primary's writes of the next
    // 200 ms are applied there but never replicated nor acknowledged; then it dies and a replica
    // takes over without them. A read at the old primary that had shown one of them, followed
    // by reads of the older value at the new one, is not linearizable: the primary holds a read
    // of a key whose write is not yet replicated until it is. (Without that, every seed tried
    // of this run was non-linearizable.)
    void a_sync_primary_shows_no_write_before_it_is_replicated() {
        const VirtualRun r = run_virtual({{"replication", "sync"}, {"clients", "64"}, {"arrival_rps", "2000"}}, 5,
                                         {"2s:cut:primary->replica-1", "2s:cut:primary->replica-2", "2.2s:kill:primary"});
        const nlohmann::json& s = r.summary;
        const QString msg = QString::fromStdString(s.dump());
        QCOMPARE(s["failovers"].get<int>(), 1);
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), qPrintable(msg));
        QVERIFY2(s["reads_ok"].get<int>() > 2000, qPrintable(msg));
    }

    // The same at a replica: replica-2 cut off from the primary, then the primary and replica-1
    // die and replica-2 takes over without the writes replica-1 applied but the primary never
    // acknowledged. A replica answers reads only of what the primary's appends say is replicated
    // (AppendHeader::replicated, sent at once when it moves). Without that, 3 of 3 seeds tried
    // were non-linearizable.
    void a_sync_replica_shows_no_write_before_it_is_replicated() {
        const VirtualRun r = run_virtual({{"replication", "sync"}, {"read_from", "replica"}, {"clients", "64"}, {"arrival_rps", "2000"}},
                                         5, {"2s:cut:primary->replica-2", "2.2s:kill:primary", "2.2s:kill:replica-1"});
        const nlohmann::json& s = r.summary;
        const QString msg = QString::fromStdString(s.dump());
        QCOMPARE(s["failovers"].get<int>(), 1);
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("replica-2"));
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), qPrintable(msg));
        QVERIFY2(s["reads_ok"].get<int>() > 2000, qPrintable(msg));
    }

    void a_killed_node_has_no_lag() {
        // Killed at 3 s, restarted at 6 s: its lag columns are blank in between (a dead node does
        // not fall further behind on the chart), numbers before and after.
        const VirtualRun r = run_virtual({}, 10, {"3s:kill:primary", "6s:restart:primary"});
        for (const char* col : {"lag_ms_primary", "lag_ops_primary"}) {
            for (double x : r.column(col, 0.25, 2.9)) QVERIFY2(!std::isnan(x), col);
            for (double x : r.column(col, 3.01, 5.99)) QVERIFY2(std::isnan(x), qPrintable(QString("%1 = %2").arg(col).arg(x)));
            for (double x : r.column(col, 6.01, 10)) QVERIFY2(!std::isnan(x), col);
        }
        // The replicas lag behind whoever is primary: never the seconds a dead primary would show.
        for (const char* col : {"lag_ms_replica-1", "lag_ms_replica-2"}) {
            const double worst = repl_test::max_of(r.column(col));
            QVERIFY2(worst < 1000.0, qPrintable(QString("%1 worst %2 ms").arg(col).arg(worst)));
        }
        QCOMPARE(r.summary["failovers"].get<int>(), 1);
    }

    void summary_lag_counts_writes_a_replica_never_applied() {
        // The replicas get nothing from the start; the monitor still sees everyone, so no failover.
        const VirtualRun r = run_virtual({{"replication", "async"}}, 1,
                                         {"0s:cut:primary<->replica-1", "0s:cut:primary<->replica-2"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QVERIFY2(s["writes_ok"].get<int>() > 0, shown.c_str());
        QCOMPARE(s["failovers"].get<int>(), 0);
        // Writes acknowledged in the first moments were never applied anywhere else: a second
        // later the replicas are most of a second behind, and the summary must say so.
        QVERIFY2(s["replication_lag_ms"]["max"].get<double>() >= 500.0, shown.c_str());
        QVERIFY2(s["apply_lag_ms"].is_null(), shown.c_str());  // per applied write: blind to the rest
    }

    void a_primary_paused_to_the_end_loses_nothing() {
        // The rule for a primary paused and never resumed, with no failover (the monitor paused
        // first): it still holds every write it acknowledged, so none is lost, and the verdict
        // agrees. The summary names the primary's state and what only it holds.
        const VirtualRun r = run_virtual({{"replication", "async"}, {"repl_batch_ms", "200"}}, 12,
                                         {"3s:pause:monitor", "6.1s:pause:primary"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QCOMPARE(s["failovers"].get<int>(), 0);
        QCOMPARE(s["primary_state_at_end"].get<std::string>(), std::string("paused"));
        QVERIFY2(s["writes_ok"].get<int>() > 100, shown.c_str());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), shown.c_str());
        for (double x : r.column("lost_writes")) QVERIFY2(std::isnan(x) || x == 0.0, qPrintable(QString::number(x)));
        // Up to 200 ms of writes had not shipped when it paused: only the primary holds them.
        QVERIFY2(s["unreplicated_writes"].get<int>() > 0, shown.c_str());
        QVERIFY2(s["ops_unknown"].get<int>() > 0, shown.c_str());  // the operations left waiting on it

        // The same pause with the monitor running: a replica takes over, and the writes only the
        // paused primary held are the ones lost.
        const VirtualRun f = run_virtual({{"replication", "async"}, {"repl_batch_ms", "200"}}, 12, {"6.1s:pause:primary"});
        const std::string failed_over = f.summary.dump();
        QCOMPARE(f.summary["failovers"].get<int>(), 1);
        QCOMPARE(f.summary["primary_state_at_end"].get<std::string>(), std::string("up"));
        QVERIFY2(f.summary["lost_writes"].get<int>() > 0, failed_over.c_str());
    }

    void the_issue_storm_with_a_paused_primary_agrees() {
        // The fault storm from issue 13 (async, monitor then primary paused for good): lost_writes
        // and the verdict agree that nothing acknowledged was lost.
        const VirtualRun r = run_virtual({{"replication", "async"}}, 30,
                                         {"2.03s:slow:replica-2", "5.78s:cut:replica-1->replica-2",
                                          "11.93s:restart:replica-2", "14.95s:pause:monitor",
                                          "16.38s:pause:primary", "19.26s:promote:primary"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QCOMPARE(s["failovers"].get<int>(), 0);
        QCOMPARE(s["primary_state_at_end"].get<std::string>(), std::string("paused"));
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"].is_boolean() && s["linearizable"].get<bool>(), shown.c_str());
    }

    void lag_chart_shows_the_async_batch_wait() {
        // A write waits up to a whole batch before it ships: the window's worst lag shows that,
        // whatever phase the sample falls on.
        const VirtualRun r = run_virtual({{"replication", "async"}, {"repl_batch_ms", "50"}}, 3);
        for (const char* col : {"lag_ms_replica-1", "lag_ms_replica-2"}) {
            const std::vector<double> lag = r.column(col, 0.5);
            QVERIFY(!lag.empty());
            for (double x : lag) QVERIFY2(x >= 30.0, qPrintable(QString("%1 = %2 ms").arg(col).arg(x)));
        }
    }

    void summary_has_the_fields_and_the_history() {
        const VirtualRun r = run_virtual({{"replication", "sync"}, {"read_from", "replica"}}, 3, {"1s:promote:replica-1"});
        const nlohmann::json& s = r.summary;
        for (const char* field : {"requests", "errors", "error_rate", "throughput_rps", "latency_ms", "stale_read_ratio",
                                  "lost_writes", "replication_lag_ms", "linearizable", "linearizability", "history",
                                  "primary_now", "failovers", "write_latency_ms", "read_latency_ms", "ops_pending"}) {
            QVERIFY2(s.contains(field), field);
        }
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("replica-1"));
        QCOMPARE(s["failovers"].get<int>(), 1);
        QCOMPARE(s["ops_pending"].get<int>(), 0);  // every operation answered or timed out in the drain
        // The checker's budget in virtual time is steps, not seconds: nothing machine-dependent.
        QVERIFY(s["linearizability"].contains("check_steps"));
        QVERIFY(!s["linearizability"].contains("check_s"));
        QVERIFY(QString::fromStdString(s["history"].get<std::string>()).endsWith("history.edn"));
        // The framework's requests are the operations with an outcome, answered or not.
        QCOMPARE(s["requests"].get<int>(), s["ops_invoked"].get<int>());
        QCOMPARE(s["errors"].get<int>(), s["ops_unknown"].get<int>());
    }

    void history_file_is_written_in_the_data_folder() {
        repl_test::BuiltRun c(repl_test::Sets{{"replication", "sync"}});
        c.run_for(std::chrono::seconds(1));
        const nlohmann::json s = c.finish();
        QFile history(QString::fromStdString(s["history"].get<std::string>()));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QVERIFY(history.readLine().startsWith("{:process "));
        QCOMPARE(s["history"].get<std::string>(), c.run().history_path().string());
    }

    void quorum_shows_no_primary_or_lag_charts() {
        const std::set<std::string> quorum = chart_ids({{"replication", "quorum"}}), async = chart_ids({{"replication", "async"}});
        // Leaderless: no primary to plot, no log for a replica to lag behind.
        for (const char* id : {"lag_ms", "lag_ops", "primary"}) {
            QVERIFY2(!quorum.count(id), id);
            QVERIFY2(async.count(id), id);
        }
        for (const char* id : {"latency", "stale", "lost", "linearizable", "throughput"}) QVERIFY2(quorum.count(id), id);
    }

    void offers_promote_and_refuses_what_it_cannot_do() {
        const LabInfo& info = repl_test::replication_lab().info();
        QCOMPARE(info.actions.size(), std::size_t{1});
        QCOMPARE(info.actions[0].name, std::string("promote"));
        QCOMPARE(info.actions[0].kinds, std::vector<std::string>{"db"});
        const QString msg = input_error([] { chart_ids({{"replication", "quorum"}, {"quorum_r", "4"}}); });
        QVERIFY2(msg.contains("quorum_r 4") && msg.contains("N = replicas + 1 = 3"), qPrintable(msg));
        const QString flush = input_error([] { run_virtual({}, 1, {"0.5s:flush:primary"}); });
        QVERIFY2(flush.contains("no 'flush' action") && flush.contains("promote"), qPrintable(flush));
    }
};

QTEST_GUILESS_MAIN(TestReplicationVirtual)
#include "test_replication_virtual.moc"
