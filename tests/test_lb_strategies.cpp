// Balancing strategies alone, without a cluster: exact choices where the strategy is
// deterministic, statistical shares with a fixed seed where it is not, and the hash ring's
// promise that a joining node takes about 1/N of the keys and nothing else moves.
#include <QTest>

#include <map>
#include <random>

#include "core/lb/hash_ring.h"
#include "core/lb/sticky_cookie.h"
#include "core/lb/strategy_registry.h"
#include "input_error.h"

using namespace archlab;
using namespace archlab::lb;

namespace {
std::vector<Candidate> pool(int n) {
    std::vector<Candidate> out;
    for (int i = 1; i <= n; ++i) out.push_back(Candidate{"node-" + std::to_string(i), 1, 0, 0.0});
    return out;
}

/// Share of `picks` choices each index got.
std::vector<double> shares(Strategy& s, const std::vector<Candidate>& alive, int picks, std::uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    std::vector<double> count(alive.size(), 0.0);
    for (int i = 0; i < picks; ++i) count[s.choose(alive, RouteKey{}, rng)] += 1.0;
    for (double& c : count) c /= picks;
    return count;
}
}  // namespace

class TestLbStrategies : public QObject {
    Q_OBJECT
private slots:
    void registry_knows_eight_and_refuses_others() {
        const auto names = builtin_strategies().names();
        QCOMPARE(names.size(), 8u);
        for (const char* n : {"round-robin", "weighted-round-robin", "random", "least-connections",
                              "least-response-time", "power-of-two", "consistent-hash", "sticky"}) {
            QVERIFY2(builtin_strategies().find(n), n);
        }
        const QString err = input_error([] { builtin_strategies().create("fastest"); });
        QVERIFY2(err.contains("fastest") && err.contains("power-of-two"), qPrintable(err));
    }

    void round_robin_is_exact() {
        auto s = builtin_strategies().create("round-robin");
        std::mt19937_64 rng(1);
        const auto alive = pool(4);
        for (int i = 0; i < 12; ++i) QCOMPARE(s->choose(alive, {}, rng), std::size_t(i % 4));
    }

    void weighted_round_robin_is_smooth_and_exact() {
        auto s = builtin_strategies().create("weighted-round-robin");
        std::mt19937_64 rng(1);
        auto alive = pool(3);
        alive[0].weight = 5;
        // nginx's smooth weighted round robin for 5,1,1: a a b a c a a, then again.
        const std::vector<std::size_t> expected = {0, 0, 1, 0, 2, 0, 0};
        for (int round = 0; round < 3; ++round) {
            for (std::size_t want : expected) QCOMPARE(s->choose(alive, {}, rng), want);
        }
    }

    void weighted_round_robin_shares_follow_weights() {
        auto s = builtin_strategies().create("weighted-round-robin");
        auto alive = pool(4);
        alive[0].weight = 3;
        const auto got = shares(*s, alive, 6000);
        QCOMPARE(got[0], 0.5);
        for (int i = 1; i < 4; ++i) QCOMPARE(got[i], 1.0 / 6.0);
    }

    void random_spreads_evenly() {
        auto s = builtin_strategies().create("random");
        const auto got = shares(*s, pool(4), 40000, 7);
        for (double g : got) QVERIFY2(std::abs(g - 0.25) < 0.01, qPrintable(QString::number(g)));
    }

    void least_connections_takes_the_least_busy() {
        auto s = builtin_strategies().create("least-connections");
        auto alive = pool(4);
        alive[0].in_flight = 3;
        alive[1].in_flight = 1;
        alive[2].in_flight = 5;
        alive[3].in_flight = 2;
        std::mt19937_64 rng(1);
        for (int i = 0; i < 50; ++i) QCOMPARE(s->choose(alive, {}, rng), std::size_t(1));
        // Ties are broken evenly, not by position.
        const auto got = shares(*s, pool(4), 40000, 3);
        for (double g : got) QVERIFY2(std::abs(g - 0.25) < 0.01, qPrintable(QString::number(g)));
    }

    void least_response_time_avoids_the_slow_node() {
        auto s = builtin_strategies().create("least-response-time");
        auto alive = pool(3);
        alive[0].ewma_ms = 5.0;
        alive[1].ewma_ms = 50.0;
        alive[2].ewma_ms = 6.0;
        std::mt19937_64 rng(1);
        QCOMPARE(s->choose(alive, {}, rng), std::size_t(0));
        // Waiting requests count too: 5 ms behind 2 others (15) loses to 6 ms with none.
        alive[0].in_flight = 2;
        QCOMPARE(s->choose(alive, {}, rng), std::size_t(2));
        // Even a fast node behind 9 others (50 ms) is not worse than the slow one idle: tie -> fewer in flight.
        alive[0].in_flight = 9;
        alive[2].in_flight = 9;
        QCOMPARE(s->choose(alive, {}, rng), std::size_t(1));
        // An instance never measured is tried first.
        alive.push_back(Candidate{"node-4", 1, 0, 0.0});
        QCOMPARE(s->choose(alive, {}, rng), std::size_t(3));
    }

