// The caching lab in virtual time, built through Lab::build on a SimRuntime with the lab's own
// knobs: stale reads counted exactly in crafted scenarios, the clients' hit ratio equal to the
// caches' own counters, exclusive vs shared placement and routing, and the cache faults (kill,
// cut, flush) measured as bypasses and misses. Deterministic: the bounds hold on any machine.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "core/lab/lab_registry.h"
#include "core/runtime/sim_runtime.h"
#include "labs/caching/caching_run.h"
#include "lab_runs.h"
#include "labs/register_labs.h"

using namespace archlab;
using namespace archlab::caching;

namespace {
using Sets = std::vector<std::pair<std::string, std::string>>;

const Lab& caching_lab() { return lab_test::lab("caching"); }

/// The caching lab built by Lab::build on a simulated runtime; time advances by hand.
struct SimLab {
    QTemporaryDir dir;
    std::unique_ptr<SimRuntime> sim;
    std::unique_ptr<LabRun> run;
    CachingRun* caching = nullptr;

    SimLab(const Sets& sets, std::uint64_t seed, std::vector<ScriptedOp> script = {}) {
        Settings s = caching_lab().default_settings();
        for (const auto& [k, v] : sets) s.set(k, v);
        sim = std::make_unique<SimRuntime>(seed, Nanos(0));  // as the RunController makes it: link_delay_ms is the network
        run = caching_lab().build(RunEnv{*sim, TimeMode::Virtual, seed, dir.path().toStdString()}, s);
        caching = dynamic_cast<CachingRun*>(run.get());
        if (!script.empty()) caching->set_script(std::move(script));
        sim->start();
        run->started();
    }
    const CachingMetrics& m() const { return *caching->parts().metrics; }
    const CachingParts& parts() const { return caching->parts(); }
    NodeIndex node(const char* name) const { return sim->lookup(name); }
    /// Stops the workload and lets every request in flight come back.
    void drain() {
        run->stop_workload();
        sim->run_for(std::chrono::seconds(3));
        QVERIFY(run->drained());
    }
    double hit_ratio() const {
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

    void commit_log_forgets_what_is_older_than_it_keeps() {
        // Kept for 100 ms: every answer within that window stays exact, however long the run.
        Nanos now{0};
        CommitLog log(1, [&] { return now; }, 1, ms(100));
        for (std::uint64_t v = 2; v <= 100000; ++v) {
            now = ms(static_cast<double>(v));  // one commit per ms
            log.record(0, [v] { return v; });
            if (v % 9973 == 0) {
                for (double back : {0.0, 0.5, 1.0, 50.0, 99.0, 100.0}) {
                    QCOMPARE(log.committed_at(0, now - ms(back)), v - static_cast<std::uint64_t>(std::ceil(back)));
                }
            }
        }
        QCOMPARE(log.commits(), 99999u);
        // About 100 ms of commits are held, plus at most a third more before the next trim.
        QVERIFY(log.held() <= 140);
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
        QTest::addColumn<QString>("placement");
        QTest::addColumn<int>("stale");
        QTest::addColumn<int>("hits");
        // ttl-only: the 10 reads inside the TTL hit the old version v1 while v2 is committed.
        QTest::newRow("ttl-only, shared") << "ttl-only" << "shared" << 10 << 10;
        QTest::newRow("ttl-only, exclusive") << "ttl-only" << "exclusive" << 10 << 10;
        // invalidate: the write deletes the copy; the next read misses and fills v2, 9 hits follow.
        QTest::newRow("invalidate, shared") << "invalidate" << "shared" << 0 << 9;
        QTest::newRow("invalidate, exclusive") << "invalidate" << "exclusive" << 0 << 9;
        // write-through: the write puts v2 in the cache: 10 fresh hits.
        QTest::newRow("write-through, shared") << "write-through" << "shared" << 0 << 10;
    }
    void stale_reads_counted_exactly() {
        QFETCH(QString, write_policy);
        QFETCH(QString, placement);
        QFETCH(int, stale);
        QFETCH(int, hits);
        // One app, so an exclusive cache sees every request.
        SimLab c({{"placement", placement.toStdString()}, {"nodes", "1"}, {"keys", "100"}, {"ttl_ms", "1000"},
                  {"db_latency_ms", "5"}, {"write_policy", write_policy.toStdString()}},
                 1, stale_script());
        c.sim->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().errors.value(), 0u);
        QCOMPARE(c.m().writes.value(), 1u);
        QCOMPARE(c.m().reads.value(), 12u);
        QCOMPARE(int(c.m().stale.value()), stale);
        QCOMPARE(int(c.m().hits.value()), hits);
        QCOMPARE(c.parts().log->commits(), 1u);
        // The copy read by the 10 reads expired before the last read, which missed.
        QCOMPARE(tier_stats(c.parts().stores).expired_keys, 1u);
        QCOMPARE(c.m().misses.value(), 12u - std::uint64_t(hits));
    }

