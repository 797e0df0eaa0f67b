// The latency histogram against exact order statistics: error bound on several distributions,
// bucket layout, interval snapshots, merging, and recording from two threads while sampling.
#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <random>
#include <thread>
#include <vector>

#include "core/metrics/histogram.h"

using namespace archlab;

namespace {

/// Rank the histogram reports for quantile q: ceil(q * n), at least 1 (same as percentile()).
std::size_t rank_of(double q, std::size_t n) {
    const double want = std::ceil(q * static_cast<double>(n));
    return std::clamp<std::size_t>(want < 1.0 ? 1 : static_cast<std::size_t>(want), 1, n);
}

/// Relative error of got against exact (0 exact must be reported as 0).
double rel_error(std::uint64_t got, std::uint64_t exact) {
    if (exact == 0) return got == 0 ? 0.0 : 1.0;
    const double diff = std::fabs(static_cast<double>(got) - static_cast<double>(exact));
    return diff / static_cast<double>(exact);
}

double g_max_error = 0.0;  ///< largest relative error seen by any percentile check in this run

/// Records values, then checks p50/p95/p99/p99.9/max/min/mean against the sorted values.
void check_against_exact(std::vector<std::uint64_t> values) {
    Histogram h;
    long double exact_sum = 0;
    for (std::uint64_t v : values) {
        h.record(v);
        exact_sum += static_cast<long double>(v);
    }
    std::sort(values.begin(), values.end());
    const HistogramSnapshot s = h.snapshot();
    QCOMPARE(s.count(), std::uint64_t(values.size()));
    QCOMPARE(s.min(), values.front());
    QCOMPARE(s.max(), values.back());
    QCOMPARE(s.percentile(1.0), values.back());
    QCOMPARE(s.percentile(0.0), values.front());
    const double exact_mean = static_cast<double>(exact_sum / static_cast<long double>(values.size()));
    QVERIFY2(std::fabs(s.mean() - exact_mean) <= 1e-9 * std::max(1.0, exact_mean),
             qPrintable(QString("mean %1 vs %2").arg(s.mean()).arg(exact_mean)));
    for (double q : {0.5, 0.95, 0.99, 0.999, 1.0}) {
        const std::uint64_t exact = values[rank_of(q, values.size()) - 1];
        const std::uint64_t got = s.percentile(q);
        const double err = rel_error(got, exact);
        g_max_error = std::max(g_max_error, err);
        QVERIFY2(err <= 0.01, qPrintable(QString("q %1: got %2, exact %3").arg(q).arg(got).arg(exact)));
        QVERIFY2(err <= 1.0 / 256.0 + 1e-12, "midpoint of a 1/128-wide bucket is within 1/256");
    }
}

std::uint64_t to_u64(double v) {
    if (!(v > 0.0)) return 0;
    if (v >= 1.8e19) return UINT64_MAX;
    return static_cast<std::uint64_t>(std::round(v));
}

}  // namespace

class TestHistogram : public QObject {
    Q_OBJECT
private slots:
    void bucket_layout_is_contiguous() {
        for (std::uint64_t v = 0; v < 256; ++v) {
            QCOMPARE(Histogram::bucket_of(v), int(v));
            QCOMPARE(Histogram::bucket_value(int(v)), v);
        }
        QCOMPARE(Histogram::bucket_low(0), std::uint64_t(0));
        for (int b = 0; b < Histogram::kBuckets; ++b) {
            const std::uint64_t lo = Histogram::bucket_low(b);
            const std::uint64_t hi = Histogram::bucket_high(b);
            QVERIFY(lo <= hi);
            QCOMPARE(Histogram::bucket_of(lo), b);
            QCOMPARE(Histogram::bucket_of(hi), b);
            QVERIFY(Histogram::bucket_value(b) >= lo && Histogram::bucket_value(b) <= hi);
            if (b + 1 < Histogram::kBuckets) QCOMPARE(Histogram::bucket_low(b + 1), hi + 1);
            // Width relative to the bucket's low edge stays under 1/128 (integers: doubles round).
            QVERIFY(hi - lo == 0 || hi - lo < lo / 128);
        }
        QCOMPARE(Histogram::bucket_high(Histogram::kBuckets - 1), UINT64_MAX);
        QCOMPARE(Histogram::bucket_of(UINT64_MAX), Histogram::kBuckets - 1);
    }

    void empty_histogram_reports_zero() {
        Histogram h;
        const HistogramSnapshot s = h.snapshot();
        QCOMPARE(s.count(), std::uint64_t(0));
        QCOMPARE(s.percentile(0.5), std::uint64_t(0));
        QCOMPARE(s.min(), std::uint64_t(0));
        QCOMPARE(s.max(), std::uint64_t(0));
        QCOMPARE(s.mean(), 0.0);
        QCOMPARE(HistogramSnapshot{}.percentile(0.99), std::uint64_t(0));
    }

    void uniform() {
        std::mt19937_64 rng(11);
        std::uniform_int_distribution<std::uint64_t> d(1000, 1000000);
        std::vector<std::uint64_t> v(200000);
        for (auto& x : v) x = d(rng);
        check_against_exact(std::move(v));
    }

    void exponential() {
        std::mt19937_64 rng(12);
        std::exponential_distribution<double> d(1.0 / 50000.0);  // mean 50 us in ns
        std::vector<std::uint64_t> v(200000);
        for (auto& x : v) x = to_u64(d(rng));
        check_against_exact(std::move(v));
    }

    void lognormal_huge_range() {
        std::mt19937_64 rng(13);
        std::lognormal_distribution<double> d(12.0, 3.5);  // from ~1 ns to hours
        std::vector<std::uint64_t> v(200000);
        for (auto& x : v) x = to_u64(d(rng));
        const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
        QVERIFY(*hi / std::max<std::uint64_t>(*lo, 1) > 1000000000ULL);  // really spans 9+ decades
        check_against_exact(std::move(v));
    }

