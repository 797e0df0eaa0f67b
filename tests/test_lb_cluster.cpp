// The load-balancing lab's nodes on the deterministic simulated runtime: client -> lb -> node-1..N
// with discovery, exactly as the live lab wires them. Shares are what the client saw answer;
// discovery's removal is timed on the manual clock.
#include <QTest>

#include <functional>
#include <map>
#include <set>

#include "core/lb/balancer_node.h"
#include "core/lb/discovery_node.h"
#include "core/net/web_message.h"
#include "core/runtime/sim_runtime.h"
#include "labs/load_balancing/lb_app_node.h"
#include "labs/load_balancing/lb_client_node.h"
#include "labs/load_balancing/lb_topology.h"

using namespace archlab;
using namespace archlab::lblab;

namespace {
/// The lab's cluster on the simulated runtime.
struct SimCluster {
    std::shared_ptr<LbLabConfig> cfg = std::make_shared<LbLabConfig>();
    std::shared_ptr<LbMetrics> m;
    std::shared_ptr<lb::BalancerConfig> balancer;
    std::shared_ptr<lb::BalancerWatch> watch;
    std::unique_ptr<SimRuntime> rt;

    /// extra: adds test nodes before the cluster starts.
    void build(const std::string& strategy, std::function<void(Runtime&)> extra = {}, std::uint64_t seed = 1) {
        m = std::make_shared<LbMetrics>(cfg->nodes);
        balancer = make_balancer_config(*cfg, strategy);
        watch = std::make_shared<lb::BalancerWatch>(cfg->nodes);
        rt = std::make_unique<SimRuntime>(seed, std::chrono::microseconds(50));
        add_lb_nodes(*rt, cfg, m, balancer, watch);
        if (extra) extra(*rt);
        rt->start();
    }
    double share(int node) const {
        std::uint64_t total = 0;
        for (const auto& c : m->node_requests) total += c.value();
        return double(m->node_requests[node - 1].value()) / double(total);
    }
    QString shares() const {
        QString s;
        for (int i = 1; i <= cfg->nodes; ++i) s += QString(" node-%1=%2").arg(i).arg(share(i), 0, 'f', 3);
        return s;
    }
};

/// A user who keeps their cookies, asking lb one request at a time and noting who answered.
class CookieUser : public Node {
public:
    explicit CookieUser(std::vector<std::string>* served) : served_(served) {}
    void start(Context& ctx) override { ctx.set_timer(std::chrono::milliseconds(300), 0); }
    void on_timer(Context& ctx, std::uint64_t) override {
        net::WebRequest r;
        r.cookie = cookie_;
        ctx.send(ctx.lookup("lb"), net::kWebRequest, ++id_, net::encode(r));
    }
    void on_message(Context& ctx, const Message& msg) override {
        auto resp = net::decode_web_response(msg.body);
        if (!resp || msg.id != id_) return;
        if (!resp->set_cookie.empty()) cookie_ = resp->set_cookie.substr(0, resp->set_cookie.find(';'));
        served_->push_back(resp->node);
        ctx.set_timer(std::chrono::milliseconds(10), 0);
    }

private:
    std::vector<std::string>* served_;
    std::string cookie_;
    std::uint64_t id_ = 0;
};
}  // namespace

class TestLbCluster : public QObject {
    Q_OBJECT
private slots:
    void round_robin_shares_are_exact() {
        SimCluster c;
        c.build("round-robin");
        c.rt->run_for(std::chrono::seconds(10));
        QCOMPARE(c.m->errors.value(), 0u);
        QVERIFY(c.m->ok.value() > 1500);
        std::uint64_t lo = UINT64_MAX, hi = 0;
        for (const auto& n : c.m->node_requests) {
            lo = std::min(lo, n.value());
            hi = std::max(hi, n.value());
        }
        QVERIFY2(hi - lo <= 1, qPrintable(c.shares()));
    }