    void exclusive_invalidation_reaches_only_the_writing_app() {
        // Round-robin over 2 apps: the reads alternate app-1, app-2. Both fill key 7 with v1;
        // the write lands on app-1 and deletes only app-1's copy. Of the 10 reads after it,
        // the 5 on app-2 hit the stale v1; app-1 misses once, then hits v2.
        std::vector<ScriptedOp> script = {{ms(10), false, 7}, {ms(20), false, 7}, {ms(50), true, 7}};
        for (int i = 0; i < 10; ++i) script.push_back({ms(100 + 10 * i), false, 7});
        SimLab c({{"placement", "exclusive"}, {"nodes", "2"}, {"keys", "100"}, {"write_policy", "invalidate"}}, 1,
                 script);
        c.sim->run_for(std::chrono::seconds(1));
        QCOMPARE(c.m().reads.value(), 12u);
        QCOMPARE(c.m().stale.value(), 5u);
        QCOMPARE(c.m().per_app[0].misses.value(), 2u);  // the first fill, and after the invalidation
        QCOMPARE(c.m().per_app[0].hits.value(), 4u);
        QCOMPARE(c.m().per_app[1].misses.value(), 1u);
        QCOMPARE(c.m().per_app[1].hits.value(), 5u);
    }

    void key_affinity_sends_a_key_to_one_app() {
        // 40 reads of key 7 and 40 of key 8 over 4 exclusive caches: each key lands on one app
        // (the consistent-hash ring of core/lb), which misses once and hits from then on.
        std::vector<ScriptedOp> script;
        for (int i = 0; i < 40; ++i) {
            script.push_back({ms(10 + 10 * i), false, 7});
            script.push_back({ms(15 + 10 * i), false, 8});
        }
        SimLab c({{"placement", "exclusive"}, {"nodes", "4"}, {"keys", "100"}, {"routing", "key-affinity"}}, 1, script);
        c.sim->run_for(std::chrono::seconds(1));
        QCOMPARE(c.m().reads.value(), 80u);
        QCOMPARE(c.m().misses.value(), 2u);
        QCOMPARE(c.m().hits.value(), 78u);
        int serving = 0;
        for (const AppCounters& a : c.m().per_app) {
            QVERIFY(a.requests.value() == 0 || a.requests.value() == 40 || a.requests.value() == 80);
            serving += a.requests.value() > 0;
        }
        QVERIFY(serving >= 1 && serving <= 2);
    }

    void link_delay_adds_exactly_the_hops_data() {
        QTest::addColumn<QString>("placement");
        QTest::addColumn<double>("hit_ms");
        QTest::addColumn<double>("miss_ms");
        // Two 1 ms hops each way: client-lb, lb-app; the shared cache adds app-cache and back; a
        // miss adds app-db and back and the db's 5 ms; a write is client-lb-app-db and back.
        QTest::newRow("shared") << "shared" << 6.0 << 13.0;
        QTest::newRow("exclusive") << "exclusive" << 4.0 << 11.0;
    }
    void link_delay_adds_exactly_the_hops() {
        QFETCH(QString, placement);
        QFETCH(double, hit_ms);
        QFETCH(double, miss_ms);
        std::vector<ScriptedOp> script = {{ms(10), false, 7}, {ms(100), false, 7}, {ms(200), true, 8}};
        SimLab c({{"placement", placement.toStdString()}, {"nodes", "1"}, {"keys", "100"}, {"db_latency_ms", "5"},
                  {"link_delay_ms", "1"}},
                 1, script);
        c.sim->run_for(std::chrono::seconds(1));
        QCOMPARE(c.m().hits.value(), 1u);
        QCOMPARE(c.m().misses.value(), 1u);
        QCOMPARE(c.m().writes.value(), 1u);
        const auto near = [](const Histogram& h, double expect_ms) {
            const HistogramSnapshot s = h.snapshot();
            return std::fabs(s.mean() / 1e6 - expect_ms) < 1e-9 && std::fabs(double(s.max()) / 1e6 - expect_ms) < 0.01 * expect_ms;
        };
        QVERIFY(near(c.m().hit_ns, hit_ms));
        QVERIFY(near(c.m().miss_ns, miss_ms));
        QVERIFY(near(c.m().write_ns, 11.0));
    }

