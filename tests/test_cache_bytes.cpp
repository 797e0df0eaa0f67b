// Byte capacity: object sizes count, eviction goes on until the new object fits, an object
// larger than the whole cache is a miss that is never inserted (and evicts nothing), a size of
// 0 costs 1 byte; in entries every object costs 1 whatever its size.
#include <QTest>

#include "core/cache/cache_sim.h"
#include "core/cache/policy_registry.h"

using namespace archlab::cache;

namespace {

std::unique_ptr<CachePolicy> make(const std::string& name, std::uint64_t capacity,
                                  CapacityUnit unit = CapacityUnit::bytes) {
    PolicyConfig config;
    config.capacity = capacity;
    config.unit = unit;
    return builtin_policies().create(name, config);
}

}  // namespace

class TestCacheBytes : public QObject {
    Q_OBJECT
private slots:
    void lru_evicts_until_the_object_fits() {
        auto lru = make("lru", 100);
        for (CacheKey k = 0; k < 10; ++k) QVERIFY(lru->insert(k, 10));
        QCOMPARE(lru->used(), std::uint64_t{100});
        QVERIFY(lru->lookup(0));  // 0 becomes the most recent: 1, 2, 3, 4 are the oldest
        std::vector<CacheKey> evicted;
        QVERIFY(lru->insert(50, 35, &evicted));  // needs 35 of 100 used: four 10-byte objects leave
        QCOMPARE(evicted, (std::vector<CacheKey>{1, 2, 3, 4}));
        QCOMPARE(lru->used(), std::uint64_t{95});
        QCOMPARE(lru->entries(), std::size_t{7});
    }

    void a_big_object_pushes_out_several_small_ones() {
        auto fifo = make("fifo", 100);
        QVERIFY(fifo->insert(1, 60));
        QVERIFY(fifo->insert(2, 30));
        std::vector<CacheKey> evicted;
        QVERIFY(fifo->insert(3, 50, &evicted));  // 90 + 50 > 100: 1 leaves, 30 + 50 fits
        QCOMPARE(evicted, std::vector<CacheKey>{1});
        QCOMPARE(fifo->used(), std::uint64_t{80});
    }

    void too_large_is_a_miss_never_inserted_data() {
        QTest::addColumn<QString>("policy");
        for (const std::string& name : builtin_policies().names()) QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }
    void too_large_is_a_miss_never_inserted() {
        QFETCH(QString, policy);
        auto p = make(policy.toStdString(), 100);
        QVERIFY(p->insert(1, 40));
        QVERIFY(p->insert(2, 40));
        std::vector<CacheKey> evicted;
        QVERIFY(!p->insert(3, 101, &evicted));
        QVERIFY(evicted.empty());
        QVERIFY(!p->contains(3));
        QCOMPARE(p->used(), std::uint64_t{80});
        QVERIFY(!p->access(3, 101));  // every request of it misses
        QVERIFY(!p->access(3, 101));
        QVERIFY(p->contains(1) && p->contains(2));

        QVERIFY(p->insert(4, 100, &evicted));  // exactly the capacity: fits, everything else leaves
        QCOMPARE(evicted.size(), std::size_t{2});
        QCOMPARE(p->used(), std::uint64_t{100});
        QVERIFY(p->access(4, 100));
    }

    void growing_a_key_past_the_capacity_drops_it() {
        auto lru = make("lru", 100);
        QVERIFY(lru->insert(1, 40));
        QVERIFY(!lru->insert(1, 400));  // a SET too large for the cache: the old entry goes too
        QVERIFY(!lru->contains(1));
        QCOMPARE(lru->used(), std::uint64_t{0});
    }

    void zero_size_costs_one_byte() {
        auto lru = make("lru", 2);
        QVERIFY(lru->insert(1, 0));
        QVERIFY(lru->insert(2, 0));
        QCOMPARE(lru->used(), std::uint64_t{2});
        std::vector<CacheKey> evicted;
        QVERIFY(lru->insert(3, 0, &evicted));
        QCOMPARE(evicted, std::vector<CacheKey>{1});
    }

    void entries_ignore_sizes() {
        auto lru = make("lru", 2, CapacityUnit::entries);
        QVERIFY(lru->insert(1, 1'000'000'000));
        QVERIFY(lru->insert(2, 5));
        QCOMPARE(lru->used(), std::uint64_t{2});
        QVERIFY(lru->access(1, 1'000'000'000));
    }

    void arc_and_s3fifo_keep_byte_accounting_with_ghosts() {
        // Mixed sizes through ghost hits: the ghosts never count toward used().
        for (const char* name : {"arc", "s3fifo"}) {
            auto p = make(name, 1000);
            for (int round = 0; round < 50; ++round) {
                for (CacheKey k = 0; k < 30; ++k) {
                    p->access(k, 20 + (k * 37) % 90);
                    QVERIFY(p->used() <= 1000);
                }
            }
            std::uint64_t resident = 0;
            for (CacheKey k = 0; k < 30; ++k) resident += p->contains(k) ? 20 + (k * 37) % 90 : 0;
            QCOMPARE(p->used(), resident);
        }
    }

    void replay_counts_too_large_objects_as_byte_misses() {
        // 100-byte cache; key 1 (60 B) fits and hits again; key 2 (500 B) never fits.
        LoadedTrace trace;
        trace.keys = {1, 2, 1, 2, 1};
        trace.sizes = {60, 500, 60, 500, 60};
        const PolicyRegistry r = builtin_policies();
        for (const std::string& name : r.names()) {
            const SimResult result = replay(trace, r, SimConfig{name, 100, CapacityUnit::bytes, 1});
            QCOMPARE(result.hits, std::uint64_t{2});
            QCOMPARE(result.misses, std::uint64_t{3});
            QCOMPARE(result.not_admitted, std::uint64_t{2});
            QCOMPARE(result.bytes_requested, std::uint64_t{1180});
            QCOMPARE(result.bytes_missed, std::uint64_t{1060});
            QVERIFY(qFuzzyCompare(result.byte_miss_ratio(), 1060.0 / 1180.0));
            QVERIFY(qFuzzyCompare(result.miss_ratio(), 0.6));
        }
    }
};

QTEST_GUILESS_MAIN(TestCacheBytes)
#include "test_cache_bytes.moc"
