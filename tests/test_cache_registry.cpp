// The same fixture over every registered policy, by name through the registry, in entries and
// in bytes: never above capacity, hits + misses = requests, the reported evictions and erases
// account for exactly what is resident, a repeated key within capacity hits, a working set
// that fits stops missing. Plus the registry's own contract.
#include <QTest>

#include <map>
#include <random>
#include <stdexcept>

#include "core/cache/policies.h"
#include "core/cache/policy_registry.h"
#include "core/lab/settings.h"

using namespace archlab;
using namespace archlab::cache;

namespace {

/// Object size of a key in the bytes fixture: 1..1200 bytes, fixed per key.
std::uint64_t size_of(CacheKey key) { return 1 + (key * 2654435761u) % 1200; }

}  // namespace

class TestCacheRegistry : public QObject {
    Q_OBJECT
private slots:
    void registry_lists_every_policy() {
        const PolicyRegistry r = builtin_policies();
        QCOMPARE(r.names(), (std::vector<std::string>{"lru", "lfu", "fifo", "random", "arc", "s3fifo"}));
        for (const PolicyInfo& info : r.all()) {
            QVERIFY(!info.summary.empty());
            PolicyConfig config;
            config.capacity = 3;
            QCOMPARE(r.create(info.name, config)->name(), std::string_view(info.name));
        }
    }

    void unknown_name_lists_the_known_ones() {
        const PolicyRegistry r = builtin_policies();
        try {
            r.create("clock", PolicyConfig{});
            QFAIL("no error");
        } catch (const InputError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains("'clock'") && what.contains("lru") && what.contains("s3fifo"), e.what());
        }
        QVERIFY(r.find("clock") == nullptr);
    }

    void duplicate_name_is_a_programming_error() {
        PolicyRegistry r = builtin_policies();
        QVERIFY_THROWS_EXCEPTION(std::logic_error, r.add("lru", "again", make_lru));
    }

    void invariants_data() {
        QTest::addColumn<QString>("policy");
        QTest::addColumn<bool>("bytes");
        for (const std::string& name : builtin_policies().names()) {
            QTest::newRow((name + "/entries").c_str()) << QString::fromStdString(name) << false;
            QTest::newRow((name + "/bytes").c_str()) << QString::fromStdString(name) << true;
        }
    }
    void invariants() {
        QFETCH(QString, policy);
        QFETCH(bool, bytes);
        const PolicyRegistry r = builtin_policies();
        PolicyConfig config;
        config.unit = bytes ? CapacityUnit::bytes : CapacityUnit::entries;
        config.capacity = bytes ? 6000 : 12;
        auto p = r.create(policy.toStdString(), config);

        std::map<CacheKey, std::uint64_t> shadow;  // what must be resident: key -> cost
        std::mt19937_64 rng(7);
        std::uint64_t requests = 0, hits = 0, misses = 0;
        std::vector<CacheKey> evicted;
        for (int i = 0; i < 5000; ++i) {
            const CacheKey key = rng() % 60;
            const std::uint64_t size = size_of(key);
            const std::uint64_t cost = bytes ? size : 1;
            if (i % 97 == 0) {  // an occasional DEL
                QCOMPARE(p->erase(key), shadow.erase(key) == 1);
                QVERIFY(!p->contains(key));
                continue;
            }
            ++requests;
            evicted.clear();
            const bool was_resident = p->contains(key);
            const bool hit = p->access(key, size, &evicted);
            QCOMPARE(hit, was_resident);
            (hit ? hits : misses) += 1;
            for (const CacheKey gone : evicted) {
                QVERIFY(shadow.erase(gone) == 1);
                QVERIFY(!p->contains(gone));
            }
            if (!hit) shadow[key] = cost;
            QVERIFY(p->contains(key));
            QVERIFY(p->used() <= p->capacity());
            QCOMPARE(p->entries(), shadow.size());
            std::uint64_t sum = 0;
            for (const auto& [k, c] : shadow) sum += c;
            QCOMPARE(p->used(), sum);

            QVERIFY2(p->access(key, size), "a key just accessed must hit at once");
            ++requests;
            ++hits;
        }
        QCOMPARE(hits + misses, requests);
        QVERIFY(hits > 0 && misses > 0);
    }

    void working_set_that_fits_stops_missing_data() { invariants_data(); }
    void working_set_that_fits_stops_missing() {
        QFETCH(QString, policy);
        QFETCH(bool, bytes);
        PolicyConfig config;
        config.unit = bytes ? CapacityUnit::bytes : CapacityUnit::entries;
        std::uint64_t total = 0;
        for (CacheKey k = 0; k < 20; ++k) total += bytes ? size_of(k) : 1;
        config.capacity = total;  // exactly the working set
        auto p = builtin_policies().create(policy.toStdString(), config);
        for (CacheKey k = 0; k < 20; ++k) QVERIFY(!p->access(k, size_of(k)));
        for (int pass = 0; pass < 3; ++pass) {
            for (CacheKey k = 20; k-- > 0;) QVERIFY(p->access(k, size_of(k)));
        }
        QCOMPARE(p->used(), total);
    }

    void reinsert_replaces_the_entry_data() { invariants_data(); }
    void reinsert_replaces_the_entry() {
        QFETCH(QString, policy);
        QFETCH(bool, bytes);
        PolicyConfig config;
        config.unit = bytes ? CapacityUnit::bytes : CapacityUnit::entries;
        config.capacity = 100;
        auto p = builtin_policies().create(policy.toStdString(), config);
        QVERIFY(p->insert(1, 10));
        QVERIFY(p->insert(1, 30));  // SET again with a new size
        QCOMPARE(p->entries(), std::size_t{1});
        QCOMPARE(p->used(), bytes ? std::uint64_t{30} : std::uint64_t{1});
        QVERIFY(p->erase(1));
        QVERIFY(!p->erase(1));
        QCOMPARE(p->used(), std::uint64_t{0});
        QCOMPARE(p->entries(), std::size_t{0});
    }
};

QTEST_GUILESS_MAIN(TestCacheRegistry)
#include "test_cache_registry.moc"
