// The sessions lab built as the framework builds it (Lab::build on a simulated runtime, virtual
// time): where the session lives decides what a balancer and a dead node do to it, as the
// client measures. Deterministic: the bounds below hold on any machine under any load.
#include <QTemporaryDir>
#include <QTest>

#include "core/runtime/sim_runtime.h"
#include "labs/sessions/session_lab.h"
#include "labs/sessions/session_run.h"
#include "labs/sessions/user_picker.h"

using namespace archlab;
using namespace archlab::sessions;

namespace {
using Sets = std::initializer_list<std::pair<std::string, std::string>>;

/// One run of the lab on a SimRuntime the test steps by hand.
class SimLab {
public:
    explicit SimLab(const Sets& sets, std::uint64_t seed = 1) : sim_(seed, Nanos(0)) {
        static const SessionsLab lab;
        Settings settings = lab.default_settings();
        for (const auto& [k, v] : sets) settings.set(k, v);
        run_ = lab.build(RunEnv{sim_, TimeMode::Virtual, seed, dir_.path().toStdString()}, settings);
        session_ = dynamic_cast<SessionRun*>(run_.get());
        sim_.start();
        run_->started();
    }
    ~SimLab() { sim_.stop(); }

    void run_for(double seconds) { sim_.run_for(from_ms(seconds * 1e3)); }
    void kill(const std::string& node) { sim_.kill(sim_.lookup(node)); }
    void restart(const std::string& node) { sim_.restart(sim_.lookup(node)); }
    const SessionMetrics& m() const { return session_->metrics(); }
    SessionRun& run() { return *session_; }
    int users() const { return session_->config().users; }
    nlohmann::json summary() const { return run_->summary(); }
    double lost_ratio() const { return summary()["session_lost_ratio"].get<double>(); }
    QString text() const { return QString::fromStdString(summary().dump()); }

private:
    QTemporaryDir dir_;
    SimRuntime sim_;
    std::unique_ptr<LabRun> run_;
    SessionRun* session_ = nullptr;
};
}  // namespace

class TestSessionsCluster : public QObject {
    Q_OBJECT
private slots:
    void local_with_round_robin_loses_most() {
        SimLab c({{"session_mode", "local"}});
        c.run_for(10);
        // 4 nodes: the next request lands on the login's node about 1 time in 4.
        QVERIFY2(c.lost_ratio() > 0.6 && c.lost_ratio() < 0.85, qPrintable(c.text()));
        QCOMPARE(c.m().errors.value(), 0u);
    }

    void local_loses_the_sessions_of_a_killed_node() {
        // Even with a balancer that keeps each user in place, node memory dies with the node.
        SimLab c({{"session_mode", "local"}, {"strategy", "consistent-hash"}});
        c.run_for(3);
        QCOMPARE(c.m().session_lost.value(), 0u);
        c.kill("node-2");
        c.run_for(5);
        // node-2's users (a quarter) are hashed to another node, which never saw their login.
        const auto lost = c.m().session_lost.value();
        QVERIFY2(lost > 30 && lost < 75, qPrintable(c.text()));
        // Each logs in again once, as soon as they next ask.
        QVERIFY2(c.m().logins.value() <= std::uint64_t(c.users()) + lost, qPrintable(c.text()));
        QVERIFY2(c.m().logins.value() > std::uint64_t(c.users()) + lost * 9 / 10, qPrintable(c.text()));
    }

    void local_with_consistent_hash_loses_none() {
        SimLab c({{"session_mode", "local"}, {"strategy", "consistent-hash"}});  // the user is the key
        c.run_for(5);
        QCOMPARE(c.m().session_lost.value(), 0u);
        QCOMPARE(c.m().logins.value(), std::uint64_t(c.users()));
    }

    void local_with_one_node_loses_none() {
        SimLab c({{"session_mode", "local"}, {"nodes", "1"}});
        c.run_for(5);
        QCOMPARE(c.m().session_lost.value(), 0u);
        QVERIFY(c.m().browses_ok.value() > 500);
    }

    void sticky_loses_none_until_its_node_dies() {
        SimLab c({{"session_mode", "sticky"}});
        c.run_for(5);
        QCOMPARE(c.m().session_lost.value(), 0u);
        QVERIFY(c.m().browses_ok.value() > 500);
        QCOMPARE(c.m().logins.value(), std::uint64_t(c.users()));  // each user logged in exactly once
        c.kill("node-2");
        c.run_for(5);
        // node-2's users (a quarter) lose their session once, then log in elsewhere.
        const auto lost = c.m().session_lost.value();
        QVERIFY2(lost > 30 && lost < 75, qPrintable(c.text()));
        c.run_for(3);
        QCOMPARE(c.m().session_lost.value(), lost);
    }

