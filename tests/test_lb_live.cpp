// The load-balancing lab on the live runtime (threads, 127.0.0.1 sockets): a short run through
// the lab registry produces answers from every node, switches strategy live, and refuses
// settings that do not fit together with a message naming the knob.
#include <QTest>

#include <thread>

#include "http_get.h"
#include "input_error.h"
#include "labs/register_labs.h"

using namespace archlab;

class TestLbLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("load-balancing");
        QVERIFY(lab);
        Settings s = lab->default_settings();
        s.set("arrival_rps", "300");
        // Generous limits: a busy machine may stall a thread, and this test is not about timing.
        s.set("timeout_ms", "10000");
        s.set("detect_after_ms", "10000");
        auto run = lab->create(s, 1);
        run->start();
        Runtime& rt = run->runtime();
        QCOMPARE(int(rt.node_count()), 8);  // client, lb, discovery, node-1..4, gateway
        for (NodeIndex i = 0; i < rt.node_count(); ++i) {
            QVERIFY2(QString::fromStdString(rt.endpoint(i)).startsWith("127.0.0.1:"), rt.endpoint(i).c_str());
        }
        std::vector<double> values(run->series_columns().size());
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     run->sample(to_s(rt.now()), values);
                                     return run->summary()["requests"].get<std::uint64_t>() > 200;
                                 }()),
                                 20000);

        // The front door: curl's view of the same cluster.
        const auto endpoints = run->endpoints();
        QCOMPARE(endpoints.size(), std::size_t{1});
        QCOMPARE(endpoints[0].protocol, std::string("http"));
        const std::string reply = http_get(port_of_url(endpoints[0].address), "/?key=user-7");
        QVERIFY2(reply.rfind("HTTP/1.1 200", 0) == 0, reply.c_str());
        QVERIFY2(reply.find("X-Archlab-Node: node-") != std::string::npos, reply.c_str());
        QVERIFY(run->apply_live("strategy", KnobValue(std::string("power-of-two"))));
        QVERIFY(!run->apply_live("strategy", KnobValue(std::string("fastest"))));
        QVERIFY(!run->apply_live("nodes", KnobValue(8LL)));
        QTRY_VERIFY_WITH_TIMEOUT(run->summary()["requests"].get<std::uint64_t>() > 300, 20000);
        run->stop();
        const nlohmann::json sum = run->summary();
        QCOMPARE(sum["strategy"].get<std::string>(), std::string("power-of-two"));
        QCOMPARE(sum["errors"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["errors_by_cause"].empty());
        QVERIFY(sum["detection_delay_ms"].is_null());
        QCOMPARE(sum["per_node"].size(), 4u);
        std::uint64_t total = 0;
        for (const auto& n : sum["per_node"]) {
            QVERIFY(n["requests"].get<std::uint64_t>() > 0);
            total += n["requests"].get<std::uint64_t>();
        }
        QCOMPARE(total, sum["ok"].get<std::uint64_t>());
    }

    void refuses_settings_that_do_not_fit() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("load-balancing");
        Settings s = lab->default_settings();
        s.set("nodes", "3");
        s.set("slow_node", "node-5");
        QVERIFY(input_error([&] { lab->create(s, 1); }).contains("slow_node"));
        s.set("slow_node", "none");
        s.set("weights", "3,1,1,1");
        QVERIFY(input_error([&] { lab->create(s, 1); }).contains("weights '3,1,1,1': 4 weights for 3 nodes"));
        s.set("weights", "equal");
        s.set("heartbeat_ms", "500");
        s.set("detect_after_ms", "400");
        QVERIFY(input_error([&] { lab->create(s, 1); }).contains("detect_after_ms"));
    }
};

QTEST_GUILESS_MAIN(TestLbLive)
#include "test_lb_live.moc"