    void power_of_two_never_picks_the_busiest() {
        auto s = builtin_strategies().create("power-of-two");
        auto alive = pool(4);
        alive[2].in_flight = 9;
        const auto got = shares(*s, alive, 30000, 5);
        QCOMPARE(got[2], 0.0);  // two different nodes are drawn: the busiest always loses
        for (int i : {0, 1, 3}) QVERIFY2(std::abs(got[i] - 1.0 / 3.0) < 0.015, qPrintable(QString::number(got[i])));
        // With one node there is no second choice.
        std::mt19937_64 rng(1);
        QCOMPARE(s->choose(pool(1), {}, rng), std::size_t(0));
    }

    void hash_ring_moves_about_one_nth_when_a_node_joins() {
        HashRing before, after;
        before.assign({"node-1", "node-2", "node-3", "node-4"});
        after.assign({"node-1", "node-2", "node-3", "node-4", "node-5"});
        const int keys = 20000;
        int moved = 0;
        std::map<std::string, int> owned;
        for (int k = 0; k < keys; ++k) {
            const std::string key = "user-" + std::to_string(k);
            const std::string& a = before.owner(key);
            const std::string& b = after.owner(key);
            ++owned[a];
            if (a != b) {
                ++moved;
                QCOMPARE(b, std::string("node-5"));  // keys only move to the newcomer
            }
        }
        const double share = double(moved) / keys;
        QVERIFY2(share > 0.14 && share < 0.26, qPrintable(QString("moved %1").arg(share)));
        for (const auto& [node, n] : owned) {  // virtual nodes keep the shares near 1/4
            QVERIFY2(std::abs(double(n) / keys - 0.25) < 0.06, qPrintable(QString("%1 %2").arg(node.c_str()).arg(n)));
        }
    }

    void consistent_hash_keeps_keys_and_moves_only_a_dead_nodes_keys() {
        auto s = builtin_strategies().create("consistent-hash");
        std::mt19937_64 rng(1);
        auto alive = pool(4);
        std::map<std::string, std::string> home;
        for (int k = 0; k < 2000; ++k) {
            const std::string key = "user-" + std::to_string(k);
            home[key] = alive[s->choose(alive, RouteKey{key, {}}, rng)].id;
            QCOMPARE(alive[s->choose(alive, RouteKey{key, {}}, rng)].id, home[key]);  // same key, same node
        }
        auto three = pool(4);
        three.erase(three.begin() + 1);  // node-2 leaves
        for (const auto& [key, node] : home) {
            const std::string now = three[s->choose(three, RouteKey{key, {}}, rng)].id;
            if (node != "node-2") QCOMPARE(now, node);
        }
    }

    void sticky_keeps_users_and_assigns_new_ones_in_turn() {
        auto s = builtin_strategies().create("sticky");
        QVERIFY(s->pins_with_cookie());
        std::mt19937_64 rng(1);
        const auto alive = pool(3);
        QCOMPARE(s->choose(alive, RouteKey{{}, "theme=dark; archlab_node=node-3"}, rng), std::size_t(2));
        QCOMPARE(s->choose(alive, RouteKey{{}, "archlab_node=node-3"}, rng), std::size_t(2));
        // New users (no cookie, or a node that is gone) go round robin.
        QCOMPARE(s->choose(alive, RouteKey{}, rng), std::size_t(0));
        QCOMPARE(s->choose(alive, RouteKey{{}, "archlab_node=node-9"}, rng), std::size_t(1));
        QCOMPARE(s->choose(alive, RouteKey{}, rng), std::size_t(2));
    }

    void sticky_cookie_parses_and_pins() {
        QCOMPARE(std::string(sticky_node("a=1; archlab_node=node-2; b=3")), std::string("node-2"));
        QCOMPARE(std::string(sticky_node("archlab_nodes=node-2")), std::string());
        QCOMPARE(std::string(sticky_node("")), std::string());
        QCOMPARE(sticky_set_cookie("node-4").substr(0, 19), std::string("archlab_node=node-4"));
    }
};

QTEST_GUILESS_MAIN(TestLbStrategies)
#include "test_lb_strategies.moc"