    void shared_store_loses_none_when_an_app_node_dies() {
        SimLab c({{"session_mode", "shared-store"}});
        c.run_for(3);
        c.kill("node-2");
        c.run_for(5);
        QCOMPARE(c.m().session_lost.value(), 0u);
        QCOMPARE(c.m().logins.value(), std::uint64_t(c.users()));
        QVERIFY(c.m().errors.value() > 0);  // requests sent to node-2 before discovery noticed
        QVERIFY(c.m().browses_ok.value() > 1000);
    }

    void a_dead_node_serves_nothing_its_timeouts_are_its_errors() {
        SimLab c({{"session_mode", "shared-store"}});
        c.run_for(3);
        c.kill("node-2");
        const auto served_at_kill = c.m().node_requests[1].value();
        c.run_for(5);
        // lb's 504s name node-2 but node-2 made none of them: at most the answers already on
        // their way when it died may still arrive.
        const auto served_after = c.m().node_requests[1].value() - served_at_kill;
        QVERIFY2(served_after <= 8, qPrintable(c.text()));
        QVERIFY2(c.m().node_errors[1].value() > 20, qPrintable(c.text()));
        QCOMPARE(c.m().node_errors[1].value(), c.m().errors.value());  // every error was node-2's
        const auto per_node = c.summary()["per_node"];
        QCOMPARE(per_node[1]["errors"].get<std::uint64_t>(), c.m().node_errors[1].value());
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
        SimLab c({{"session_mode", "shared-store"}});
        c.run_for(3);
        const SessionStorePtr& store = c.run().store();
        const auto keys = store->locked([](cache::CacheStore& s, Nanos) { return s.stats().keys; });
        QCOMPARE(keys, c.m().logins.value());  // one key per login the client saw succeed
        QVERIFY(keys > 150);
        QCOMPARE(c.m().session_lost.value(), 0u);
        c.kill("store");
        c.restart("store");
        QCOMPARE(store->locked([](cache::CacheStore& s, Nanos) { return s.stats().keys; }), std::uint64_t(0));
    }

    void shared_store_loses_everything_with_the_store() {
        SimLab c({{"session_mode", "shared-store"}});
        c.run_for(3);
        c.kill("store");
        c.run_for(1);
        QVERIFY(c.summary()["errors_by_cause"]["store-unavailable"].get<std::uint64_t>() > 50);
        c.restart("store");
        c.run_for(5);
        // The store came back empty: every user who browses finds no session and logs in again.
        QVERIFY2(c.m().session_lost.value() > 150, qPrintable(c.text()));
        QVERIFY(c.m().logins.value() > std::uint64_t(c.users()) + 150);
    }

    void jwt_loses_none_and_refuses_every_forgery() {
        SimLab c({{"session_mode", "jwt"}, {"attack_share", "0.1"}});
        c.run_for(3);
        c.kill("node-2");
        c.run_for(5);
        QCOMPARE(c.m().session_lost.value(), 0u);
        QCOMPARE(c.m().logins.value(), std::uint64_t(c.users()));  // any node checks any token
        QVERIFY(c.m().attacks_sent.value() > 100);
        QCOMPARE(c.m().attacks_accepted.value(), 0u);
        // Every forgery that reached a node was refused; the others died with node-2 (errors).
        QVERIFY(c.m().attacks_refused.value() + c.m().errors.value() >= c.m().attacks_sent.value());
        QVERIFY(c.m().attacks_refused.value() > c.m().attacks_sent.value() * 9 / 10);
        const auto refused = c.m().refused_by_cause.snapshot();
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
        auto skew = [](const char* mode) {
            SimLab c({{"session_mode", mode}, {"user_skew", "1.2"}});
            c.run_for(10);
            return c.summary()["load_skew"].get<double>();
        };
        const double sticky = skew("sticky"), shared = skew("shared-store");
        const QString msg = QString("sticky %1, shared-store %2").arg(sticky).arg(shared);
        QVERIFY2(sticky > 1.5, qPrintable(msg));   // busy users stay on their node
        QVERIFY2(shared < 1.05, qPrintable(msg));  // round robin spreads every request
    }

    void jwt_expired_tokens_are_refused_and_users_log_in_again() {
        SimLab c({{"session_mode", "jwt"}, {"token_ttl_s", "2"}, {"attack_share", "0"}});
        c.run_for(7);
        const auto refused = c.m().refused_by_cause.snapshot();
        QVERIFY2(refused.count("token-expired") && refused.at("token-expired") >= std::uint64_t(c.users()),
                 qPrintable(c.text()));
        QVERIFY(c.m().logins.value() >= 2u * c.users());
    }
};

QTEST_GUILESS_MAIN(TestSessionsCluster)
#include "test_sessions_cluster.moc"
