#pragma once
// Latency histogram with bounded relative error: log-linear buckets (128 sub-buckets per power
// of two, so any reported value is within 1/256 < 0.4% of the true one). Recording is lock-free
// (relaxed atomics), so the node thread writes while the sampler reads.
#include <array>
#include <memory>
#include <atomic>
#include <cstdint>
#include <vector>

namespace archlab {

/// An immutable copy of a histogram's counts, safe to keep and subtract.
class HistogramSnapshot {
public:
    std::uint64_t count() const { return count_; }
    double sum() const { return sum_; }
    double mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
    std::uint64_t min() const { return count_ ? min_ : 0; }  ///< exact smallest recorded value
    std::uint64_t max() const { return count_ ? max_ : 0; }  ///< exact largest recorded value
    /// Value at quantile q in [0, 1]; 0 when empty. Within 1% of the true order statistic,
    /// which is the value of rank ceil(q * count) (1-based, at least 1) in sorted order;
    /// the first and last rank report min() and max().
    std::uint64_t percentile(double q) const;
    /// Counts recorded after `earlier` (same histogram): the interval between two snapshots.
    /// min/max of an interval are bucket bounds, not exact.
    HistogramSnapshot since(const HistogramSnapshot& earlier) const;
    /// Adds other's counts into this one.
    void merge(const HistogramSnapshot& other);
    /// Count in one bucket (0 for an empty snapshot).
    std::uint64_t bucket_count(int bucket) const;

private:
    friend class Histogram;
    std::vector<std::uint64_t> buckets_;  ///< count per bucket; empty when nothing was ever copied in
    std::uint64_t count_ = 0;             ///< sum of buckets_
    double sum_ = 0.0;                    ///< sum of recorded values, in their unit
    std::uint64_t min_ = UINT64_MAX;      ///< smallest value (UINT64_MAX when empty)
    std::uint64_t max_ = 0;               ///< largest value (0 when empty)
    bool exact_bounds_ = true;            ///< min_/max_ are recorded values, not bucket bounds
};

class Histogram {
public:
    static constexpr int kSubBits = 7;                 ///< 128 sub-buckets per power of two
    static constexpr int kSub = 1 << kSubBits;
    static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;

    Histogram();
    /// Records one value (any integer unit; the project uses nanoseconds for latency).
    void record(std::uint64_t value);
    /// A copy of the counts; count() is the sum of the copied buckets, so it is consistent
    /// with percentile() even while other threads record.
    HistogramSnapshot snapshot() const;

    static int bucket_of(std::uint64_t value);
    /// Representative value of a bucket: the middle of its range.
    static std::uint64_t bucket_value(int bucket);
    static std::uint64_t bucket_low(int bucket);
    static std::uint64_t bucket_high(int bucket);  ///< inclusive

private:
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  ///< kBuckets counts
    std::atomic<double> sum_{0.0};                 ///< sum of values; double so 1e15-sized values cannot wrap
    std::atomic<std::uint64_t> min_{UINT64_MAX};   ///< smallest value recorded
    std::atomic<std::uint64_t> max_{0};            ///< largest value recorded
};

}  // namespace archlab
