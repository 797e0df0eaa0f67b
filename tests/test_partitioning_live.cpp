// The partitioning lab in live time (threads, 127.0.0.1 sockets, real SQLite files), through the
// RunController as the window and the CLI run it: every node listens on loopback, a short run
// with a shard added moves keys and audits clean. Nothing here depends on how fast the machine
// is (the vertical layout: its calls are counted per request, not timed); the lab's behaviour is checked in virtual time (test_partitioning_virtual).
#include <QTest>

#include "lab_runs.h"

using namespace archlab;

class TestPartitioningLive : public QObject {
    Q_OBJECT
private slots:
    void runs_on_loopback_and_audits_clean() {
        RunRequest req = lab_test::request("partitioning", {{"strategy", "jump"}, {"arrival_rps", "200"}}, 2.5,
                                           {"0.8s:add-shard"}, 7, TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 8);  // client, router, shard-1..6
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        run.wait();
        const nlohmann::json s = run.summary();
        const QString shown = QString::fromStdString(s.dump());
        QCOMPARE(s["time_mode"].get<std::string>(), std::string("live"));
        for (const char* field : {"per_shard", "load_skew", "rebalances", "lost_keys", "duplicate_keys", "misplaced_keys",
                                  "scan_fanout_mean", "latency_rebalance_ms"}) {
            QVERIFY2(s.contains(field), field);
        }
        QVERIFY(s["requests"].get<std::uint64_t>() > 0);
        QVERIFY2(s["rebalances"].size() == 1 && s["rebalances"][0]["status"] == "done", qPrintable(shown));
        QVERIFY2(s["rebalances"][0]["keys_moved"].get<int>() > 0, qPrintable(shown));
        QCOMPARE(s["lost_keys"].get<int>(), 0);
        QCOMPARE(s["duplicate_keys"].get<int>(), 0);
        QCOMPARE(s["misplaced_keys"].get<int>(), 0);
        QCOMPARE(s["read_misses"].get<int>(), 0);
    }

    void vertical_services_call_each_other_over_loopback() {
        RunRequest req = lab_test::request("partitioning", {{"layout", "vertical"}, {"arrival_rps", "200"}}, 1.5, {}, 7,
                                           TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 5);  // client, api, users, orders, catalog
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        run.wait();
        const nlohmann::json s = run.summary();
        const QString shown = QString::fromStdString(s.dump());
        QCOMPARE(s["layout"].get<std::string>(), std::string("vertical"));
        QVERIFY2(s["requests_ok"].get<int>() > 0, qPrintable(shown));
        // Each answered request's calls are counted exactly, whatever the machine's speed.
        const auto& t = s["requests_by_type"];
        const std::pair<const char*, double> expected[] = {{"get-user", 0}, {"get-product", 0}, {"place-order", 2}, {"order-history", 1}};
        for (const auto& [type, calls] : expected) {
            if (t[type]["ok"].get<int>() == 0) continue;
            QVERIFY2(t[type]["cross_service_calls_per_request"].get<double>() == calls, qPrintable(shown));
        }
        QCOMPARE(s["per_service"].size(), std::size_t{3});
    }
};

QTEST_GUILESS_MAIN(TestPartitioningLive)
#include "test_partitioning_live.moc"
