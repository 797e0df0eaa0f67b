// The caching lab's node logic on the deterministic simulated runtime: stale reads counted
// exactly in crafted scenarios, the clients' hit ratio equal to the caches' own counters,
// exclusive vs shared placement, and the cache faults (kill, cut) measured as bypasses.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "core/runtime/sim_runtime.h"
#include "labs/caching/balancer_node.h"
#include "labs/caching/caching_run.h"
#include "labs/caching/caching_topology.h"

using namespace archlab;
using namespace archlab::caching;

namespace {
/// A caching cluster on the simulated runtime, wired like the live lab.
struct SimCluster {
    QTemporaryDir dir;
    std::shared_ptr<CachingConfig> cfg = std::make_shared<CachingConfig>();
    std::unique_ptr<SimRuntime> rt;
    CachingParts parts;

    void build(std::uint64_t seed) {
        rt = std::make_unique<SimRuntime>(seed, std::chrono::microseconds(50));
        SimRuntime* r = rt.get();
        parts = make_caching_parts(cfg, (dir.path() + "/kv.sqlite3").toStdString(), seed, [r] { return r->now(); });
        add_caching_nodes(*rt, parts);
        rt->start();
    }
    CachingMetrics& m() { return *parts.metrics; }
    /// Stops the workload and lets every request in flight come back.
    void drain() {
        cfg->stopping = true;
        rt->run_for(std::chrono::seconds(3));
    }
    double hit_ratio() {
        const double lookups = double(m().hits.value() + m().misses.value() + m().bypasses.value());
        return lookups > 0 ? double(m().hits.value()) / lookups : 0.0;
    }
};

Nanos ms(double v) { return from_ms(v); }

/// Read key 7 (miss, fills v1), write it (v2), then 10 reads well inside the TTL, then one
/// read after the cached copy expired.
std::vector<ScriptedOp> stale_script() {
    std::vector<ScriptedOp> s = {{ms(10), false, 7}, {ms(50), true, 7}};
    for (int i = 0; i < 10; ++i) s.push_back({ms(100 + 10 * i), false, 7});
    s.push_back({ms(1500), false, 7});
    return s;
}
}  // namespace

class TestCachingNodes : public QObject {
    Q_OBJECT
private slots:
    void commit_log_answers_what_was_committed_at_a_time() {
        Nanos now{0};
        CommitLog log(3, [&] { return now; });
        QCOMPARE(log.committed_at(1, ms(5)), 1u);  // initial version
        now = ms(10);
        QCOMPARE(log.record(1, [] { return std::uint64_t(2); }), 2u);
        now = ms(20);
        log.record(1, [] { return std::uint64_t(3); });
        QCOMPARE(log.committed_at(1, ms(9)), 1u);
        QCOMPARE(log.committed_at(1, ms(10)), 2u);
        QCOMPARE(log.committed_at(1, ms(19)), 2u);
        QCOMPARE(log.committed_at(1, ms(25)), 3u);
        QCOMPARE(log.committed_at(2, ms(25)), 1u);
        QCOMPARE(log.commits(), 2u);
    }

