// The sessions lab on the live runtime, driven by the RunController: a short jwt run serves users
// on loopback only, its HTTP front door answers, every forged token is refused; in shared-store
// mode redis-cli's door serves the store's sessions.
#include <QTest>

#include <boost/asio.hpp>

#include "core/lab/run_controller.h"
#include "http_get.h"
#include "input_error.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
const Lab& sessions_lab() {
    static LabRegistry labs = [] {
        LabRegistry r;
        register_all_labs(r);
        return r;
    }();
    return *labs.find("sessions");
}

RunRequest live_request(const std::vector<std::pair<std::string, std::string>>& sets, double seconds) {
    RunRequest req;
    req.lab = &sessions_lab();
    req.settings = req.lab->default_settings();
    for (const auto& [k, v] : sets) req.settings.set(k, v);
    req.duration = from_ms(seconds * 1e3);
    req.time_mode = TimeMode::Live;
    return req;
}

/// One RESP command over a plain loopback socket; the first reply line.
std::string resp_line(std::uint16_t port, const std::string& command) {
    namespace asio = boost::asio;
    try {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::address_v4::loopback(), port});
        asio::write(socket, asio::buffer(command));
        asio::streambuf in;
        asio::read_until(socket, in, "\r\n");
        std::istream text(&in);
        std::string line;
        std::getline(text, line);
        return line;
    } catch (const std::exception& e) {
        return std::string("failed: ") + e.what();
    }
}
}  // namespace

class TestSessionsLive : public QObject {
    Q_OBJECT
private slots:
    void short_live_run() {
        RunController run(live_request({{"session_mode", "jwt"}, {"attack_share", "0.2"}, {"arrival_rps", "300"}}, 3),
                          nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 9);  // client, lb, discovery, node-1..4, store, gateway
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        // The front door: curl's view of the same cluster.
        const auto endpoints = run.endpoints();
        QCOMPARE(endpoints.size(), std::size_t{1});
        QCOMPARE(endpoints[0].protocol, std::string("http"));
        QVERIFY(endpoints[0].address.rfind("http://127.0.0.1:", 0) == 0);
        // Until discovery's first heartbeats reach the balancer it has no node to send to and
        // answers itself (no X-Archlab-Node); on a busy machine that lasts longer, so ask again
        // until a node answers or the run ends.
        std::string reply = http_get(port_of_url(endpoints[0].address), "/?key=user-7");
        while (reply.find("X-Archlab-Node: node-") == std::string::npos && !run.finished()) {
            reply = http_get(port_of_url(endpoints[0].address), "/?key=user-7");
        }
        QVERIFY2(reply.rfind("HTTP/1.1 ", 0) == 0, reply.c_str());
        QVERIFY2(reply.find("X-Archlab-Node: node-") != std::string::npos, reply.c_str());
        run.wait();

        const nlohmann::json sum = run.summary();
        QCOMPARE(sum["time_mode"].get<std::string>(), std::string("live"));
        QCOMPARE(sum["session_mode"].get<std::string>(), std::string("jwt"));
        QVERIFY(sum["requests"].get<std::uint64_t>() > 300);
        QCOMPARE(sum["session_lost"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["forged_tokens"]["sent"].get<std::uint64_t>() > 20);
        QCOMPARE(sum["forged_tokens"]["accepted"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["refused_by_cause"].contains("token-tampered") || sum["refused_by_cause"].contains("token-alg-none"));
        QVERIFY(sum["front_door"]["requests"].get<std::uint64_t>() >= 1);
        QVERIFY(sum.contains("load_skew"));
        QVERIFY(sum["session_lost_ratio"].is_number());
    }

    void shared_store_serves_redis_cli() {
        RunController run(live_request({{"session_mode", "shared-store"}, {"arrival_rps", "200"}}, 1.5), nullptr);
        run.start();
        const auto endpoints = run.endpoints();
        QCOMPARE(endpoints.size(), std::size_t{2});
        QCOMPARE(endpoints[1].protocol, std::string("redis"));
        const auto port = static_cast<std::uint16_t>(std::stoi(endpoints[1].address.substr(10)));
        QCOMPARE(resp_line(port, "*1\r\n$4\r\nPING\r\n"), std::string("+PONG\r"));
        run.wait();
        QVERIFY(run.summary()["logins"].get<std::uint64_t>() > 50);
    }

    void refuses_detection_faster_than_heartbeat() {
        RunController run(live_request({{"heartbeat_ms", "300"}, {"detect_after_ms", "300"}}, 1), nullptr);
        QVERIFY(input_error([&] { run.start(); }).contains("detect_after_ms"));
    }
};

QTEST_GUILESS_MAIN(TestSessionsLive)
#include "test_sessions_live.moc"