    void slow_node_avoided_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("max_share");
        QTest::addColumn<double>("min_share");
        QTest::newRow("round-robin does not avoid it") << "round-robin" << 0.26 << 0.24;
        QTest::newRow("least-connections") << "least-connections" << 0.15 << 0.0;
        QTest::newRow("least-response-time") << "least-response-time" << 0.10 << 0.0;
        QTest::newRow("power-of-two") << "power-of-two" << 0.18 << 0.0;
    }
    void slow_node_avoided() {
        QFETCH(QString, strategy);
        QFETCH(double, max_share);
        QFETCH(double, min_share);
        SimCluster c;
        c.cfg->slow_node = "node-2";
        c.cfg->slow_factor = 10;
        c.build(strategy.toStdString());
        c.rt->run_for(std::chrono::seconds(20));
        QCOMPARE(c.m->errors.value(), 0u);
        const double s2 = c.share(2);
        QVERIFY2(s2 < max_share && s2 >= min_share, qPrintable(strategy + c.shares()));
    }

    void weighted_round_robin_follows_weights() {
        SimCluster c;
        c.build("weighted-round-robin");
        c.balancer->weights = {{"node-1", 3}};
        c.rt->run_for(std::chrono::seconds(10));
        QVERIFY2(std::abs(c.share(1) - 0.5) < 0.005, qPrintable(c.shares()));
        for (int i = 2; i <= 4; ++i) QVERIFY2(std::abs(c.share(i) - 1.0 / 6.0) < 0.005, qPrintable(c.shares()));
    }

    void strategy_switches_live() {
        SimCluster c;
        c.cfg->slow_node = "node-2";
        c.build("round-robin");
        c.rt->run_for(std::chrono::seconds(5));
        const std::uint64_t before = c.m->node_requests[1].value();
        QVERIFY(c.share(2) > 0.24);
        c.balancer->set_strategy("least-response-time");
        c.rt->run_for(std::chrono::seconds(5));
        const std::uint64_t after = c.m->node_requests[1].value() - before;
        QVERIFY2(after < before / 5, qPrintable(QString("%1 then %2").arg(before).arg(after)));
        QCOMPARE(c.m->errors.value(), 0u);  // requests in flight at the switch finished on their node
    }

    void sticky_keeps_each_user_on_one_node() {
        SimCluster c;
        c.cfg->arrival_rps = 1;  // the lab's own client stays nearly idle
        std::vector<std::vector<std::string>> served(6);
        c.build("sticky", [&served](Runtime& rt) {
            for (std::size_t u = 0; u < served.size(); ++u) {
                auto* log = &served[u];
                rt.add_node({"user-" + std::to_string(u), "client", 0, [log] { return std::make_unique<CookieUser>(log); }});
            }
        });
        c.rt->run_for(std::chrono::seconds(3));
        std::set<std::string> homes;
        for (const auto& log : served) {
            QVERIFY(log.size() > 100);
            QCOMPARE(std::set<std::string>(log.begin(), log.end()).size(), 1u);
            homes.insert(log.front());
        }
        QCOMPARE(homes.size(), 4u);  // new users were spread round robin over all four
    }

    void discovery_removes_a_silent_node_after_detect_after() {
        SimCluster c;
        c.cfg->heartbeat = std::chrono::milliseconds(100);
        c.cfg->detect_after = std::chrono::milliseconds(500);
        c.build("round-robin");
        c.rt->run_for(std::chrono::milliseconds(2030));
        QCOMPARE(c.m->errors.value(), 0u);
        const Nanos killed = c.rt->now();
        c.rt->kill(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::milliseconds(300));
        for (const auto& ch : c.watch->changes()) QVERIFY(ch.alive);  // not before detect_after - heartbeat
        c.rt->run_for(std::chrono::milliseconds(1000));
        std::vector<lb::MembershipChange> removed;
        for (const auto& ch : c.watch->changes()) {
            if (!ch.alive) removed.push_back(ch);
        }
        QCOMPARE(removed.size(), 1u);
        QCOMPARE(removed[0].node, std::string("node-2"));
        // The last heartbeat came at most one interval before the kill; removal follows detect_after
        // later, within discovery's check step and the link delays.
        const double delay_ms = to_ms(removed[0].at - killed);
        QVERIFY2(delay_ms > 400 - 1 && delay_ms < 500 + 15, qPrintable(QString::number(delay_ms)));
        // Errors stop once it is out: none after removal plus the balancer's timeout.
        c.rt->run_for(std::chrono::milliseconds(600));
        const auto settled = c.m->errors.value();
        QVERIFY(settled > 0);
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m->errors.value(), settled);

        // A restarted node registers again and gets its share back.
        c.rt->restart(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::milliseconds(100));
        QVERIFY(c.watch->changes().back().alive);
        QCOMPARE(c.watch->changes().back().node, std::string("node-2"));
        const auto served_before = c.m->node_requests[1].value();
        c.rt->run_for(std::chrono::seconds(2));
        QVERIFY(c.m->node_requests[1].value() - served_before > 50);
        QCOMPARE(c.m->errors.value(), settled);
    }

    void consistent_hash_moves_only_the_dead_nodes_users() {
        SimCluster c;
        c.build("consistent-hash");
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->user_moves.value(), 0u);  // every user keeps their node
        c.rt->kill(c.rt->lookup("node-3"));
        c.rt->run_for(std::chrono::seconds(5));
        // node-3's users (about a quarter of 500) move once each, nobody else.
        const auto moved = c.m->user_moves.value();
        QVERIFY2(moved > 70 && moved < 180, qPrintable(QString::number(moved)));

        SimCluster rr;
        rr.cfg->users = 50;  // each user asks often, so a move can show on most answers
        rr.build("round-robin");
        rr.rt->run_for(std::chrono::seconds(5));
        // Without affinity a user's next request lands elsewhere about 3 times in 4.
        QVERIFY2(rr.m->user_moves.value() > rr.m->ok.value() / 2,
                 qPrintable(QString("%1 of %2").arg(rr.m->user_moves.value()).arg(rr.m->ok.value())));
    }

    void without_discovery_every_pool_node_serves() {
        // A balancer alone in front of app nodes (no discovery node in the cluster).
        auto cfg = std::make_shared<LbLabConfig>();
        auto m = std::make_shared<LbMetrics>(cfg->nodes);
        auto balancer = make_balancer_config(*cfg, "round-robin");
        auto watch = std::make_shared<lb::BalancerWatch>(cfg->nodes);
        SimRuntime rt(1, std::chrono::microseconds(50));
        rt.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<LbClientNode>(cfg, m); }});
        rt.add_node({"lb", "lb", 0, [balancer, watch] { return std::make_unique<lb::BalancerNode>(balancer, watch); }});
        for (int i = 1; i <= cfg->nodes; ++i) {
            rt.add_node({app_node_id(i), "app", 4, [cfg] { return std::make_unique<LbAppNode>(cfg); }});
        }
        rt.start();
        rt.run_for(std::chrono::seconds(3));
        QCOMPARE(m->errors.value(), 0u);
        for (const auto& n : m->node_served) QVERIFY(n.value() > 100);
    }

    void no_alive_node_answers_503() {
        SimCluster c;
        c.cfg->nodes = 2;
        c.build("random");
        c.rt->run_for(std::chrono::seconds(1));
        c.rt->kill(c.rt->lookup("node-1"));
        c.rt->kill(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::seconds(3));
        const auto causes = c.m->errors_by_cause();
        QVERIFY(causes.count("no-alive-node") && causes.at("no-alive-node") > 100);
        QVERIFY(causes.count("timeout"));  // those sent before discovery noticed
    }
};

QTEST_GUILESS_MAIN(TestLbCluster)
#include "test_lb_cluster.moc"
