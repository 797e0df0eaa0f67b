// Each eviction policy on short request sequences worked out by hand: where LRU and LFU
// differ, FIFO against LRU, random with scripted and with seeded choices, ARC's adaptation,
// S3-FIFO's ghost queue, and a scan that flushes LRU but neither ARC nor S3-FIFO.
#include <QTest>

#include <map>
#include <string>

#include "core/cache/policy_registry.h"

using namespace archlab::cache;

namespace {

PolicyRegistry& registry() {
    static PolicyRegistry r = [] {
        PolicyRegistry built;
        register_builtin_policies(built);
        return built;
    }();
    return r;
}

std::unique_ptr<CachePolicy> make(const char* name, std::uint64_t capacity, PickIndex pick = {}) {
    PolicyConfig config;
    config.capacity = capacity;
    config.pick = std::move(pick);
    return registry().create(name, config);
}

/// Space-separated keys (one word = one key); returns "H"/"M" per request.
QString run(CachePolicy& policy, const std::string& keys) {
    QString out;
    std::size_t start = 0;
    while (start < keys.size()) {
        std::size_t end = keys.find(' ', start);
        if (end == std::string::npos) end = keys.size();
        if (end > start) out += policy.access(stable_key_hash(keys.substr(start, end - start)), 1) ? 'H' : 'M';
        start = end + 1;
    }
    return out;
}

bool has(const CachePolicy& policy, const char* key) { return policy.contains(stable_key_hash(key)); }

/// "s1 s2 ... sN": a scan of N keys seen once.
std::string scan(int n) {
    std::string out;
    for (int i = 1; i <= n; ++i) out += " s" + std::to_string(i);
    return out;
}

}  // namespace

class TestCachePolicies : public QObject {
    Q_OBJECT
private slots:
    void lfu_keeps_the_frequent_key_lru_keeps_the_recent_one() {
        // a is used twice, then b and c once: c must evict a (LRU) or b (LFU).
        auto lru = make("lru", 2);
        auto lfu = make("lfu", 2);
        QCOMPARE(run(*lru, "a a b c a"), QString("MHMMM"));
        QCOMPARE(run(*lfu, "a a b c a"), QString("MHMMH"));
    }

    void lfu_is_polluted_by_an_old_frequent_key() {
        // a was hot long ago; b and c alternate. LFU keeps a and thrashes, LRU adapts.
        auto lru = make("lru", 2);
        auto lfu = make("lfu", 2);
        QCOMPARE(run(*lru, "a a a b c b c b c"), QString("MHHMMHHHH"));
        QCOMPARE(run(*lfu, "a a a b c b c b c"), QString("MHHMMMMMM"));
        QVERIFY(has(*lfu, "a"));
    }

    void lfu_breaks_ties_by_recency() {
        auto lfu = make("lfu", 3);
        QCOMPARE(run(*lfu, "a b c d"), QString("MMMM"));  // all count 1: a, the least recent, leaves
        QVERIFY(!has(*lfu, "a"));
        QCOMPARE(run(*lfu, "b e"), QString("HM"));       // b counts 2; c and d count 1, c is older
        QVERIFY(!has(*lfu, "c") && has(*lfu, "b") && has(*lfu, "d") && has(*lfu, "e"));
        QCOMPARE(run(*lfu, "f"), QString("M"));          // d and e count 1, d is older
        QVERIFY(!has(*lfu, "d") && has(*lfu, "e") && has(*lfu, "b"));
    }

    void fifo_ignores_hits() {
        auto lru = make("lru", 2);
        auto fifo = make("fifo", 2);
        QCOMPARE(run(*lru, "a b a c a"), QString("MMHMH"));   // the hit on a saves it
        QCOMPARE(run(*fifo, "a b a c a"), QString("MMHMM"));  // a was inserted first: it leaves
    }

    void random_follows_scripted_choices() {
        // Candidates are the resident keys in insertion order, a removed key's slot taken by the last.
        auto first = make("random", 2, [](std::size_t) { return std::size_t{0}; });
        QCOMPARE(run(*first, "a b c a c"), QString("MMMMH"));  // c evicts a ([b,c]), a evicts b ([c,a])
        QVERIFY(!has(*first, "b"));
        auto second = make("random", 2, [](std::size_t bound) { return bound - 1; });
        QCOMPARE(run(*second, "a b c a b"), QString("MMMHM"));  // c evicts b ([a,c]), b evicts c
        QVERIFY(!has(*second, "c"));
    }

