// The load-balancing lab on the live runtime (threads, 127.0.0.1 sockets), through the run
// controller as the CLI and the window run it: every listening socket is on loopback, the HTTP
// front door answers through the same balancer, the strategy switches live, and settings that
// do not fit together are refused with a message naming the knob.
#include <QDir>
#include <QFile>
#include <QTest>

#include <set>

#include "core/lab/run_controller.h"
#include "http_get.h"
#include "input_error.h"
#include "lab_runs.h"
#include "labs/register_labs.h"
#include "loopback_sockets.h"

using namespace archlab;

namespace {

const Lab& lb_lab() { return lab_test::lab("load-balancing"); }
}  // namespace

class TestLbLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        RunRequest req;
        req.lab = &lb_lab();
        req.settings = lb_lab().default_settings();
        req.settings.set("arrival_rps", "300");
        // Generous limits: a busy machine may stall a thread, and this test is not about timing.
        req.settings.set("timeout_ms", "10000");
        req.settings.set("detect_after_ms", "10000");
        req.duration = std::chrono::seconds(3);
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 8);  // client, lb, discovery, node-1..4, gateway
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
#if defined(__linux__)  // the kernel's socket tables: Linux only
        const QStringList v4 = loopback::own_listening_addresses("/proc/self/net/tcp");
        QVERIFY(v4.size() >= 9);  // eight nodes and the front door
        for (const QString& a : v4) QVERIFY2(a.startsWith("0100007F:"), qPrintable(a));  // 127.0.0.1
        QVERIFY(loopback::own_listening_addresses("/proc/self/net/tcp6").isEmpty());
#endif

        // The front door: curl's view of the same cluster.
        const auto endpoints = run.endpoints();
        QCOMPARE(endpoints.size(), std::size_t{1});
        QCOMPARE(endpoints[0].protocol, std::string("http"));
        const std::string reply = http_get(port_of_url(endpoints[0].address), "/?key=user-7");
        QVERIFY2(reply.rfind("HTTP/1.1 200", 0) == 0, reply.c_str());
        QVERIFY2(reply.find("X-Archlab-Node: node-") != std::string::npos, reply.c_str());

        QVERIFY(run.apply_live("strategy", KnobValue(std::string("power-of-two"))));
        QVERIFY(!run.apply_live("nodes", KnobValue(8LL)));
        run.wait();
        const nlohmann::json sum = run.summary();
        QCOMPARE(sum["time_mode"].get<std::string>(), std::string("live"));
        QCOMPARE(sum["strategy"].get<std::string>(), std::string("power-of-two"));
        QVERIFY(sum["requests"].get<std::uint64_t>() > 300);
        QCOMPARE(sum["errors"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["errors_by_cause"].empty());
        QVERIFY(sum["detection_delay_ms"].is_null());
        QVERIFY(sum["front_door"]["responses"].get<std::uint64_t>() >= 1);
        QVERIFY(!sum.contains("fingerprint"));
        QCOMPARE(sum["per_node"].size(), 4u);
        std::uint64_t total = 0;
        for (const auto& n : sum["per_node"]) {
            QVERIFY(n["requests"].get<std::uint64_t>() > 0);
            total += n["requests"].get<std::uint64_t>();
        }
        QCOMPARE(total, sum["ok"].get<std::uint64_t>());
        QVERIFY(run.series()->size() > 4);
    }

    void refuses_settings_that_do_not_fit() {
        const Lab& lab = lb_lab();
        const auto refused = [&lab](const Settings& s) {
            RunRequest req;
            req.lab = &lab;
            req.settings = s;
            return input_error([&] { RunController(req, nullptr).start(); });
        };
        Settings s = lab.default_settings();
        s.set("nodes", "3");
        s.set("slow_node", "node-5");
        QVERIFY(refused(s).contains("slow_node"));
        s.set("slow_node", "none");
        s.set("weights", "3,1,1,1");
        QVERIFY(refused(s).contains("weights '3,1,1,1': 4 weights for 3 nodes"));
        s.set("weights", "equal");
        s.set("heartbeat_ms", "500");
        s.set("detect_after_ms", "400");
        QVERIFY(refused(s).contains("detect_after_ms"));
        s.set("detect_after_ms", "1000");
        s.set("nodes", "1000");  // fine in virtual time, too many threads and sockets live
        const QString live = refused(s);
        QVERIFY2(live.contains("nodes=1000") && live.contains("virtual"), qPrintable(live));
    }
};

QTEST_GUILESS_MAIN(TestLbLive)
#include "test_lb_live.moc"
