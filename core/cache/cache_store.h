#pragma once
// A cache's contents: text keys and values under an eviction policy and per-key expiry.
// The one store behind both the caching lab's cache nodes and the RESP server, so what
// redis-cli sees and what the lab measures are the same counters.
//
// Not thread-safe: a node uses it from its own thread; the RESP server wraps it in a mutex.
// Time is passed in (`now`, on the caller's clock) so tests step it by hand.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/cache/cache_policy.h"
#include "core/cache/expiry_clock.h"
#include "core/cache/policy_registry.h"
#include "core/cache/ttl_index.h"

namespace archlab::cache {

/// A value and the version its writer gave it (the database row version in the caching lab).
struct StoredValue {
    std::string value;
    std::uint64_t version = 0;
};

/// SET's conditions and expiry.
struct SetOptions {
    std::optional<Nanos> ttl;   ///< expire this long after the write; nullopt = no expiry
    bool nx = false;            ///< only when the key is absent
    bool xx = false;            ///< only when the key is present
    bool keep_ttl = false;      ///< keep the key's current expiry (INCR, SET KEEPTTL)
    std::uint64_t version = 0;  ///< stored beside the value
};

enum class SetResult {
    stored,       ///< written (and possibly evicted others)
    not_met,      ///< NX/XX condition false: nothing changed
    too_large,    ///< larger than the whole capacity: not admitted (an old value is removed)
};

/// Cumulative counters, as INFO reports them.
struct CacheStoreStats {
    std::uint64_t hits = 0;          ///< get() found a live key
    std::uint64_t misses = 0;        ///< get() found nothing (expired keys included)
    std::uint64_t evicted_keys = 0;  ///< dropped by the policy to make room
    std::uint64_t expired_keys = 0;  ///< dropped because their TTL passed (lazily or actively)
    std::uint64_t keys = 0;          ///< resident keys now
    std::uint64_t used_memory = 0;   ///< bytes of keys and values held now
    std::uint64_t capacity = 0;      ///< in the capacity unit
    CapacityUnit unit = CapacityUnit::entries;
    std::string policy;              ///< registry name
};

class CacheStore {
public:
    /// Throws InputError when the policy name is unknown.
    CacheStore(const PolicyRegistry& registry, std::string_view policy, std::uint64_t capacity,
               CapacityUnit unit, std::uint64_t seed = 1);
    CacheStore(const CacheStore&) = delete;
    CacheStore& operator=(const CacheStore&) = delete;

    /// A lookup: counts a hit or a miss and updates the policy's recency/frequency.
    std::optional<StoredValue> get(std::string_view key, Nanos now);
    /// A lookup that counts a hit or a miss but leaves the policy's recency/frequency alone
    /// (Redis' LOOKUP_NOTOUCH reads: EXISTS, TTL, TYPE, EXPIRETIME).
    std::optional<StoredValue> lookup_no_touch(std::string_view key, Nanos now);
    /// Reads without counting or touching recency (MGET-free internals, INCR, tests).
    std::optional<StoredValue> peek(std::string_view key, Nanos now);
    SetResult set(std::string_view key, std::string value, const SetOptions& options, Nanos now);
    /// DEL: true when a live key was removed.
    bool erase(std::string_view key, Nanos now);
    bool exists(std::string_view key, Nanos now);
    /// EXPIRE / PEXPIRE: false when the key is absent. ttl <= 0 deletes the key.
    bool expire(std::string_view key, Nanos ttl, Nanos now);
    /// PERSIST: removes the key's expiry; false when the key is absent or has none.
    bool persist(std::string_view key, Nanos now);
    /// TTL left: nullopt = no such key; Nanos(-1) = the key has no expiry.
    std::optional<Nanos> ttl(std::string_view key, Nanos now);
    /// Active expiry: drops up to max_keys due keys; returns how many.
    std::size_t expire_some(std::size_t max_keys, Nanos now);
    /// The earliest expiry deadline, to arm the next active sweep.
    std::optional<Nanos> next_deadline() const { return ttl_.next_deadline(); }
    /// FLUSHALL: drops every key (counters are kept).
    void flush();
    /// CONFIG SET maxmemory / maxmemory-policy: a fresh policy re-admits the resident keys
    /// (their recency is lost), evicting what no longer fits. Throws InputError on a bad name.
    void reconfigure(std::string_view policy, std::uint64_t capacity, CapacityUnit unit);

    CacheStoreStats stats() const;
    std::size_t size() const { return entries_.size(); }
    /// Keys with an expiry set (INFO keyspace's expires=).
    std::size_t expiring() const { return ttl_.size(); }
    /// The live keys, in no particular order (KEYS, SCAN). Changes nothing: due keys are skipped.
    std::vector<std::string> live_keys(Nanos now);
    std::uint64_t capacity() const { return policy_->capacity(); }
    CapacityUnit unit() const { return policy_->unit(); }
    std::string_view policy_name() const { return policy_->name(); }

private:
    struct Entry {
        std::string key;
        StoredValue stored;
    };

    /// The live entry for key (expired keys are dropped here, lazily); nullptr when none.
    Entry* find_live(std::string_view key, CacheKey hashed, Nanos now);
    void drop(CacheKey hashed, bool expired);
    void drop_evicted(const std::vector<CacheKey>& evicted);
    static std::uint64_t cost_of(std::string_view key, const std::string& value);

    const PolicyRegistry& registry_;
    std::uint64_t seed_;
    std::unique_ptr<CachePolicy> policy_;
    ManualClock clock_;   ///< set to the caller's `now` on every call, read by the TTL index
    TtlIndex ttl_{clock_};
    std::unordered_map<CacheKey, Entry, CacheKeyHash> entries_;
    std::uint64_t used_memory_ = 0;
    std::uint64_t hits_ = 0, misses_ = 0, evicted_ = 0, expired_ = 0;
    std::vector<CacheKey> scratch_;  ///< reused list of evicted / expired keys
};

}  // namespace archlab::cache
