#pragma once
// The cache tier's own counters (hits, misses, evictions, expirations, memory) summed over its
// stores, and their growth over the sampler's interval. The stores count inside CacheStore, not
// in lab Counters, so the series table reads them through Value columns; one TierWindow reads
// the stores once per sample instant, so those columns agree with each other.
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
    /// The interval ending at `now` (run time of the sample); a second call at the same instant
    /// returns the same interval.
    const Interval& at(Nanos now);

private:
    std::vector<StorePtr> stores_;
    cache::CacheStoreStats prev_;   ///< at the previous sample
    Nanos prev_at_{0};
    Nanos last_at_{-1};             ///< instant `last_` was read at
    Interval last_;
};

}  // namespace archlab::caching