    void client_hit_ratio_equals_cache_counters_data() {
        QTest::addColumn<QString>("placement");
        QTest::addColumn<QString>("routing");
        QTest::newRow("shared") << "shared" << "round-robin";
        QTest::newRow("exclusive, round-robin") << "exclusive" << "round-robin";
        QTest::newRow("exclusive, random") << "exclusive" << "random";
        QTest::newRow("exclusive, key-affinity") << "exclusive" << "key-affinity";
    }
    void client_hit_ratio_equals_cache_counters() {
        QFETCH(QString, placement);
        QFETCH(QString, routing);
        SimLab c({{"placement", placement.toStdString()}, {"routing", routing.toStdString()}, {"keys", "2000"},
                  {"capacity_entries", "200"}, {"ttl_ms", "1000"}, {"read_ratio", "0.8"}, {"arrival_rps", "1000"}},
                 2);
        c.sim->run_for(std::chrono::seconds(3));
        c.drain();
        const auto tier = tier_stats(c.parts().stores);
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
            if (placement == "exclusive") {
                const auto own = store_stats(*c.parts().stores[i]);
                QCOMPARE(c.m().per_app[i].hits.value(), own.hits);
                QCOMPARE(c.m().per_app[i].misses.value(), own.misses);
            }
        }
        QCOMPARE(requests, c.m().reads.value() + c.m().writes.value());
        QCOMPARE(c.m().ok.value(), requests);
    }

    void exclusive_hits_less_than_shared_and_key_affinity_closes_the_gap() {
        auto run = [](const char* placement, const char* routing) {
            // The same total memory: 4 x 100 when exclusive.
            SimLab c({{"placement", placement}, {"routing", routing}, {"nodes", "4"}, {"keys", "5000"},
                      {"capacity_entries", "400"}, {"read_ratio", "1"}, {"arrival_rps", "2000"}},
                     3);
            c.sim->run_for(std::chrono::seconds(8));
            c.drain();
            return c.hit_ratio();
        };
        const double shared = run("shared", "round-robin");
        const double exclusive_rr = run("exclusive", "round-robin");
        const double exclusive_aff = run("exclusive", "key-affinity");
        const QString msg = QString("shared %1, exclusive rr %2, exclusive affinity %3")
                                .arg(shared).arg(exclusive_rr).arg(exclusive_aff);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(shared > exclusive_rr + 0.1, qPrintable(msg));
        QVERIFY2(exclusive_aff - exclusive_rr > 0.7 * (shared - exclusive_rr), qPrintable(msg));
    }

    void hit_ratio_rises_with_capacity() {
        auto run = [](const char* capacity) {
            SimLab c({{"capacity_entries", capacity}}, 6);
            c.sim->run_for(std::chrono::seconds(5));
            c.drain();
            return c.hit_ratio();
        };
        const double small = run("100"), medium = run("1000"), large = run("5000");
        const QString msg = QString("capacity 100: %1, 1000: %2, 5000: %3").arg(small).arg(medium).arg(large);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(small + 0.1 < medium && medium + 0.03 < large, qPrintable(msg));
    }

