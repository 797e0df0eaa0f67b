// The queueing lab driven past its capacity on the simulated runtime: every queue stays within
// queue_limit (so the memory the queued requests take is bounded), the excess is shed or timed
// out and shows on the errors chart and in the summary, and what capacity there is still serves.
#include <QTest>

#include <algorithm>
#include <cmath>

#include "core/lab/run_controller.h"
#include "lab_runs.h"

using namespace archlab;

namespace {
using lab_test::Finished;

/// Capacity with the defaults used here: 4 workers x 1 thread / 2 ms = 2000 req/s.
constexpr double kCapacityRps = 2000.0;

/// Largest value a column took over the run (NaN rows skipped).
double column_max(const SeriesSnapshot& s, const std::string& column) {
    const int c = s.column(column);
    double best = 0;
    for (const SeriesRow& r : s.rows) {
        const double v = r.values[static_cast<std::size_t>(c)];
        if (std::isfinite(v)) best = std::max(best, v);
    }
    return best;
}

/// Largest number of requests queued anywhere at one sample: the memory proxy.
double max_queued_total(const SeriesSnapshot& s, int workers) {
    std::vector<int> cols{s.column("queue_lb")};
    for (int i = 1; i <= workers; ++i) cols.push_back(s.column("queue_worker-" + std::to_string(i)));
    double best = 0;
    for (const SeriesRow& r : s.rows) {
        double sum = 0;
        for (int c : cols) {
            const double v = r.values[static_cast<std::size_t>(c)];
            if (std::isfinite(v)) sum += v;
        }
        best = std::max(best, sum);
    }
    return best;
}
}  // namespace

class TestQueueingOverload : public QObject {
    Q_OBJECT
private slots:
    void shared_queue_at_three_times_capacity_sheds_within_its_bound() {
        const Finished f = lab_test::run_virtual(
            "queueing", {{"arrival_rps", std::to_string(3 * kCapacityRps)}, {"queue_limit", "500"}}, 20, {}, 3);
        const nlohmann::json& s = f.summary;
        QVERIFY2(column_max(f.series, "queue_lb") <= 500, s.dump().c_str());
        QVERIFY(column_max(f.series, "queue_lb") >= 400);  // it did fill: the bound is what held it
        QVERIFY(max_queued_total(f.series, 4) <= 500 + 4 * 500);
        // About two thirds of the offered load cannot be served: shed, on the chart and in the summary.
        QVERIFY2(s["shed"].get<std::uint64_t>() > 50000, s.dump().c_str());
        QVERIFY(column_max(f.series, "shed_per_s") > kCapacityRps);
        QCOMPARE(s["queue_limit"].get<int>(), 500);
        // What capacity there is still serves, at a bounded wait (500 queued / 2000 per s = 0.25 s).
        QVERIFY2(std::fabs(s["throughput_rps"].get<double>() - kCapacityRps) < 0.1 * kCapacityRps, s.dump().c_str());
        QVERIFY(s["latency_ms"]["p99"].get<double>() < 350);
    }

    void per_worker_queues_shed_within_their_bound() {
        const Finished f = lab_test::run_virtual(
            "queueing",
            {{"arrival_rps", std::to_string(3 * kCapacityRps)}, {"dispatch", "round-robin"}, {"queue_limit", "200"}},
            15, {}, 4);
        for (int i = 1; i <= 4; ++i) QVERIFY(column_max(f.series, "queue_worker-" + std::to_string(i)) <= 200);
        QVERIFY(max_queued_total(f.series, 4) <= 4 * 200);
        QVERIFY2(f.summary["shed"].get<std::uint64_t>() > 10000, f.summary.dump().c_str());
        QCOMPARE(f.summary["queue_timeouts"].get<std::uint64_t>(), 0u);  // 200 x 2 ms never waits 1 s
    }

    void admission_timeout_drops_what_waited_too_long() {
        // A queue long enough to wait 5 s, an admission timeout of 50 ms: the timeout bounds it.
        const Finished f = lab_test::run_virtual(
            "queueing",
            {{"arrival_rps", std::to_string(3 * kCapacityRps)}, {"queue_limit", "10000"}, {"queue_timeout_ms", "50"}},
            15, {}, 5);
        QVERIFY2(f.summary["queue_timeouts"].get<std::uint64_t>() > 10000, f.summary.dump().c_str());
        QVERIFY(column_max(f.series, "queue_timeouts_per_s") > 0);
        // 50 ms at 6000 arrivals/s, plus one 50 ms expiry sweep: at most about 600 waiting.
        QVERIFY2(column_max(f.series, "queue_lb") <= 650, f.summary.dump().c_str());
        QCOMPARE(f.summary["shed"].get<std::uint64_t>(), 0u);
    }

    void below_capacity_nothing_is_shed() {
        const Finished f = lab_test::run_virtual("queueing", {{"arrival_rps", "1800"}}, 20, {}, 6);
        QCOMPARE(f.summary["shed"].get<std::uint64_t>(), 0u);
        QCOMPARE(f.summary["queue_timeouts"].get<std::uint64_t>(), 0u);
        QCOMPARE(f.summary["errors"].get<std::uint64_t>(), 0u);
    }
};

QTEST_GUILESS_MAIN(TestQueueingOverload)
#include "test_queueing_overload.moc"