    void zipf_keys_follow_their_weights() {
        KeyPicker zipf(KeyDist::Zipf, 1000, 1.0);
        std::mt19937_64 rng(5);
        int key0 = 0, key9 = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const std::uint32_t k = zipf.next(rng);
            QVERIFY(k < 1000);
            key0 += k == 0;
            key9 += k == 9;
        }
        // H(1000) = 7.485: key 0 has 13.4%, key 9 (rank 10) 1.34%.
        QVERIFY(std::fabs(key0 / double(n) - zipf.probability(0)) < 0.005);
        QVERIFY(std::fabs(key9 / double(n) - zipf.probability(9)) < 0.002);
        QVERIFY(std::fabs(zipf.probability(0) - 1.0 / 7.4855) < 1e-3);
    }

    void stale_reads_counted_exactly_data() {
        QTest::addColumn<QString>("write_policy");
        QTest::addColumn<int>("placement");
        QTest::addColumn<int>("stale");
        QTest::addColumn<int>("hits");
        // ttl-only: the 10 reads inside the TTL hit the old version v1 while v2 is committed.
        QTest::newRow("ttl-only, shared") << "ttl-only" << int(Placement::Shared) << 10 << 10;
        QTest::newRow("ttl-only, exclusive") << "ttl-only" << int(Placement::Exclusive) << 10 << 10;
        // invalidate: the write deletes the copy; the next read misses and fills v2, 9 hits follow.
        QTest::newRow("invalidate, shared") << "invalidate" << int(Placement::Shared) << 0 << 9;
        QTest::newRow("invalidate, exclusive") << "invalidate" << int(Placement::Exclusive) << 0 << 9;
        // write-through: the write puts v2 in the cache: 10 fresh hits.
        QTest::newRow("write-through, shared") << "write-through" << int(Placement::Shared) << 0 << 10;
    }
    void stale_reads_counted_exactly() {
        QFETCH(QString, write_policy);
        QFETCH(int, placement);
        QFETCH(int, stale);
        QFETCH(int, hits);
        SimCluster c;
        c.cfg->placement = static_cast<Placement>(placement);
        c.cfg->nodes = 1;  // one app, so an exclusive cache sees every request
        c.cfg->keys = 100;
        c.cfg->ttl_ms = 1000;
        c.cfg->db_latency_ms = 5;
        c.cfg->write_policy = static_cast<int>(parse_write_policy(write_policy.toStdString()));
        c.cfg->script = stale_script();
        c.build(1);
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().errors.value(), 0u);
        QCOMPARE(c.m().writes.value(), 1u);
        QCOMPARE(c.m().reads.value(), 12u);
        QCOMPARE(int(c.m().stale.value()), stale);
        QCOMPARE(int(c.m().hits.value()), hits);
        QCOMPARE(c.parts.log->commits(), 1u);
        // The copy read by the 10 reads expired before the last read, which missed.
        QCOMPARE(tier_stats(c.parts.stores).expired_keys, 1u);
        QCOMPARE(c.m().misses.value(), 12u - std::uint64_t(hits));
    }

    void exclusive_invalidation_reaches_only_the_writing_app() {
        // Round-robin over 2 apps: the reads alternate app-1, app-2. Both fill key 7 with v1;
        // the write lands on app-1 and deletes only app-1's copy. Of the 10 reads after it,
        // the 5 on app-2 hit the stale v1; app-1 misses once, then hits v2.
        SimCluster c;
        c.cfg->placement = Placement::Exclusive;
        c.cfg->nodes = 2;
        c.cfg->keys = 100;
        c.cfg->write_policy = static_cast<int>(WritePolicy::Invalidate);
        c.cfg->script = {{ms(10), false, 7}, {ms(20), false, 7}, {ms(50), true, 7}};
        for (int i = 0; i < 10; ++i) c.cfg->script.push_back({ms(100 + 10 * i), false, 7});
        c.build(1);
        c.rt->run_for(std::chrono::seconds(1));
        QCOMPARE(c.m().reads.value(), 12u);
        QCOMPARE(c.m().stale.value(), 5u);
        QCOMPARE(c.m().per_app[0].misses.value(), 2u);  // the first fill, and after the invalidation
        QCOMPARE(c.m().per_app[0].hits.value(), 4u);
        QCOMPARE(c.m().per_app[1].misses.value(), 1u);
        QCOMPARE(c.m().per_app[1].hits.value(), 5u);
    }

    void client_hit_ratio_equals_cache_counters_data() {
        QTest::addColumn<int>("placement");
        QTest::addColumn<QString>("routing");
        QTest::newRow("shared") << int(Placement::Shared) << "round-robin";
        QTest::newRow("exclusive, round-robin") << int(Placement::Exclusive) << "round-robin";
        QTest::newRow("exclusive, key-affinity") << int(Placement::Exclusive) << "key-affinity";
    }
    void client_hit_ratio_equals_cache_counters() {
        QFETCH(int, placement);
        QFETCH(QString, routing);
        SimCluster c;
        c.cfg->placement = static_cast<Placement>(placement);
        c.cfg->routing = static_cast<int>(parse_routing(routing.toStdString()));
        c.cfg->keys = 2000;
        c.cfg->capacity_entries = 200;
        c.cfg->ttl_ms = 1000;  // expirations too
        c.cfg->read_ratio = 0.8;
        c.cfg->arrival_rps = 1000;
        c.build(2);
        c.rt->run_for(std::chrono::seconds(3));
        c.drain();
        const auto tier = tier_stats(c.parts.stores);
        QCOMPARE(c.m().errors.value(), 0u);
        QCOMPARE(c.m().bypasses.value(), 0u);
        QVERIFY(c.m().reads.value() > 2000);
        QVERIFY(c.m().hits.value() > 200);
        QVERIFY(tier.expired_keys > 0);
        QVERIFY(tier.evicted_keys > 0);
        QCOMPARE(c.m().hits.value(), tier.hits);
        QCOMPARE(c.m().misses.value(), tier.misses);
        // Per app node: the client's records add up, and an exclusive cache matches its app.
        std::uint64_t requests = 0;
        for (std::size_t i = 0; i < c.m().per_app.size(); ++i) {
            requests += c.m().per_app[i].requests.value();
            if (c.cfg->placement == Placement::Exclusive) {
                const auto own = store_stats(*c.parts.stores[i]);
                QCOMPARE(c.m().per_app[i].hits.value(), own.hits);
                QCOMPARE(c.m().per_app[i].misses.value(), own.misses);
            }
        }
        QCOMPARE(requests, c.m().reads.value() + c.m().writes.value());
    }

    void exclusive_hits_less_than_shared_and_key_affinity_closes_the_gap() {
        auto run = [](Placement placement, Routing routing) {
            SimCluster c;
            c.cfg->placement = placement;
            c.cfg->routing = static_cast<int>(routing);
            c.cfg->nodes = 4;
            c.cfg->keys = 5000;
            c.cfg->capacity_entries = 400;  // the same total memory: 4 x 100 when exclusive
            c.cfg->read_ratio = 1.0;
            c.cfg->arrival_rps = 2000;
            c.build(3);
            c.rt->run_for(std::chrono::seconds(8));
            c.drain();
            return c.hit_ratio();
        };
        const double shared = run(Placement::Shared, Routing::RoundRobin);
        const double exclusive_rr = run(Placement::Exclusive, Routing::RoundRobin);
        const double exclusive_aff = run(Placement::Exclusive, Routing::KeyAffinity);
        const QString msg = QString("shared %1, exclusive rr %2, exclusive affinity %3")
                                .arg(shared).arg(exclusive_rr).arg(exclusive_aff);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(shared > exclusive_rr + 0.1, qPrintable(msg));
        QVERIFY2(exclusive_aff - exclusive_rr > 0.7 * (shared - exclusive_rr), qPrintable(msg));
    }

    void hit_ratio_rises_with_capacity() {
        auto run = [](std::uint64_t capacity) {
            SimCluster c;
            c.cfg->capacity_entries = capacity;
            c.build(6);
            c.rt->run_for(std::chrono::seconds(5));
            c.drain();
            return c.hit_ratio();
        };
        const double small = run(100), medium = run(1000), large = run(5000);
        const QString msg = QString("capacity 100: %1, 1000: %2, 5000: %3").arg(small).arg(medium).arg(large);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(small + 0.1 < medium && medium + 0.03 < large, qPrintable(msg));
    }

    void stale_reads_rise_with_ttl_under_ttl_only() {
        auto run = [](WritePolicy policy, double ttl_ms) {
            SimCluster c;
            c.cfg->write_policy = static_cast<int>(policy);
            c.cfg->ttl_ms = ttl_ms;
            c.build(7);
            c.rt->run_for(std::chrono::seconds(5));
            c.drain();
            return double(c.m().stale.value()) / double(c.m().reads.value());
        };
        const double short_ttl = run(WritePolicy::TtlOnly, 200), long_ttl = run(WritePolicy::TtlOnly, 2000);
        const double invalidate = run(WritePolicy::Invalidate, 2000);
        const QString msg =
            QString("ttl-only 200 ms: %1, 2000 ms: %2; invalidate: %3").arg(short_ttl).arg(long_ttl).arg(invalidate);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(short_ttl > 0.01 && long_ttl > 2 * short_ttl, qPrintable(msg));
        QVERIFY2(invalidate < 0.005, qPrintable(msg));
    }

    void killed_cache_sends_reads_to_the_db_until_restart() {
        SimCluster c;
        c.cfg->keys = 500;
        c.cfg->arrival_rps = 500;
        c.build(4);
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().bypasses.value(), 0u);
        const auto hits_before = c.m().hits.value();
        QVERIFY(hits_before > 300);
        c.rt->kill(c.rt->lookup("cache"));
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().errors.value(), 0u);               // every read still answered, from the db
        QVERIFY(c.m().bypasses.value() > 500);            // ~900 reads while down, a few time out first
        QCOMPARE(c.m().hits.value(), hits_before);
        c.rt->restart(c.rt->lookup("cache"));
        QCOMPARE(tier_stats(c.parts.stores).keys, 0u);    // a fresh process: empty
        c.rt->run_for(std::chrono::seconds(2));
        QVERIFY(c.m().hits.value() > hits_before + 300);  // back to hitting after the refill
        QCOMPARE(c.m().errors.value(), 0u);
    }

    void cut_app_falls_back_to_the_db_alone() {
        SimCluster c;
        c.cfg->keys = 500;
        c.cfg->arrival_rps = 800;
        c.build(5);
        c.rt->run_for(std::chrono::seconds(1));
        const NodeIndex app1 = c.rt->lookup("app-1"), cache = c.rt->lookup("cache");
        LinkFaults cut;
        cut.drop = 1.0;
        c.rt->set_link_faults(app1, cache, cut);
        c.rt->set_link_faults(cache, app1, cut);
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().errors.value(), 0u);
        QVERIFY(c.m().per_app[0].bypasses.value() > 200);
        for (int i = 1; i < 4; ++i) QCOMPARE(c.m().per_app[i].bypasses.value(), 0u);
    }

    void capacity_is_split_over_exclusive_caches() {
        CachingConfig cfg;
        cfg.nodes = 4;
        cfg.capacity_entries = 1000;
        cache::CapacityUnit unit{};
        cfg.placement = Placement::Shared;
        QCOMPARE(store_capacity(cfg, &unit), 1000u);
        QVERIFY(unit == cache::CapacityUnit::entries);
        cfg.placement = Placement::Exclusive;
        QCOMPARE(store_capacity(cfg, &unit), 250u);
        cfg.capacity_bytes = 4096;
        QCOMPARE(store_capacity(cfg, &unit), 1024u);
        QVERIFY(unit == cache::CapacityUnit::bytes);
    }

    void key_affinity_sends_a_key_to_one_app() {
        std::vector<int> per_app(4, 0);
        for (std::uint32_t k = 0; k < 4000; ++k) {
            const std::size_t a = BalancerNode::affinity(k, 4);
            QCOMPARE(BalancerNode::affinity(k, 4), a);
            ++per_app[a];
        }
        for (int n : per_app) QVERIFY(n > 800 && n < 1200);
    }
};

QTEST_GUILESS_MAIN(TestCachingNodes)
#include "test_caching_nodes.moc"
