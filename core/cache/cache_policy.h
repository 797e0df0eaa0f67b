#pragma once
// An eviction policy: which keys a cache holds and which key leaves when room is needed.
// A policy tracks keys and their sizes only; the values live in a separate store, which the
// cache node keeps in step by dropping every key the policy reports as evicted.
//
//   GET  -> lookup(key)                  hit: recency/frequency updated
//   SET  -> insert(key, size, &evicted)  drop the evicted keys from the store
//   DEL / expiry -> erase(key)
//   trace replay -> access(key, size)    lookup, and insert on a miss
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "core/cache/cache_key.h"

namespace archlab::cache {

/// What a capacity counts.
enum class CapacityUnit {
    entries,  ///< every object costs 1
    bytes,    ///< every object costs its size in bytes (a size of 0 costs 1)
};

constexpr const char* to_string(CapacityUnit unit) {
    return unit == CapacityUnit::bytes ? "bytes" : "entries";
}

/// A uniform random index in [0, bound), bound > 0. Injected so tests can script choices.
using PickIndex = std::function<std::size_t(std::size_t bound)>;

/// How to build a policy.
struct PolicyConfig {
    std::uint64_t capacity = 0;                 ///< in entries or bytes, as unit says
    CapacityUnit unit = CapacityUnit::entries;  ///< what capacity counts
    std::uint64_t seed = 1;                     ///< seed of the policy's own generator (random)
    PickIndex pick;                             ///< random choices; empty = a generator seeded with seed
};

class CachePolicy {
public:
    CachePolicy() = default;
    CachePolicy(const CachePolicy&) = delete;
    CachePolicy& operator=(const CachePolicy&) = delete;
    virtual ~CachePolicy() = default;

    /// Registry name: "lru", "arc", ...
    virtual std::string_view name() const = 0;

    /// True on a hit, and the key's recency/frequency is updated. A miss changes nothing
    /// (ghost lists learn from the insert that follows a miss).
    virtual bool lookup(CacheKey key) = 0;
    /// True when the key is resident; changes nothing.
    virtual bool contains(CacheKey key) const = 0;
    /// Admits a key of `size` bytes, evicting until it fits; evicted keys are appended to
    /// *evicted when it is not null. An object costing more than the whole capacity is not
    /// admitted (returns false, evicts nothing). A resident key is replaced by a fresh entry
    /// (its old entry is erased first, even when the new one is too large).
    virtual bool insert(CacheKey key, std::uint64_t size, std::vector<CacheKey>* evicted = nullptr) = 0;
    /// Removes a resident key (DEL, TTL expiry): not an eviction, leaves no ghost. False when absent.
    virtual bool erase(CacheKey key) = 0;

    virtual std::uint64_t used() const = 0;      ///< occupied capacity, in the capacity unit
    virtual std::uint64_t capacity() const = 0;  ///< in the capacity unit
    virtual CapacityUnit unit() const = 0;
    virtual std::size_t entries() const = 0;     ///< resident keys

    /// One request of a trace replay: lookup, and insert on a miss. True on a hit.
    bool access(CacheKey key, std::uint64_t size, std::vector<CacheKey>* evicted = nullptr) {
        if (lookup(key)) return true;
        insert(key, size, evicted);
        return false;
    }
};

}  // namespace archlab::cache
