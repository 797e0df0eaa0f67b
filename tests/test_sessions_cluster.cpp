// The sessions lab's nodes on the deterministic simulated runtime: where the session lives
// decides what a balancer and a dead node do to it, as the client measures.
#include <QTest>

#include "core/runtime/sim_runtime.h"
#include "labs/sessions/session_run.h"
#include "labs/sessions/session_topology.h"
#include "labs/sessions/user_picker.h"

using namespace archlab;
using namespace archlab::sessions;

namespace {
struct SimCluster {
    std::shared_ptr<SessionConfig> cfg = std::make_shared<SessionConfig>();
    std::shared_ptr<SessionMetrics> m;
    std::shared_ptr<lb::BalancerConfig> balancer;
    std::unique_ptr<SimRuntime> rt;

    void build(SessionMode mode, const std::string& strategy = "round-robin") {
        cfg->mode = mode;
        m = std::make_shared<SessionMetrics>(cfg->nodes);
        balancer = make_session_balancer(*cfg, strategy);
        rt = std::make_unique<SimRuntime>(1, std::chrono::microseconds(50));
        add_session_nodes(*rt, cfg, m, balancer, std::make_shared<lb::BalancerWatch>(cfg->nodes));
        rt->start();
    }
    nlohmann::json summary() const { return session_summary(*m, to_s(rt->now())); }
    double lost_ratio() const { return summary()["session_lost_ratio"].get<double>(); }
    QString text() const { return QString::fromStdString(summary().dump()); }
};
}  // namespace

class TestSessionsCluster : public QObject {
    Q_OBJECT
private slots:
    void local_with_round_robin_loses_most() {
        SimCluster c;
        c.build(SessionMode::Local);
        c.rt->run_for(std::chrono::seconds(10));
        // 4 nodes: the next request lands on the login's node about 1 time in 4.
        QVERIFY2(c.lost_ratio() > 0.6 && c.lost_ratio() < 0.85, qPrintable(c.text()));
        QCOMPARE(c.m->errors.value(), 0u);
    }

