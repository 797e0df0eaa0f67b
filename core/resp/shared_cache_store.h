#pragma once
// A CacheStore shared between threads: the caching lab's cache node and the RESP server's io
// thread(s) use the same store, so what INFO reports is what the lab measures.
//
// The lock is in the API: the store is reachable only inside locked(), which also hands over the
// current time from the injected clock (the node's Context time, or a manual clock in tests).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>
#include <utility>

#include "core/cache/cache_store.h"

namespace archlab::resp {

using cache::CacheStore;

class SharedCacheStore {
public:
    /// clock: time since a fixed start, read under the lock on every locked() call.
    /// Throws InputError when the policy name is unknown.
    SharedCacheStore(const cache::PolicyRegistry& registry, std::string_view policy, std::uint64_t capacity,
                     cache::CapacityUnit unit, std::function<Nanos()> clock, std::uint64_t seed = 1)
        : registry_(registry), store_(registry, policy, capacity, unit, seed), clock_(std::move(clock)),
          unix_ms_at_zero_(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count() -
                           std::chrono::duration_cast<std::chrono::milliseconds>(clock_()).count()) {}

    /// Runs fn(CacheStore&, Nanos now) under the lock and returns what it returns.
    template <typename Fn>
    decltype(auto) locked(Fn&& fn) {
        std::lock_guard<std::mutex> lock(mutex_);
        return std::forward<Fn>(fn)(store_, clock_());
    }

    /// false while the lab has the node killed: the RESP server answers "-ERR cache node is down".
    bool available() const { return available_.load(std::memory_order_acquire); }
    void set_available(bool up) { available_.store(up, std::memory_order_release); }

    /// The current time on the store's clock.
    Nanos now() const { return clock_(); }
    /// Unix time in milliseconds at store-clock time `now` (what Redis' EXAT, EXPIREAT and its
    /// expiry range checks count in): the wall clock when the store was made, moved on by the
    /// store's clock since.
    std::int64_t unix_ms(Nanos now) const {
        return unix_ms_at_zero_ + std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    }
    /// Unix time in microseconds at store-clock time `now` (TIME).
    std::int64_t unix_us(Nanos now) const {
        return unix_ms_at_zero_ * 1000 + std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    }
    /// Pins the Unix time of store-clock zero (tests: fixed expiry arithmetic).
    void set_unix_ms_at_zero(std::int64_t ms) { unix_ms_at_zero_ = ms; }
    /// The policies CONFIG SET maxmemory-policy may choose from.
    const cache::PolicyRegistry& registry() const { return registry_; }

private:
    const cache::PolicyRegistry& registry_;  ///< where the store's policies come from
    std::mutex mutex_;              ///< guards store_
    CacheStore store_;              ///< the contents
    std::function<Nanos()> clock_;  ///< time since a fixed start
    std::int64_t unix_ms_at_zero_;  ///< Unix time, ms, when clock_ read zero
    std::atomic<bool> available_{true};
};

}  // namespace archlab::resp
