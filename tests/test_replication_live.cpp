// The replication lab in live time (threads, 127.0.0.1 sockets, real SQLite files), through the
// RunController as the window and the CLI run it: every node listens on loopback, a short run
// yields the summary fields a person relies on and the history file, and the "promote" fault
// moves the primary. Nothing here depends on how fast the machine is; the lab's behaviour is
// checked in virtual time (test_replication_nodes, test_replication_virtual).
#include <QFile>
#include <QTest>

#include <filesystem>

#include "core/lab/run_controller.h"
#include "labs/register_labs.h"

using namespace archlab;

class TestReplicationLive : public QObject {
    Q_OBJECT
private slots:
    void runs_on_loopback_and_reports() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("replication");
        QVERIFY(lab);
        RunRequest req;
        req.lab = lab;
        req.settings = lab->default_settings();
        req.settings.set("replication", "sync");
        req.settings.set("read_from", "replica");
        req.settings.set("arrival_rps", "100");
        req.settings.set("detect_after_ms", "1000");  // no failover of its own on a busy machine: only the promote
        req.duration = std::chrono::milliseconds(2500);
        req.faults = {FaultEvent::parse("0.8s:promote:replica-1")};
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 5);  // client, monitor, primary, replica-1, replica-2
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        run.wait();

        const nlohmann::json sum = run.summary();
        const QString shown = QString::fromStdString(sum.dump());
        QCOMPARE(sum["time_mode"].get<std::string>(), std::string("live"));
        QVERIFY(!sum.contains("fingerprint"));
        for (const char* field : {"requests", "errors", "throughput_rps", "latency_ms", "stale_read_ratio", "lost_writes",
                                  "replication_lag_ms", "linearizable", "history", "primary_now", "write_latency_ms",
                                  "read_latency_ms"}) {
            QVERIFY2(sum.contains(field), field);
        }
        QVERIFY(sum["requests"].get<std::uint64_t>() > 0);
        QVERIFY(sum["stale_read_ratio"].is_number());
        QVERIFY(sum["lost_writes"].is_number_unsigned());
        QVERIFY(sum["linearizable"].is_boolean() || sum["linearizable"].is_null());
        QVERIFY(sum["linearizability"].contains("check_s"));  // live: the checker has a wall-time budget
        for (const char* p : {"p50", "p99", "max"}) QVERIFY2(sum["replication_lag_ms"].contains(p), p);
        // The monitor acts on its next heartbeat (50 ms), well before the run ends.
        QVERIFY2(sum["primary_now"].get<std::string>() == "replica-1", qPrintable(shown));
        QVERIFY(run.series()->size() >= 4);

        // The history lives in the run's data folder until the controller goes (the CLI copies it
        // into the report before that).
        const std::string history = sum["history"].get<std::string>();
        QFile file(QString::fromStdString(history));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readLine().startsWith("{:process "));
        file.close();
        QVERIFY(std::filesystem::exists(std::filesystem::path(history).parent_path() / "primary.sqlite3"));
    }
};

QTEST_GUILESS_MAIN(TestReplicationLive)
#include "test_replication_live.moc"
