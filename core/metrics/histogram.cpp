#include "core/metrics/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace archlab {

namespace {

/// Values below this have a bucket of their own (the first two groups are one wide).
constexpr std::uint64_t kExactLimit = 2 * static_cast<std::uint64_t>(Histogram::kSub);

/// Lowers `slot` to `value` when value is smaller; lock-free.
void store_min(std::atomic<std::uint64_t>& slot, std::uint64_t value) {
    std::uint64_t cur = slot.load(std::memory_order_relaxed);
    while (value < cur && !slot.compare_exchange_weak(cur, value, std::memory_order_relaxed)) {}
}

/// Raises `slot` to `value` when value is larger; lock-free.
void store_max(std::atomic<std::uint64_t>& slot, std::uint64_t value) {
    std::uint64_t cur = slot.load(std::memory_order_relaxed);
    while (value > cur && !slot.compare_exchange_weak(cur, value, std::memory_order_relaxed)) {}
}

}  // namespace

// ---- Histogram -------------------------------------------------------------------------------

Histogram::Histogram() : buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(kBuckets)) {
    for (int i = 0; i < kBuckets; ++i) buckets_[static_cast<std::size_t>(i)].store(0, std::memory_order_relaxed);
}

void Histogram::record(std::uint64_t value) {
    store_min(min_, value);
    store_max(max_, value);
    sum_.fetch_add(static_cast<double>(value), std::memory_order_relaxed);
    // Release pairs with the acquire in snapshot(): a counted value's min/max are visible too.
    buckets_[static_cast<std::size_t>(bucket_of(value))].fetch_add(1, std::memory_order_release);
}

HistogramSnapshot Histogram::snapshot() const {
    HistogramSnapshot s;
    s.buckets_.resize(kBuckets);
    std::uint64_t count = 0;
    for (std::size_t i = 0; i < static_cast<std::size_t>(kBuckets); ++i) {
        s.buckets_[i] = buckets_[i].load(std::memory_order_acquire);
        count += s.buckets_[i];
    }
    s.count_ = count;
    s.sum_ = sum_.load(std::memory_order_relaxed);
    s.min_ = min_.load(std::memory_order_relaxed);
    s.max_ = max_.load(std::memory_order_relaxed);
    return s;
}

int Histogram::bucket_of(std::uint64_t value) {
    if (value < kExactLimit) return static_cast<int>(value);
    const int msb = 63 - std::countl_zero(value);
    const int shift = msb - kSubBits;  // width of a sub-bucket in this group is 2^shift
    const auto sub = static_cast<int>(value >> shift) - kSub;
    return (shift + 1) * kSub + sub;
}

std::uint64_t Histogram::bucket_low(int bucket) {
    bucket = std::clamp(bucket, 0, kBuckets - 1);
    if (static_cast<std::uint64_t>(bucket) < kExactLimit) return static_cast<std::uint64_t>(bucket);
    const int shift = bucket / kSub - 1;
    const auto sub = static_cast<std::uint64_t>(bucket % kSub);
    return (static_cast<std::uint64_t>(kSub) + sub) << shift;
}

std::uint64_t Histogram::bucket_high(int bucket) {
    bucket = std::clamp(bucket, 0, kBuckets - 1);
    if (static_cast<std::uint64_t>(bucket) < kExactLimit) return static_cast<std::uint64_t>(bucket);
    const int shift = bucket / kSub - 1;
    return bucket_low(bucket) + ((std::uint64_t{1} << shift) - 1);
}

std::uint64_t Histogram::bucket_value(int bucket) {
    const std::uint64_t lo = bucket_low(bucket);
    return lo + (bucket_high(bucket) - lo) / 2;
}

// ---- HistogramSnapshot -----------------------------------------------------------------------

std::uint64_t HistogramSnapshot::bucket_count(int bucket) const {
    if (bucket < 0 || static_cast<std::size_t>(bucket) >= buckets_.size()) return 0;
    return buckets_[static_cast<std::size_t>(bucket)];
}

std::uint64_t HistogramSnapshot::percentile(double q) const {
    if (count_ == 0) return 0;
    if (!(q > 0.0)) q = 0.0;  // also catches NaN
    if (q > 1.0) q = 1.0;
    const double want = std::ceil(q * static_cast<double>(count_));
    std::uint64_t rank = want < 1.0 ? 1 : static_cast<std::uint64_t>(want);
    rank = std::min(rank, count_);
    if (exact_bounds_ && rank == 1) return min_;
    if (exact_bounds_ && rank == count_) return max_;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            const std::uint64_t v = Histogram::bucket_value(static_cast<int>(i));
            return std::clamp(v, min_, std::max(min_, max_));
        }
    }
    return max_;
}

HistogramSnapshot HistogramSnapshot::since(const HistogramSnapshot& earlier) const {
    HistogramSnapshot d;
    d.buckets_.assign(buckets_.size(), 0);
    int first = -1;
    int last = -1;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        const std::uint64_t before = i < earlier.buckets_.size() ? earlier.buckets_[i] : 0;
        const std::uint64_t n = buckets_[i] > before ? buckets_[i] - before : 0;
        d.buckets_[i] = n;
        d.count_ += n;
        if (n) {
            if (first < 0) first = static_cast<int>(i);
            last = static_cast<int>(i);
        }
    }
    d.exact_bounds_ = false;
    if (d.count_ == 0) return d;  // min/max stay at their empty values
    d.sum_ = std::max(0.0, sum_ - earlier.sum_);
    // Bucket bounds, tightened by the whole histogram's exact min/max.
    d.min_ = std::max(Histogram::bucket_low(first), min_);
    d.max_ = std::min(Histogram::bucket_high(last), max_);
    if (d.max_ < d.min_) d.max_ = d.min_;
    return d;
}

void HistogramSnapshot::merge(const HistogramSnapshot& other) {
    if (other.count_ == 0) return;
    exact_bounds_ = exact_bounds_ && other.exact_bounds_;
    if (buckets_.size() < other.buckets_.size()) buckets_.resize(other.buckets_.size(), 0);
    for (std::size_t i = 0; i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

}  // namespace archlab
