// LRU: one recency list; a hit moves the key to the front, eviction takes the back.
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

struct LruNode {
    CacheKey key = 0;         ///< the key itself, to erase from the map on eviction
    std::uint64_t cost = 0;   ///< in capacity units
    LruNode* prev = nullptr;  ///< more recent neighbour
    LruNode* next = nullptr;  ///< less recent neighbour
};

class LruPolicy final : public PolicyBase {
public:
    explicit LruPolicy(const PolicyConfig& config) : PolicyBase(config) { nodes_.reserve(reserve_hint(1)); }

    std::string_view name() const override { return "lru"; }

    bool lookup(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return false;
        order_.move_to_front(&it->second);
        return true;
    }

    bool contains(CacheKey key) const override { return nodes_.count(key) != 0; }

private:
    void evict_some() override {
        LruNode* victim = order_.back();
        order_.unlink(victim);
        const CacheKey key = victim->key;
        const std::uint64_t cost = victim->cost;
        nodes_.erase(key);
        evicted(key, cost);
    }

    void place(CacheKey key, std::uint64_t cost) override {
        LruNode& node = nodes_[key];
        node.key = key;
        node.cost = cost;
        order_.push_front(&node);
    }

    std::uint64_t remove(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return 0;
        const std::uint64_t cost = it->second.cost;
        order_.unlink(&it->second);
        nodes_.erase(it);
        return cost;
    }

    std::unordered_map<CacheKey, LruNode, CacheKeyHash> nodes_;  ///< resident entries by key
    CostList<LruNode> order_;                                    ///< front = most recently used
};

}  // namespace

std::unique_ptr<CachePolicy> make_lru(const PolicyConfig& config) { return std::make_unique<LruPolicy>(config); }

}  // namespace archlab::cache
