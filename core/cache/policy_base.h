#pragma once
// The bookkeeping every eviction policy shares: capacity and its unit, the cost of an object,
// occupied capacity, the too-large rule, the evict-until-it-fits loop and the report of
// evicted keys. A policy class only answers "where does a new key go" and "who leaves next".
#include "core/cache/cache_policy.h"

namespace archlab::cache {

class PolicyBase : public CachePolicy {
public:
    bool insert(CacheKey key, std::uint64_t size, std::vector<CacheKey>* evicted) final;
    bool erase(CacheKey key) final;

    std::uint64_t used() const final { return used_; }
    std::uint64_t capacity() const final { return capacity_; }
    CapacityUnit unit() const final { return unit_; }
    std::size_t entries() const final { return entries_; }

protected:
    explicit PolicyBase(const PolicyConfig& config);

    /// What an object of `size` bytes costs: 1 per entry, or its size (at least 1) in bytes.
    std::uint64_t cost_of(std::uint64_t size) const {
        if (unit_ == CapacityUnit::entries) return 1;
        return size == 0 ? 1 : size;
    }

    /// A hash-map size hint for `per_capacity` entries per unit of capacity (0 for bytes).
    std::size_t reserve_hint(std::size_t per_capacity) const;

    /// Called once per admitted insert of a non-resident key, before any eviction: policies
    /// with ghost lists look the key up here and adapt.
    virtual void prepare(CacheKey key, std::uint64_t cost) {
        (void)key;
        (void)cost;
    }
    /// Removes at least one resident entry, reporting each through evicted(). Called only
    /// while the cache holds at least one entry.
    virtual void evict_some() = 0;
    /// Adds a new resident entry; room has been made.
    virtual void place(CacheKey key, std::uint64_t cost) = 0;
    /// Removes a resident entry without leaving a ghost; returns its cost, 0 when not resident.
    virtual std::uint64_t remove(CacheKey key) = 0;

    /// Accounts for a resident entry the policy has just evicted.
    void evicted(CacheKey key, std::uint64_t cost);

private:
    std::uint64_t capacity_;                 ///< in capacity units
    CapacityUnit unit_;                      ///< what capacity counts
    std::uint64_t used_ = 0;                 ///< occupied, in capacity units
    std::size_t entries_ = 0;                ///< resident keys
    std::vector<CacheKey>* sink_ = nullptr;  ///< where the running insert reports evictions
};

}  // namespace archlab::cache
