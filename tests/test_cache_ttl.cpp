// Per-key TTL on a manual clock: lazy expiry when a key is read, active expiry that sweeps up
// to N due keys per call (earliest first), deadlines replaced and cleared, and the way a cache
// node combines the index with a policy and a value store.
#include <QTest>

#include <string>
#include <unordered_map>

#include "core/cache/policy_registry.h"
#include "core/cache/ttl_index.h"

using namespace archlab;
using namespace archlab::cache;
using std::chrono::milliseconds;

class TestCacheTtl : public QObject {
    Q_OBJECT
private slots:
    void lazy_expiry_at_the_deadline() {
        ManualClock clock;
        TtlIndex ttl(clock);
        ttl.expire_after(1, milliseconds(10));
        clock.advance(milliseconds(9));
        QVERIFY(!ttl.is_due(1));
        QCOMPARE(*ttl.remaining(1), Nanos(milliseconds(1)));
        QVERIFY(!ttl.expire_if_due(1));
        clock.advance(milliseconds(1));  // deadline reached: due
        QVERIFY(ttl.is_due(1));
        QCOMPARE(*ttl.remaining(1), Nanos(0));
        QVERIFY(ttl.expire_if_due(1));
        QVERIFY(!ttl.expire_if_due(1));  // forgotten once expired
        QVERIFY(!ttl.remaining(1).has_value());
        QCOMPARE(ttl.size(), std::size_t{0});
        QCOMPARE(ttl.expired_lazily(), std::uint64_t{1});
    }

    void keys_without_ttl_never_expire() {
        ManualClock clock;
        TtlIndex ttl(clock);
        clock.advance(std::chrono::hours(24 * 365));
        QVERIFY(!ttl.is_due(7));
        QVERIFY(!ttl.expire_if_due(7));
        QVERIFY(!ttl.remaining(7).has_value());
        QVERIFY(!ttl.next_deadline().has_value());
    }

    void a_ttl_past_the_clock_range_saturates() {
        // now + ttl would overflow a signed 64-bit count of nanoseconds: the deadline stays the
        // farthest one instead of wrapping into the past.
        ManualClock clock(milliseconds(5));
        TtlIndex ttl(clock);
        ttl.expire_after(1, Nanos::max());
        ttl.expire_after(2, Nanos::max() - milliseconds(1));
        QCOMPARE(*ttl.next_deadline(), Nanos::max());
        QVERIFY(!ttl.is_due(1) && !ttl.is_due(2));
        QCOMPARE(*ttl.remaining(1), Nanos::max() - milliseconds(5));
        clock.advance(std::chrono::hours(24 * 365));
        std::vector<CacheKey> expired;
        QCOMPARE(ttl.sweep(10, &expired), std::size_t{0});
    }

    void zero_or_negative_ttl_is_due_at_once() {
        ManualClock clock(milliseconds(5));
        TtlIndex ttl(clock);
        ttl.expire_after(1, Nanos(0));
        ttl.expire_after(2, milliseconds(-3));
        QVERIFY(ttl.is_due(1) && ttl.is_due(2));
    }

    void active_sweep_takes_the_earliest_up_to_n() {
        ManualClock clock;
        TtlIndex ttl(clock);
        for (CacheKey k = 1; k <= 5; ++k) ttl.expire_at(k, milliseconds(6 - k));  // key 5 first, key 1 last
        QCOMPARE(*ttl.next_deadline(), Nanos(milliseconds(1)));
        std::vector<CacheKey> expired;
        QCOMPARE(ttl.sweep(10, &expired), std::size_t{0});  // nothing due at t = 0
        clock.set(milliseconds(3) + std::chrono::microseconds(500));
        QCOMPARE(ttl.sweep(2, &expired), std::size_t{2});  // 3 due, at most 2 per call
        QCOMPARE(expired, (std::vector<CacheKey>{5, 4}));
        QCOMPARE(ttl.sweep(10, &expired), std::size_t{1});
        QCOMPARE(expired, (std::vector<CacheKey>{5, 4, 3}));
        QCOMPARE(ttl.sweep(10, &expired), std::size_t{0});
        QCOMPARE(ttl.size(), std::size_t{2});
        QCOMPARE(*ttl.next_deadline(), Nanos(milliseconds(4)));
        QCOMPARE(ttl.expired_actively(), std::uint64_t{3});
    }

    void a_new_deadline_replaces_the_old_one() {
        ManualClock clock;
        TtlIndex ttl(clock);
        ttl.expire_after(1, milliseconds(5));
        ttl.expire_after(1, milliseconds(50));  // EXPIRE again
        QCOMPARE(ttl.size(), std::size_t{1});
        clock.advance(milliseconds(10));
        std::vector<CacheKey> expired;
        QCOMPARE(ttl.sweep(10, &expired), std::size_t{0});  // the old deadline is gone
        QVERIFY(ttl.clear(1));                               // PERSIST
        QVERIFY(!ttl.clear(1));
        clock.advance(milliseconds(100));
        QVERIFY(!ttl.is_due(1));
    }

    void node_flow_expired_key_is_a_miss() {
        // What the cache node does: GET checks the TTL first; an expired key leaves the
        // policy and the store and the GET misses. A timer sweeps keys nobody reads.
        PolicyRegistry registry;
        register_builtin_policies(registry);
        PolicyConfig config;
        config.capacity = 10;
        auto policy = registry.create("lru", config);
        std::unordered_map<CacheKey, std::string> store;
        ManualClock clock;
        TtlIndex ttl(clock);

        const auto set = [&](CacheKey key, const std::string& value, Nanos life) {
            policy->insert(key, value.size());
            store[key] = value;
            ttl.expire_after(key, life);
        };
        const auto get = [&](CacheKey key) -> const std::string* {
            if (ttl.expire_if_due(key)) {
                policy->erase(key);
                store.erase(key);
                return nullptr;
            }
            if (!policy->lookup(key)) return nullptr;
            return &store.at(key);
        };

        set(1, "one", milliseconds(100));
        set(2, "two", milliseconds(300));
        set(3, "three", milliseconds(200));
        clock.advance(milliseconds(150));
        QCOMPARE(*get(2), std::string("two"));
        QVERIFY(get(1) == nullptr);  // lazily expired on read
        QVERIFY(!policy->contains(1) && store.count(1) == 0);

        clock.advance(milliseconds(100));  // t = 250 ms: key 3 is due, nobody reads it
        std::vector<CacheKey> expired;
        ttl.sweep(16, &expired);
        for (const CacheKey key : expired) {
            policy->erase(key);
            store.erase(key);
        }
        QCOMPARE(expired, std::vector<CacheKey>{3});
        QCOMPARE(policy->entries(), std::size_t{1});
        QCOMPARE(store.size(), std::size_t{1});
    }

    void function_clock_reads_the_given_time() {
        Nanos t(0);
        FunctionClock clock([&t] { return t; });
        TtlIndex ttl(clock);
        ttl.expire_after(9, milliseconds(1));
        t = milliseconds(2);
        QVERIFY(ttl.is_due(9));
    }
};

QTEST_GUILESS_MAIN(TestCacheTtl)
#include "test_cache_ttl.moc"