    void constant() { check_against_exact(std::vector<std::uint64_t>(5000, 12345)); }

    void tiny_values_are_exact() {
        std::mt19937_64 rng(14);
        std::uniform_int_distribution<std::uint64_t> d(0, 200);
        std::vector<std::uint64_t> v(50000);
        for (auto& x : v) x = d(rng);
        Histogram h;
        for (auto x : v) h.record(x);
        std::sort(v.begin(), v.end());
        const HistogramSnapshot s = h.snapshot();
        for (double q : {0.0, 0.1, 0.5, 0.95, 0.99, 0.999, 1.0}) QCOMPARE(s.percentile(q), v[rank_of(q, v.size()) - 1]);
        check_against_exact(std::move(v));
    }

    void large_values() {
        std::mt19937_64 rng(15);
        std::uniform_int_distribution<std::uint64_t> d(1000000000000000ULL, 3000000000000000ULL);  // 1e15..3e15
        std::vector<std::uint64_t> v(100000);
        for (auto& x : v) x = d(rng);
        check_against_exact(std::move(v));  // the sum (~2e20) is past UINT64_MAX: mean must still be right
    }

    void extreme_values() {
        check_against_exact({0, 1, 127, 128, 255, 256, 257, (1ULL << 63) - 1, 1ULL << 63, UINT64_MAX - 1, UINT64_MAX});
    }

    void since_gives_the_interval() {
        Histogram h;
        std::mt19937_64 rng(16);
        std::uniform_int_distribution<std::uint64_t> early(100, 10000);
        std::uniform_int_distribution<std::uint64_t> late(50000, 90000);
        for (int i = 0; i < 10000; ++i) h.record(early(rng));
        const HistogramSnapshot first = h.snapshot();
        std::vector<std::uint64_t> interval;
        double interval_sum = 0;
        for (int i = 0; i < 5000; ++i) {
            interval.push_back(late(rng));
            interval_sum += static_cast<double>(interval.back());
            h.record(interval.back());
        }
        const HistogramSnapshot second = h.snapshot();
        const HistogramSnapshot d = second.since(first);
        QCOMPARE(d.count(), std::uint64_t(5000));
        QCOMPARE(d.sum(), interval_sum);
        std::sort(interval.begin(), interval.end());
        // Interval min/max are bucket bounds around the true ones.
        QVERIFY(d.min() <= interval.front() && rel_error(d.min(), interval.front()) < 1.0 / 128.0);
        QVERIFY(d.max() >= interval.back() && rel_error(d.max(), interval.back()) < 1.0 / 128.0);
        for (double q : {0.5, 0.99}) {
            const double err = rel_error(d.percentile(q), interval[rank_of(q, interval.size()) - 1]);
            g_max_error = std::max(g_max_error, err);
            QVERIFY(err <= 0.01);
        }
        QCOMPARE(second.since(second).count(), std::uint64_t(0));
        QCOMPARE(second.since(HistogramSnapshot{}).count(), second.count());
    }

    void merge_adds_counts() {
        Histogram a, b, both;
        for (std::uint64_t v = 1; v <= 1000; ++v) {
            a.record(v * 3);
            both.record(v * 3);
        }
        for (std::uint64_t v = 1; v <= 500; ++v) {
            b.record(v * 1000);
            both.record(v * 1000);
        }
        HistogramSnapshot m;  // merging into an empty snapshot works too
        m.merge(a.snapshot());
        m.merge(b.snapshot());
        const HistogramSnapshot want = both.snapshot();
        QCOMPARE(m.count(), want.count());
        QCOMPARE(m.sum(), want.sum());
        QCOMPARE(m.min(), want.min());
        QCOMPARE(m.max(), want.max());
        for (double q : {0.1, 0.5, 0.9, 0.99, 1.0}) QCOMPARE(m.percentile(q), want.percentile(q));
    }

    void record_from_two_threads_while_sampling() {
        Histogram h;
        constexpr int kPerThread = 300000;
        std::atomic<int> running{2};
        auto writer = [&](std::uint64_t base) {
            for (int i = 0; i < kPerThread; ++i) h.record(base + static_cast<std::uint64_t>(i % 1000));
            running.fetch_sub(1);
        };
        std::thread t1(writer, 1000);
        std::thread t2(writer, 5000000);
        std::uint64_t last = 0;
        int samples = 0;
        while (running.load() > 0) {
            const HistogramSnapshot s = h.snapshot();
            QVERIFY(s.count() >= last);  // counts only grow
            last = s.count();
            if (s.count() > 0) {
                QVERIFY(s.percentile(1.0) <= s.max());
                QVERIFY(s.percentile(0.0) >= s.min());
            }
            ++samples;
        }
        t1.join();
        t2.join();
        const HistogramSnapshot s = h.snapshot();
        QCOMPARE(s.count(), std::uint64_t(2 * kPerThread));
        QCOMPARE(s.min(), std::uint64_t(1000));
        QCOMPARE(s.max(), std::uint64_t(5000999));
        // Every value is an integer well under 2^53 and so is the total, so the sum is exact.
        const double per_thread_sum = static_cast<double>(kPerThread) / 1000.0 * (1000.0 * 999.0 / 2.0);
        QCOMPARE(s.sum(), per_thread_sum * 2 + static_cast<double>(kPerThread) * (1000.0 + 5000000.0));
        qInfo("sampled %d snapshots while recording", samples);
    }

    void cleanupTestCase() { qInfo("largest relative percentile error seen: %.6f%%", g_max_error * 100.0); }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "test_histogram.moc"
