// The sessions lab on the live runtime: a short jwt run through the lab registry serves users
// on loopback, refuses every forged token, and writes the summary fields the lab promises.
#include <QTest>

#include "http_get.h"
#include "input_error.h"
#include "labs/register_labs.h"

using namespace archlab;

class TestSessionsLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("sessions");
        QVERIFY(lab);
        Settings s = lab->default_settings();
        s.set("session_mode", "jwt");
        s.set("attack_share", "0.2");
        s.set("arrival_rps", "300");
        auto run = lab->create(s, 1);
        run->start();
        Runtime& rt = run->runtime();
        QCOMPARE(int(rt.node_count()), 9);  // client, lb, discovery, node-1..4, store, gateway
        for (NodeIndex i = 0; i < rt.node_count(); ++i) {
            QVERIFY2(QString::fromStdString(rt.endpoint(i)).startsWith("127.0.0.1:"), rt.endpoint(i).c_str());
        }
        std::vector<double> values(run->series_columns().size());
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     run->sample(to_s(rt.now()), values);
                                     return run->summary()["forged_tokens"]["sent"].get<std::uint64_t>() > 20;
                                 }()),
                                 20000);

        // The front door: curl's view of the same cluster.
        const auto endpoints = run->endpoints();
        QCOMPARE(endpoints.size(), std::size_t{1});
        QCOMPARE(endpoints[0].protocol, std::string("http"));
        const std::string reply = http_get(port_of_url(endpoints[0].address), "/?key=user-7");
        QVERIFY2(reply.rfind("HTTP/1.1 ", 0) == 0, reply.c_str());
        QVERIFY2(reply.find("X-Archlab-Node: node-") != std::string::npos, reply.c_str());
        run->stop();
        const nlohmann::json sum = run->summary();
        QCOMPARE(sum["session_mode"].get<std::string>(), std::string("jwt"));
        QCOMPARE(sum["session_lost"].get<std::uint64_t>(), 0u);
        QCOMPARE(sum["forged_tokens"]["accepted"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["refused_by_cause"].contains("token-tampered") || sum["refused_by_cause"].contains("token-alg-none"));
        QVERIFY(sum.contains("load_skew"));
        QVERIFY(sum["session_lost_ratio"].is_number());
    }

    void refuses_detection_faster_than_heartbeat() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("sessions");
        Settings s = lab->default_settings();
        s.set("heartbeat_ms", "300");
        s.set("detect_after_ms", "300");
        QVERIFY(input_error([&] { lab->create(s, 1); }).contains("detect_after_ms"));
    }
};

QTEST_GUILESS_MAIN(TestSessionsLive)
#include "test_sessions_live.moc"