    void local_with_consistent_hash_loses_none() {
        SimCluster c;
        c.build(SessionMode::Local, "consistent-hash");  // the user is the key: same node every time
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->session_lost.value(), 0u);
        QCOMPARE(c.m->logins.value(), std::uint64_t(c.cfg->users));
    }

    void local_with_one_node_loses_none() {
        SimCluster c;
        c.cfg->nodes = 1;
        c.build(SessionMode::Local);
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->session_lost.value(), 0u);
        QVERIFY(c.m->browses_ok.value() > 500);
    }

    void sticky_loses_none_until_its_node_dies() {
        SimCluster c;
        c.build(SessionMode::Sticky);
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->session_lost.value(), 0u);
        QVERIFY(c.m->browses_ok.value() > 500);
        QCOMPARE(c.m->logins.value(), std::uint64_t(c.cfg->users));  // each user logged in exactly once
        c.rt->kill(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::seconds(5));
        // node-2's users (a quarter) lose their session once, then log in elsewhere.
        const auto lost = c.m->session_lost.value();
        QVERIFY2(lost > 30 && lost < 75, qPrintable(c.text()));
        c.rt->run_for(std::chrono::seconds(3));
        QCOMPARE(c.m->session_lost.value(), lost);
    }

    void shared_store_loses_none_when_an_app_node_dies() {
        SimCluster c;
        c.build(SessionMode::SharedStore);
        c.rt->run_for(std::chrono::seconds(3));
        c.rt->kill(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->session_lost.value(), 0u);
        QCOMPARE(c.m->logins.value(), std::uint64_t(c.cfg->users));
        QVERIFY(c.m->errors.value() > 0);  // requests sent to node-2 before discovery noticed
        QVERIFY(c.m->browses_ok.value() > 1000);
    }

    void a_dead_node_serves_nothing_its_timeouts_are_its_errors() {
        SimCluster c;
        c.build(SessionMode::SharedStore);
        c.rt->run_for(std::chrono::seconds(3));
        c.rt->kill(c.rt->lookup("node-2"));
        const auto served_at_kill = c.m->node_requests[1].value();
        c.rt->run_for(std::chrono::seconds(5));
        // lb's 504s name node-2 but node-2 made none of them: at most the answers already on
        // their way when it died may still arrive.
        const auto served_after = c.m->node_requests[1].value() - served_at_kill;
        QVERIFY2(served_after <= 8, qPrintable(c.text()));
        QVERIFY2(c.m->node_errors[1].value() > 20, qPrintable(c.text()));
        QCOMPARE(c.m->node_errors[1].value(), c.m->errors.value());  // every error was node-2's
        const auto per_node = c.summary()["per_node"];
        QCOMPARE(per_node[1]["errors"].get<std::uint64_t>(), c.m->node_errors[1].value());
        QCOMPARE(per_node[0]["errors"].get<std::uint64_t>(), 0u);
    }

    void store_replies_are_read_as_redis_writes_them() {
        QCOMPARE(resp_command({"GET", "s1"}), std::string("*2\r\n$3\r\nGET\r\n$2\r\ns1\r\n"));
        QVERIFY(read_store_reply("+OK\r\n").kind == StoreAnswer::Kind::ok);
        QVERIFY(read_store_reply("$-1\r\n").kind == StoreAnswer::Kind::missing);
        const StoreAnswer v = read_store_reply("$2\r\n42\r\n");
        QVERIFY(v.kind == StoreAnswer::Kind::ok);
        QCOMPARE(v.value, std::string("42"));
        for (const char* bad : {"", "$5\r\n42\r\n", "$2\r\n42", "-ERR cache node is down\r\n", ":1\r\n", "$x\r\n\r\n"}) {
            QVERIFY2(read_store_reply(bad).kind == StoreAnswer::Kind::error, bad);
        }
    }

    void shared_store_keeps_sessions_as_redis_keys() {
        // The store node runs the RESP commands the app nodes send on a Redis-style store: one
        // key per session, its value the user; GET through the same executor finds it.
        SimCluster c;
        c.cfg->mode = SessionMode::SharedStore;
        c.m = std::make_shared<SessionMetrics>(c.cfg->nodes);
        c.balancer = make_session_balancer(*c.cfg, "round-robin");
        c.rt = std::make_unique<SimRuntime>(1, std::chrono::microseconds(50));
        SimRuntime* rt = c.rt.get();
        const SessionStorePtr store = make_session_store([rt] { return rt->now(); });
        add_session_nodes(*c.rt, c.cfg, c.m, c.balancer, std::make_shared<lb::BalancerWatch>(c.cfg->nodes), store);
        c.rt->start();
        c.rt->run_for(std::chrono::seconds(3));
        const auto keys = store->locked([](cache::CacheStore& s, Nanos) { return s.stats().keys; });
        QCOMPARE(keys, c.m->logins.value());  // one key per login the client saw succeed
        QVERIFY(keys > 150);
        QCOMPARE(c.m->session_lost.value(), 0u);
        c.rt->kill(c.rt->lookup("store"));
        c.rt->restart(c.rt->lookup("store"));
        QCOMPARE(store->locked([](cache::CacheStore& s, Nanos) { return s.stats().keys; }), std::uint64_t(0));
    }

    void shared_store_loses_everything_with_the_store() {
        SimCluster c;
        c.build(SessionMode::SharedStore);
        c.rt->run_for(std::chrono::seconds(3));
        c.rt->kill(c.rt->lookup("store"));
        c.rt->run_for(std::chrono::seconds(1));
        QVERIFY(c.summary()["errors_by_cause"]["store-unavailable"].get<std::uint64_t>() > 50);
        c.rt->restart(c.rt->lookup("store"));
        c.rt->run_for(std::chrono::seconds(5));
        // The store came back empty: every user who browses finds no session and logs in again.
        QVERIFY2(c.m->session_lost.value() > 150, qPrintable(c.text()));
        QVERIFY(c.m->logins.value() > std::uint64_t(c.cfg->users) + 150);
    }

    void jwt_loses_none_and_refuses_every_forgery() {
        SimCluster c;
        c.cfg->attack_share = 0.1;
        c.build(SessionMode::Jwt);
        c.rt->run_for(std::chrono::seconds(3));
        c.rt->kill(c.rt->lookup("node-2"));
        c.rt->run_for(std::chrono::seconds(5));
        QCOMPARE(c.m->session_lost.value(), 0u);
        QVERIFY(c.m->attacks_sent.value() > 100);
        QCOMPARE(c.m->attacks_accepted.value(), 0u);
        // Every forgery that reached a node was refused; the others died with node-2 (errors).
        QVERIFY(c.m->attacks_refused.value() + c.m->errors.value() >= c.m->attacks_sent.value());
        QVERIFY(c.m->attacks_refused.value() > c.m->attacks_sent.value() * 9 / 10);
        const auto refused = c.m->refused_by_cause.snapshot();
        QVERIFY(refused.at("token-tampered") > 40);
        QVERIFY(refused.at("token-alg-none") > 40);
    }

    void user_picker_shares() {
        std::mt19937_64 rng(3);
        const int n = 100000;
        std::vector<int> uniform(10, 0), zipf(10, 0);
        const UserPicker flat(10, 0.0), skewed(10, 1.0);
        for (int i = 0; i < n; ++i) {
            ++uniform[flat.pick(rng)];
            ++zipf[skewed.pick(rng)];
        }
        for (int c : uniform) QVERIFY(std::abs(c / double(n) - 0.1) < 0.005);
        double harmonic = 0.0;
        for (int k = 1; k <= 10; ++k) harmonic += 1.0 / k;
        for (int k = 1; k <= 10; ++k) {  // rank k asks in proportion to 1/k
            QVERIFY2(std::abs(zipf[k - 1] / double(n) - 1.0 / (k * harmonic)) < 0.005, qPrintable(QString::number(k)));
        }
    }

    void stickiness_skews_load_when_some_users_are_busy() {
        auto skew = [](SessionMode mode) {
            SimCluster c;
            c.cfg->user_skew = 1.2;
            c.build(mode);
            c.rt->run_for(std::chrono::seconds(10));
            return c.summary()["load_skew"].get<double>();
        };
        const double sticky = skew(SessionMode::Sticky), shared = skew(SessionMode::SharedStore);
        const QString msg = QString("sticky %1, shared-store %2").arg(sticky).arg(shared);
        QVERIFY2(sticky > 1.5, qPrintable(msg));   // busy users stay on their node
        QVERIFY2(shared < 1.05, qPrintable(msg));  // round robin spreads every request
    }

    void jwt_expired_tokens_are_refused_and_users_log_in_again() {
        SimCluster c;
        c.cfg->token_ttl_s = 2;
        c.cfg->attack_share = 0.0;
        c.build(SessionMode::Jwt);
        c.rt->run_for(std::chrono::seconds(7));
        const auto refused = c.m->refused_by_cause.snapshot();
        QVERIFY2(refused.count("token-expired") && refused.at("token-expired") >= std::uint64_t(c.cfg->users),
                 qPrintable(c.text()));
        QVERIFY(c.m->logins.value() >= 2u * c.cfg->users);
    }
};

QTEST_GUILESS_MAIN(TestSessionsCluster)
#include "test_sessions_cluster.moc"
