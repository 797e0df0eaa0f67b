// The cache store behind cache nodes and the RESP server: values with versions, hit and miss
// counts, eviction and expiry counted apart, NX/XX/KEEPTTL, byte accounting, FLUSHALL and
// CONFIG SET (a new policy or a smaller capacity evicts what no longer fits).
#include <QTest>

#include <string>

#include "core/cache/cache_store.h"
#include "input_error.h"

using namespace archlab;
using namespace archlab::cache;
using std::chrono::milliseconds;

namespace {
SetOptions with_ttl(Nanos ttl) {
    SetOptions o;
    o.ttl = ttl;
    return o;
}
}  // namespace

class TestCacheStore : public QObject {
    Q_OBJECT
private slots:
    void get_counts_hits_and_misses_and_keeps_versions() {
        CacheStore s(builtin_policies(), "lru", 10, CapacityUnit::entries);
        const Nanos t0(0);
        QVERIFY(!s.get("a", t0).has_value());
        SetOptions v7;
        v7.version = 7;
        QCOMPARE(s.set("a", "one", v7, t0), SetResult::stored);
        const auto got = s.get("a", t0);
        QVERIFY(got.has_value());
        QCOMPARE(got->value, std::string("one"));
        QCOMPARE(got->version, std::uint64_t{7});
        QVERIFY(s.peek("a", t0).has_value());  // peek counts nothing
        const auto st = s.stats();
        QCOMPARE(st.hits, std::uint64_t{1});
        QCOMPARE(st.misses, std::uint64_t{1});
        QCOMPARE(st.keys, std::uint64_t{1});
        QCOMPARE(st.used_memory, std::uint64_t{4});  // "a" + "one"
        QCOMPARE(st.policy, std::string("lru"));
    }

    void lru_evicts_the_least_recent_and_counts_it() {
        CacheStore s(builtin_policies(), "lru", 2, CapacityUnit::entries);
        const Nanos t(0);
        s.set("a", "1", {}, t);
        s.set("b", "2", {}, t);
        QVERIFY(s.get("a", t));    // b is now least recent
        s.set("c", "3", {}, t);    // evicts b
        QVERIFY(!s.exists("b", t));
        QVERIFY(s.exists("a", t));
        QVERIFY(s.exists("c", t));
        QCOMPARE(s.stats().evicted_keys, std::uint64_t{1});
        QCOMPARE(s.stats().expired_keys, std::uint64_t{0});
        QCOMPARE(s.size(), std::size_t{2});
    }

    void ttl_expires_lazily_and_actively_and_counts_as_expired() {
        CacheStore s(builtin_policies(), "lru", 10, CapacityUnit::entries);
        s.set("lazy", "x", with_ttl(milliseconds(10)), Nanos(0));
        s.set("active", "y", with_ttl(milliseconds(20)), Nanos(0));
        s.set("forever", "z", {}, Nanos(0));
        QCOMPARE(*s.ttl("lazy", Nanos(milliseconds(4))), Nanos(milliseconds(6)));
        QCOMPARE(*s.ttl("forever", Nanos(0)), Nanos(-1));
        QVERIFY(!s.get("lazy", Nanos(milliseconds(10))).has_value());  // due at the deadline
        QCOMPARE(s.stats().misses, std::uint64_t{1});
        QCOMPARE(*s.next_deadline(), Nanos(milliseconds(20)));
        QCOMPARE(s.expire_some(10, Nanos(milliseconds(19))), std::size_t{0});
        QCOMPARE(s.expire_some(10, Nanos(milliseconds(25))), std::size_t{1});
        QCOMPARE(s.stats().expired_keys, std::uint64_t{2});
        QCOMPARE(s.stats().evicted_keys, std::uint64_t{0});
        QCOMPARE(s.size(), std::size_t{1});
        QVERIFY(!s.ttl("lazy", Nanos(milliseconds(30))).has_value());
    }

    void nx_xx_and_keep_ttl() {
        CacheStore s(builtin_policies(), "lfu", 10, CapacityUnit::entries);
        SetOptions nx;
        nx.nx = true;
        SetOptions xx;
        xx.xx = true;
        QCOMPARE(s.set("k", "1", xx, Nanos(0)), SetResult::not_met);
        QCOMPARE(s.set("k", "1", with_ttl(milliseconds(100)), Nanos(0)), SetResult::stored);
        QCOMPARE(s.set("k", "2", nx, Nanos(0)), SetResult::not_met);
        SetOptions keep;
        keep.keep_ttl = true;
        QCOMPARE(s.set("k", "3", keep, Nanos(milliseconds(40))), SetResult::stored);
        QCOMPARE(*s.ttl("k", Nanos(milliseconds(40))), Nanos(milliseconds(60)));
        QCOMPARE(s.set("k", "4", {}, Nanos(milliseconds(50))), SetResult::stored);  // plain SET clears it
        QCOMPARE(*s.ttl("k", Nanos(milliseconds(50))), Nanos(-1));
        QVERIFY(s.expire("k", milliseconds(5), Nanos(milliseconds(50))));
        QVERIFY(!s.exists("k", Nanos(milliseconds(55))));
        QVERIFY(!s.expire("k", milliseconds(5), Nanos(milliseconds(55))));
    }

    void byte_capacity_counts_keys_and_values() {
        CacheStore s(builtin_policies(), "fifo", 10, CapacityUnit::bytes);
        QCOMPARE(s.set("a", "1234", {}, Nanos(0)), SetResult::stored);   // 5 bytes
        QCOMPARE(s.set("b", "1234", {}, Nanos(0)), SetResult::stored);   // 10 bytes: full
        QCOMPARE(s.set("c", "12", {}, Nanos(0)), SetResult::stored);     // evicts a (fifo)
        QVERIFY(!s.exists("a", Nanos(0)));
        QCOMPARE(s.stats().used_memory, std::uint64_t{8});
        QCOMPARE(s.set("huge", std::string(20, 'x'), {}, Nanos(0)), SetResult::too_large);
        QVERIFY(!s.exists("huge", Nanos(0)));
        QCOMPARE(s.stats().used_memory, std::uint64_t{8});
    }

    void flush_and_reconfigure() {
        CacheStore s(builtin_policies(), "lru", 10, CapacityUnit::entries);
        for (const char* k : {"k0", "k1", "k2", "k3", "k4", "k5"}) s.set(k, "v", {}, Nanos(0));
        s.reconfigure("arc", 4, CapacityUnit::entries);
        QCOMPARE(s.size(), std::size_t{4});
        QCOMPARE(s.stats().evicted_keys, std::uint64_t{2});
        QCOMPARE(s.stats().policy, std::string("arc"));
        QCOMPARE(s.capacity(), std::uint64_t{4});
        QVERIFY(input_error([&] { s.reconfigure("nope", 4, CapacityUnit::entries); }).contains("nope"));
        QCOMPARE(s.stats().policy, std::string("arc"));  // a bad name changes nothing
        s.flush();
        QCOMPARE(s.size(), std::size_t{0});
        QCOMPARE(s.stats().used_memory, std::uint64_t{0});
        QCOMPARE(s.set("x", "y", {}, Nanos(0)), SetResult::stored);
    }
};

QTEST_APPLESS_MAIN(TestCacheStore)
#include "test_cache_store.moc"
