#pragma once
// Per-key expiry deadlines on an injected clock. Expiry is both lazy (a read checks its key
// with expire_if_due() and treats an expired key as a miss) and active (sweep() expires up to
// N due keys per call, earliest deadline first, so keys nobody reads still free their memory).
// The index only knows deadlines: the caller drops an expired key from its policy and store.
// Every operation is O(log n).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/cache/cache_key.h"
#include "core/cache/expiry_clock.h"

namespace archlab::cache {

class TtlIndex {
public:
    /// The clock must outlive the index.
    explicit TtlIndex(const ExpiryClock& clock) : clock_(clock) {}

    /// The key expires `ttl` from now (ttl <= 0: it is due at once). Replaces an earlier deadline.
    /// A deadline past what Nanos holds (about 292 years of clock time) is kept at Nanos::max().
    void expire_after(CacheKey key, Nanos ttl);
    /// The key expires at `deadline` (clock time). Replaces an earlier deadline.
    void expire_at(CacheKey key, Nanos deadline);
    /// Forgets the key's deadline (PERSIST, DEL, eviction); false when it had none.
    bool clear(CacheKey key);

    /// Time left before the key expires (0 when due); nullopt when it has no deadline.
    std::optional<Nanos> remaining(CacheKey key) const;
    /// True when the key has a deadline that has passed (deadline <= now). Changes nothing.
    bool is_due(CacheKey key) const;
    /// Lazy expiry: when the key is due, forgets it and returns true (the caller drops it).
    bool expire_if_due(CacheKey key);
    /// Active expiry: forgets up to max_keys due keys, earliest deadline first, appending them
    /// to *expired; returns how many.
    std::size_t sweep(std::size_t max_keys, std::vector<CacheKey>* expired);

    /// The earliest deadline, to arm a timer for the next sweep; nullopt when none.
    std::optional<Nanos> next_deadline() const;
    std::size_t size() const { return deadline_of_.size(); }  ///< keys with a deadline
    std::uint64_t expired_lazily() const { return expired_lazily_; }    ///< count since creation
    std::uint64_t expired_actively() const { return expired_actively_; }  ///< count since creation

private:
    const ExpiryClock& clock_;                                          ///< injected time source
    std::unordered_map<CacheKey, Nanos, CacheKeyHash> deadline_of_;     ///< key -> deadline
    std::set<std::pair<Nanos, CacheKey>> by_deadline_;                  ///< (deadline, key), earliest first
    std::uint64_t expired_lazily_ = 0;                                  ///< keys expired by expire_if_due
    std::uint64_t expired_actively_ = 0;                                ///< keys expired by sweep
};

}  // namespace archlab::cache
