#pragma once
// The cache tier's own counters (hits, misses, evictions, expirations, memory) summed over its
// stores, and their growth over the sampler's interval. The stores count inside CacheStore, not
// in lab Counters, so the series table reads them through Value columns: the first of them reads
// the stores (sample()) and the ones after it in the same row reuse that reading (last()), so
// they agree with each other whatever the clock did in between (the sampler fills a row's
// columns in declaration order).
#include <cstdint>
#include <vector>

#include "core/runtime/clock.h"
#include "labs/caching/cache_stores.h"

namespace archlab::caching {

/// The caches' counters summed over the tier.
cache::CacheStoreStats tier_stats(const std::vector<StorePtr>& stores);

class TierWindow {
public:
    /// What the tier did over one interval, and its level at the end of it.
    struct Interval {
        cache::CacheStoreStats level;  ///< cumulative counters and levels now
        double hits = 0, misses = 0, evicted = 0, expired = 0;  ///< growth over the interval
        double dt_s = 0.0;             ///< length of the interval, s
        double hit_ratio() const;      ///< hits / (hits + misses); NaN when none
        double per_s(double count) const;
    };

    explicit TierWindow(std::vector<StorePtr> stores);
    /// Reads the stores: the interval since the previous sample() (or construction) ending at
    /// `now`, the run time of the sample.
    const Interval& sample(Nanos now);
    /// What the latest sample() read.
    const Interval& last() const { return last_; }

private:
    std::vector<StorePtr> stores_;
    cache::CacheStoreStats prev_;   ///< at the previous sample
    Nanos prev_at_{0};              ///< run time of the previous sample
    Interval last_;                 ///< the latest reading
};

}  // namespace archlab::caching
