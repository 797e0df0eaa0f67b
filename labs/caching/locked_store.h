#pragma once
// A cache store shared between the node that serves it and the observers that read its
// counters (the sampler, and a RESP server): the store behind one mutex. It lives outside
// the node, so its counters survive a restart; a restarted node flushes it (memory is lost).
#include <memory>
#include <mutex>
#include <string_view>

#include "core/cache/cache_store.h"

namespace archlab::caching {

class LockedStore {
public:
    LockedStore(std::string_view policy, std::uint64_t capacity, cache::CapacityUnit unit, std::uint64_t seed)
        : store_(cache::builtin_policies(), policy, capacity, unit, seed) {}

    /// Runs fn(store) under the lock and returns what it returns.
    template <class Fn>
    auto with(Fn&& fn) {
        std::lock_guard lock(mu_);
        return fn(store_);
    }
    cache::CacheStoreStats stats() {
        std::lock_guard lock(mu_);
        return store_.stats();
    }

private:
    std::mutex mu_;
    cache::CacheStore store_;
};

using StorePtr = std::shared_ptr<LockedStore>;

/// How often a cache's active expiry sweeps, and how many due keys one sweep drops at most.
inline constexpr Nanos kExpirySweepEvery = std::chrono::milliseconds(100);
inline constexpr std::size_t kExpirySweepMax = 10000;

/// Active expiry: drops due keys (up to kExpirySweepMax); returns how many.
inline std::size_t sweep_expired(LockedStore& store, Nanos now) {
    return store.with([&](cache::CacheStore& s) { return s.expire_some(kExpirySweepMax, now); });
}

/// SetOptions for a cache fill: the version, and the expiry (zero = none).
inline cache::SetOptions fill_options(std::uint64_t version, Nanos ttl) {
    cache::SetOptions o;
    o.version = version;
    if (ttl.count() > 0) o.ttl = ttl;
    return o;
}

}  // namespace archlab::caching