    void stale_reads_rise_with_ttl_under_ttl_only() {
        auto run = [](const char* policy, const char* ttl_ms) {
            SimLab c({{"write_policy", policy}, {"ttl_ms", ttl_ms}}, 7);
            c.sim->run_for(std::chrono::seconds(5));
            c.drain();
            return double(c.m().stale.value()) / double(c.m().reads.value());
        };
        const double short_ttl = run("ttl-only", "200"), long_ttl = run("ttl-only", "2000");
        const double invalidate = run("invalidate", "2000");
        const QString msg =
            QString("ttl-only 200 ms: %1, 2000 ms: %2; invalidate: %3").arg(short_ttl).arg(long_ttl).arg(invalidate);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(short_ttl > 0.01 && long_ttl > 2 * short_ttl, qPrintable(msg));
        QVERIFY2(invalidate < 0.005, qPrintable(msg));
    }

    void killed_cache_sends_reads_to_the_db_until_restart() {
        SimLab c({{"keys", "500"}, {"arrival_rps", "500"}}, 4);
        c.sim->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().bypasses.value(), 0u);
        const auto hits_before = c.m().hits.value();
        QVERIFY(hits_before > 300);
        const FaultEvent kill = FaultEvent::parse("2s:kill:cache"), restart = FaultEvent::parse("4s:restart:cache");
        QVERIFY(!c.run->apply_fault(kill));  // the lab empties the store; the runtime kills the node
        c.sim->kill(c.node("cache"));
        c.sim->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m().errors.value(), 0u);               // every read still answered, from the db
        QVERIFY(c.m().bypasses.value() > 500);            // ~900 reads while down, a few time out first
        QCOMPARE(c.m().hits.value(), hits_before);
        QVERIFY(!c.run->apply_fault(restart));
        c.sim->restart(c.node("cache"));
        QCOMPARE(tier_stats(c.parts().stores).keys, 0u);  // a fresh process: empty
        c.sim->run_for(std::chrono::seconds(2));
        QVERIFY(c.m().hits.value() > hits_before + 300);  // back to hitting after the refill
        QCOMPARE(c.m().errors.value(), 0u);
    }

    void flush_empties_the_cache_and_the_node_keeps_running() {
        SimLab c({{"keys", "500"}, {"arrival_rps", "500"}}, 8);
        c.sim->run_for(std::chrono::seconds(2));
        QVERIFY(tier_stats(c.parts().stores).keys > 100);
        const auto misses_before = c.m().misses.value();
        QVERIFY(c.run->apply_fault(FaultEvent::parse("2s:flush:cache")));
        QCOMPARE(tier_stats(c.parts().stores).keys, 0u);
        QVERIFY(c.sim->state(c.node("cache")) == NodeState::Up);
        c.sim->run_for(std::chrono::milliseconds(500));
        QVERIFY(c.m().misses.value() > misses_before + 50);  // the hot keys refill
        QCOMPARE(c.m().bypasses.value(), 0u);
        // Nodes without a cache refuse it, and say where the cache is.
        try {
            c.run->apply_fault(FaultEvent::parse("3s:flush:app-1"));
            QFAIL("flush of an app with placement=shared was taken");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("cache"), e.what());
        }
        QVERIFY(!c.run->apply_fault(FaultEvent::parse("3s:kill:db")));  // the runtime's to apply
    }

    void cut_app_falls_back_to_the_db_alone() {
        SimLab c({{"keys", "500"}, {"arrival_rps", "800"}}, 5);
        c.sim->run_for(std::chrono::seconds(1));
        LinkFaults cut;
        cut.drop = 1.0;
        c.sim->set_link_faults(c.node("app-1"), c.node("cache"), cut);
        c.sim->set_link_faults(c.node("cache"), c.node("app-1"), cut);
        c.sim->run_for(std::chrono::seconds(2));
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

    void virtual_runs_open_no_doors() {
        SimLab c({}, 1);
        QVERIFY(c.run->endpoints().empty());
        c.sim->run_for(std::chrono::milliseconds(500));
        QVERIFY(c.m().ok.value() > 100);
        c.run->stop_workload();
        c.sim->run_for(std::chrono::seconds(1));
        c.sim->stop();
        c.run->stopped();
        QVERIFY(c.run->endpoints().empty());
    }
};

QTEST_GUILESS_MAIN(TestCachingNodes)
#include "test_caching_nodes.moc"
