// The replication lab on the live runtime (threads, 127.0.0.1 sockets, real SQLite files):
// a short run yields the summary fields a person relies on, the history file, and the
// "promote" fault moves the primary. Nothing here depends on how fast the machine is.
#include <QFile>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "core/lab/fault_apply.h"
#include "input_error.h"
#include "labs/register_labs.h"

using namespace archlab;

class TestReplicationLive : public QObject {
    Q_OBJECT
private slots:
    void summary_has_the_measured_fields() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        QVERIFY(lab);
        Settings s = lab->default_settings();
        s.set("replication", "sync");
        s.set("read_from", "replica");
        s.set("arrival_rps", "100");
        s.set("detect_after_ms", "1000");  // no failover of its own on a busy machine: only the promote below
        auto run = lab->create(s, 1);
        run->start();
        QCOMPARE(int(run->runtime().node_count()), 5);  // client, monitor, primary, replica-1, replica-2

        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        FaultEvent promote = FaultEvent::parse("0s:promote:replica-1");
        QVERIFY(run->apply_fault(promote));
        const QString bad = input_error([&] { run->apply_fault(FaultEvent::parse("0s:promote:client")); });
        QVERIFY2(bad.contains("promote: client is not a replica in this lab"), qPrintable(bad));
        // The monitor acts on its next heartbeat (50 ms); leave it ample time on a busy machine.
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));

        std::vector<double> row(run->series_columns().size());
        run->sample(2.3, row);
        run->stop();
        const nlohmann::json sum = run->summary();
        for (const char* field : {"stale_read_ratio", "lost_writes", "replication_lag_ms", "linearizable", "history",
                                  "primary_now", "write_latency_ms", "read_latency_ms"}) {
            QVERIFY2(sum.contains(field), field);
        }
        QVERIFY(sum["stale_read_ratio"].is_number());
        QVERIFY(sum["lost_writes"].is_number_unsigned());
        QVERIFY(sum["linearizable"].is_boolean() || sum["linearizable"].is_null());
        for (const char* p : {"p50", "p99", "max"}) QVERIFY2(sum["replication_lag_ms"].contains(p), p);
        QCOMPARE(sum["primary_now"].get<std::string>(), std::string("replica-1"));
        QVERIFY(sum["requests"].get<std::uint64_t>() > 0);
        QFile history(QString::fromStdString(sum["history"].get<std::string>()));
        QVERIFY(history.open(QIODevice::ReadOnly));
        QVERIFY(history.readLine().startsWith("{:process "));
        history.close();
        run.reset();
        std::filesystem::remove(sum["history"].get<std::string>());
    }

    void summary_lag_counts_writes_a_replica_never_applied() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        Settings s = lab->default_settings();
        s.set("replication", "async");
        auto run = lab->create(s, 1);
        run->start();
        // The replicas get nothing from the start; the monitor still sees everyone, so no failover.
        for (const char* f : {"0s:cut:primary<->replica-1", "0s:cut:primary<->replica-2"}) {
            apply_fault(run->runtime(), FaultEvent::parse(f));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        std::vector<double> row(run->series_columns().size());
        run->sample(1.0, row);
        run->stop();
        const nlohmann::json sum = run->summary();
        const std::string shown = sum.dump();
        QVERIFY2(sum["writes_ok"].get<std::uint64_t>() > 0, shown.c_str());
        // Writes acknowledged in the first moments were never applied anywhere else: a second
        // later the replicas are most of a second behind, and the summary must say so.
        QVERIFY2(sum["replication_lag_ms"]["max"].get<double>() >= 500.0, shown.c_str());
        QVERIFY2(sum.contains("apply_lag_ms"), shown.c_str());  // per applied write: blind to the rest
        run.reset();
        std::filesystem::remove(sum["history"].get<std::string>());
    }

    void lag_chart_shows_the_async_batch_wait() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        Settings s = lab->default_settings();
        s.set("replication", "async");
        s.set("repl_batch_ms", "50");
        auto run = lab->create(s, 1);
        run->start();
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        const std::vector<std::string> cols = run->series_columns();
        std::vector<double> row(cols.size());
        run->sample(1.2, row);
        run->stop();
        // A write waits up to a whole batch before it ships: the window's worst lag shows that,
        // whatever phase the sample falls on.
        for (const char* col : {"lag_ms_replica-1", "lag_ms_replica-2"}) {
            const auto at = std::find(cols.begin(), cols.end(), col) - cols.begin();
            QVERIFY2(row[std::size_t(at)] >= 30.0, qPrintable(QString("%1 = %2 ms").arg(col).arg(row[std::size_t(at)])));
        }
        const nlohmann::json sum = run->summary();
        run.reset();
        std::filesystem::remove(sum["history"].get<std::string>());
    }

    void quorum_shows_no_primary_or_lag_charts() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        const auto ids = [&](const char* mode) {
            Settings s = lab->default_settings();
            s.set("replication", mode);
            std::set<std::string> out;
            for (const ChartSpec& c : lab->create(s, 1)->charts()) out.insert(c.id);
            return out;
        };
        const std::set<std::string> quorum = ids("quorum"), async = ids("async");
        // Leaderless: no primary to plot, no log for a replica to lag behind.
        for (const char* id : {"lag_ms", "lag_ops", "primary"}) {
            QVERIFY2(!quorum.count(id), id);
            QVERIFY2(async.count(id), id);
        }
        for (const char* id : {"latency", "stale", "lost", "linearizable", "throughput"}) QVERIFY2(quorum.count(id), id);
    }

    void refuses_impossible_settings() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        Settings s = lab->default_settings();
        s.set("replication", "quorum");
        s.set("quorum_r", "4");
        const QString msg = input_error([&] { lab->create(s, 1); });
        QVERIFY2(msg.contains("quorum_r 4") && msg.contains("N = replicas + 1 = 3"), qPrintable(msg));
    }
};

QTEST_GUILESS_MAIN(TestReplicationLive)
#include "test_replication_live.moc"
