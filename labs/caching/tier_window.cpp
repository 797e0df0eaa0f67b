#include "labs/caching/tier_window.h"

#include <limits>

namespace archlab::caching {

cache::CacheStoreStats tier_stats(const std::vector<StorePtr>& stores) {
    cache::CacheStoreStats sum;
    for (const StorePtr& st : stores) {
        const cache::CacheStoreStats s = store_stats(*st);
        sum.hits += s.hits;
        sum.misses += s.misses;
        sum.evicted_keys += s.evicted_keys;
        sum.expired_keys += s.expired_keys;
        sum.keys += s.keys;
        sum.used_memory += s.used_memory;
        sum.capacity += s.capacity;
        sum.unit = s.unit;
        sum.policy = s.policy;
    }
    return sum;
}

double TierWindow::Interval::hit_ratio() const {
    return hits + misses > 0 ? hits / (hits + misses) : std::numeric_limits<double>::quiet_NaN();
}

double TierWindow::Interval::per_s(double count) const {
    return dt_s > 0 ? count / dt_s : std::numeric_limits<double>::quiet_NaN();
}

TierWindow::TierWindow(std::vector<StorePtr> stores) : stores_(std::move(stores)), prev_(tier_stats(stores_)) {}

const TierWindow::Interval& TierWindow::sample(Nanos now) {
    const cache::CacheStoreStats s = tier_stats(stores_);
    const auto grew = [](std::uint64_t a, std::uint64_t b) { return a >= b ? static_cast<double>(a - b) : 0.0; };
    last_.level = s;
    last_.hits = grew(s.hits, prev_.hits);
    last_.misses = grew(s.misses, prev_.misses);
    last_.evicted = grew(s.evicted_keys, prev_.evicted_keys);
    last_.expired = grew(s.expired_keys, prev_.expired_keys);
    last_.dt_s = to_s(now - prev_at_);
    prev_ = s;
    prev_at_ = now;
    return last_;
}

}  // namespace archlab::caching
