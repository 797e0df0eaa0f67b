// The caching lab through the RunController in virtual time: a run with faults is repeatable
// (same seed, settings and faults: the same fingerprint, summary and series, bit for bit), a
// dead node's columns are blank rather than stale, the summary has the framework's headline and
// the lab's own fields, and a thousand app nodes run.
#include <QTest>

#include <cmath>
#include <cstring>

#include "core/lab/run_controller.h"
#include "lab_runs.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
using Sets = std::vector<std::pair<std::string, std::string>>;

const Lab& caching_lab() { return lab_test::lab("caching"); }

struct Outcome {
    nlohmann::json summary;
    SeriesSnapshot series;
    std::string fingerprint;
    std::vector<ServiceEndpoint> endpoints;  ///< while it ran
};

Outcome run_virtual(const Sets& sets, const std::vector<std::string>& faults, double seconds, std::uint64_t seed) {
    RunRequest req;
    req.lab = &caching_lab();
    req.settings = caching_lab().default_settings();
    for (const auto& [k, v] : sets) req.settings.set(k, v);
    for (const std::string& f : faults) req.faults.push_back(FaultEvent::parse(f));
    req.seed = seed;
    req.duration = from_ms(seconds * 1e3);
    req.time_mode = TimeMode::Virtual;
    RunController run(req, nullptr);
    run.start();
    Outcome out;
    out.endpoints = run.endpoints();
    run.wait();
    out.summary = run.summary();
    out.series = run.series()->snapshot();
    out.fingerprint = run.fingerprint();
    return out;
}

double at(const SeriesSnapshot& s, const std::string& column, double t_s) {
    const int c = s.column(column);
    for (const SeriesRow& r : s.rows) {
        if (std::fabs(r.t_s - t_s) < 1e-9) return r.values.at(static_cast<std::size_t>(c));
    }
    return -1.0;
}
}  // namespace

class TestCachingVirtual : public QObject {
    Q_OBJECT
private slots:
    void same_seed_and_faults_give_the_same_run() {
        const Sets sets = {{"arrival_rps", "800"}, {"keys", "2000"}, {"capacity_entries", "300"}, {"ttl_ms", "1500"}};
        const std::vector<std::string> faults = {"1s:kill:app-2", "2s:restart:app-2", "2500ms:flush:cache",
                                                 "3s:cut:app-1<->cache", "3500ms:heal-link:app-1<->cache"};
        const Outcome a = run_virtual(sets, faults, 5, 11);
        const Outcome b = run_virtual(sets, faults, 5, 11);
        QCOMPARE(a.fingerprint.size(), 16u);
        QCOMPARE(a.fingerprint, b.fingerprint);
        QCOMPARE(a.summary.dump(), b.summary.dump());
        QVERIFY(a.series.rows.size() >= 20);
        QVERIFY(lab_test::same_rows(a.series, b.series));
        QCOMPARE(a.summary["faults"].size(), faults.size());
        QVERIFY(a.summary["bypasses"].get<std::uint64_t>() > 0);  // the cut showed

        const Outcome other = run_virtual(sets, faults, 5, 12);
        QVERIFY(other.fingerprint != a.fingerprint);
    }

    void dead_node_columns_are_blank() {
        const Outcome r = run_virtual({{"arrival_rps", "500"}}, {"1s:kill:app-2", "2s:restart:app-2", "3s:kill:cache"}, 4, 3);
        QVERIFY(at(r.series, "hit_ratio_app-2", 0.75) >= 0.0);
        QVERIFY(std::isnan(at(r.series, "hit_ratio_app-2", 1.5)));
        QVERIFY(at(r.series, "hit_ratio_app-2", 3.0) >= 0.0);
        QVERIFY(at(r.series, "memory_bytes", 2.75) > 0.0);
        QVERIFY(std::isnan(at(r.series, "memory_bytes", 3.5)));
        QVERIFY(std::isnan(at(r.series, "cache_keys", 3.5)));
        QVERIFY(r.summary["errors"].get<std::uint64_t>() > 0);  // requests sent to the dead app timed out
    }

    void summary_has_the_headline_and_the_lab_fields() {
        const Outcome r = run_virtual({{"arrival_rps", "1000"}}, {}, 3, 1);
        const nlohmann::json& s = r.summary;
        QVERIFY(r.endpoints.empty());  // no sockets in virtual time
        QCOMPARE(s["time_mode"].get<std::string>(), std::string("virtual"));
        const auto requests = s["requests"].get<std::uint64_t>();
        QCOMPARE(requests, s["reads"].get<std::uint64_t>() + s["writes"].get<std::uint64_t>() +
                               s["errors"].get<std::uint64_t>());
        QVERIFY(requests > 2500);
        QCOMPARE(s["errors"].get<std::uint64_t>(), 0u);
        QCOMPARE(s["sent"].get<std::uint64_t>(), requests);  // drained: every request came back
        QVERIFY(std::fabs(s["throughput_rps"].get<double>() - 1000.0) < 100.0);
        QVERIFY(s["latency_ms"]["p99"].get<double>() >= s["latency_ms"]["p50"].get<double>());  // misses: a fixed db time
        QVERIFY(s["latency_by_outcome_ms"]["hit"]["p50"].get<double>() < s["latency_by_outcome_ms"]["miss"]["p50"].get<double>());
        QCOMPARE(s["cache_counters"]["hits"].get<std::uint64_t>(), s["hits"].get<std::uint64_t>());
        QCOMPARE(s["cache_counters"]["misses"].get<std::uint64_t>(), s["misses"].get<std::uint64_t>());
        QVERIFY(s["hit_ratio"].get<double>() > 0.3);
        QCOMPARE(s["per_node"].size(), 4u);
        for (const char* column : {"throughput_rps", "hit_ratio", "cache_hit_ratio", "stale_read_ratio", "latency_p99_ms",
                                   "evictions_per_s", "memory_bytes", "hit_ratio_app-4"}) {
            QVERIFY2(r.series.column(column) >= 0, column);
        }
        QVERIFY(r.series.column("hit_ratio_app-5") < 0);
    }

    void a_thousand_app_nodes_run() {
        const Outcome r = run_virtual({{"nodes", "1000"}, {"routing", "key-affinity"}}, {"1s:kill:app-500"}, 2, 1);
        const nlohmann::json& s = r.summary;
        QCOMPARE(s["per_node"].size(), 1000u);
        QVERIFY(s["reads"].get<std::uint64_t>() > 1500);
        // The chart of per-app hit ratios keeps to the first 16 apps.
        QVERIFY(r.series.column("hit_ratio_app-16") >= 0);
        QVERIFY(r.series.column("hit_ratio_app-17") < 0);
    }
};

QTEST_GUILESS_MAIN(TestCachingVirtual)
#include "test_caching_virtual.moc"