    void random_evicts_uniformly() {
        // Four resident keys, one insert: over 4000 seeds each key leaves about 1000 times.
        std::map<int, int> evicted_count;
        for (std::uint64_t seed = 1; seed <= 4000; ++seed) {
            PolicyConfig config;
            config.capacity = 4;
            config.seed = seed;
            auto policy = registry().create("random", config);
            for (CacheKey k = 0; k < 4; ++k) policy->insert(k, 1);
            std::vector<CacheKey> evicted;
            policy->insert(99, 1, &evicted);
            QCOMPARE(evicted.size(), std::size_t{1});
            ++evicted_count[static_cast<int>(evicted.front())];
        }
        for (int k = 0; k < 4; ++k) {
            QVERIFY2(evicted_count[k] > 850 && evicted_count[k] < 1150, qPrintable(QString::number(evicted_count[k])));
        }
    }

    void random_with_a_seed_repeats_itself() {
        PolicyConfig config;
        config.capacity = 5;
        config.seed = 42;
        auto one = registry().create("random", config);
        auto two = registry().create("random", config);
        const std::string keys = "a b c d e f g a h b i c j d k" + scan(30) + " a b c";
        QCOMPARE(run(*one, keys), run(*two, keys));
    }

    void arc_adapts_to_ghost_hits() {
        // c = 4. 1..4 fill T1; 1 hits (T2); 5 pushes 2 into B1; 2 is a B1 ghost: p = 1, 3 goes
        // to B1 and 2 into T2; 6 pushes 4 into B1; 4 is a B1 ghost: p = 2, T1 (2 keys) is not
        // above p so T2's oldest (1) goes to B2; 1 is a B2 ghost: p = 1, T1's oldest (5) leaves.
        auto arc = make("arc", 4);
        QCOMPARE(run(*arc, "1 2 3 4 1 5 2 6 4 1"), QString("MMMMHMMMMM"));
        QVERIFY(has(*arc, "1") && has(*arc, "2") && has(*arc, "4") && has(*arc, "6"));
        QVERIFY(!has(*arc, "3") && !has(*arc, "5"));
        QCOMPARE(arc->entries(), std::size_t{4});
    }

    void s3fifo_sends_a_ghost_straight_to_main() {
        // c = 10: S holds 1, M 9. 0..9 fill S; 10 pushes 0 (never hit) out to the ghost queue;
        // 0 comes back into M. A scan then only cycles S, and 0 stays; under FIFO it is gone.
        const std::string keys = "0 1 2 3 4 5 6 7 8 9 10 0" + scan(20) + " 0";
        auto s3 = make("s3fifo", 10);
        auto fifo = make("fifo", 10);
        const QString s3_result = run(*s3, keys);
        const QString fifo_result = run(*fifo, keys);
        QCOMPARE(s3_result.right(1), QString("H"));
        QCOMPARE(fifo_result.right(1), QString("M"));
        QCOMPARE(s3_result.count('H'), 1);
    }

    void s3fifo_one_hit_wonders_leave_first() {
        // c = 10. a and b are hit while in S, so they move to M when S is evicted; the keys
        // seen once leave, oldest first.
        auto s3 = make("s3fifo", 10);
        QCOMPARE(run(*s3, "a b a b c d e f g h i j k"), QString("MMHHMMMMMMMMM"));
        QVERIFY(has(*s3, "a") && has(*s3, "b") && !has(*s3, "c") && has(*s3, "d"));
    }

    void scan_flushes_lru_but_not_arc_or_s3fifo_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("keeps_working_set");
        QTest::newRow("lru") << "lru" << false;
        QTest::newRow("fifo") << "fifo" << false;
        QTest::newRow("lfu") << "lfu" << true;
        QTest::newRow("arc") << "arc" << true;
        QTest::newRow("s3fifo") << "s3fifo" << true;
    }
    void scan_flushes_lru_but_not_arc_or_s3fifo() {
        // A working set used twice, then 50 keys seen once each, then the working set again.
        QFETCH(QString, policy);
        QFETCH(bool, keeps_working_set);
        auto p = make(policy.toStdString().c_str(), 10);
        run(*p, "a a b b c c");
        run(*p, scan(50));
        const QString after = run(*p, "a b c");
        QCOMPARE(after, keeps_working_set ? QString("HHH") : QString("MMM"));
    }

    void arc_scan_resistance_survives_repeated_scans() {
        auto arc = make("arc", 10);
        auto lru = make("lru", 10);
        const std::string hot = " a b c d e a b c d e";
        std::string keys;
        for (int round = 0; round < 5; ++round) keys += hot + scan(40);  // same scan keys each round
        keys += hot;
        QVERIFY(run(*arc, keys).right(10).count('H') == 10);
        QVERIFY(run(*lru, keys).right(10).count('H') == 5);  // only the second pass hits
    }
};

QTEST_GUILESS_MAIN(TestCachePolicies)
#include "test_cache_policies.moc"
