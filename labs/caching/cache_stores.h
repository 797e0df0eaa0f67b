#pragma once
// The cache tier's stores. Each is a resp::SharedCacheStore (a CacheStore behind a mutex, on
// the run's clock): the node that serves it, the RESP server a person connects to, and the
// sampler all use the same store, so INFO and the lab's counters agree. It lives outside the
// node, so its counters survive a restart; a restarted node flushes it (memory is lost).
#include <cstddef>
#include <memory>

#include "core/resp/shared_cache_store.h"

namespace archlab::caching {

using StorePtr = std::shared_ptr<resp::SharedCacheStore>;

/// How often a cache's active expiry sweeps, and how many due keys one sweep drops at most.
inline constexpr Nanos kExpirySweepEvery = std::chrono::milliseconds(100);
inline constexpr std::size_t kExpirySweepMax = 10000;

/// Active expiry: drops due keys (up to kExpirySweepMax); returns how many.
inline std::size_t sweep_expired(resp::SharedCacheStore& store) {
    return store.locked([](cache::CacheStore& s, Nanos now) { return s.expire_some(kExpirySweepMax, now); });
}

inline cache::CacheStoreStats store_stats(resp::SharedCacheStore& store) {
    return store.locked([](cache::CacheStore& s, Nanos) { return s.stats(); });
}

inline void flush_store(resp::SharedCacheStore& store) {
    store.locked([](cache::CacheStore& s, Nanos) { s.flush(); });
}

/// SetOptions for a cache fill: the version, and the expiry (zero = none).
inline cache::SetOptions fill_options(std::uint64_t version, Nanos ttl) {
    cache::SetOptions o;
    o.version = version;
    if (ttl.count() > 0) o.ttl = ttl;
    return o;
}

}  // namespace archlab::caching
