// LRU and FIFO: one ordered list each. LRU moves a key to the front on every hit; FIFO leaves
// the order as inserted. Eviction takes the back in both.
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

struct ListNode {
    CacheKey key = 0;          ///< the key itself, to erase from the map on eviction
    std::uint64_t cost = 0;    ///< in capacity units
    ListNode* prev = nullptr;  ///< neighbour nearer the front (more recent / newer)
    ListNode* next = nullptr;  ///< neighbour nearer the back (next to evict)
};

class ListPolicy final : public PolicyBase {
public:
    /// promote_on_hit: true = LRU (recency order), false = FIFO (insertion order).
    ListPolicy(const PolicyConfig& config, bool promote_on_hit)
        : PolicyBase(config), promote_on_hit_(promote_on_hit) {
        nodes_.reserve(reserve_hint(1));
    }

    std::string_view name() const override { return promote_on_hit_ ? "lru" : "fifo"; }

    bool lookup(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return false;
        if (promote_on_hit_) order_.move_to_front(&it->second);
        return true;
    }

    bool contains(CacheKey key) const override { return nodes_.count(key) != 0; }

private:
    void evict_some() override {
        ListNode* victim = order_.back();
        order_.unlink(victim);
        const CacheKey key = victim->key;
        const std::uint64_t cost = victim->cost;
        nodes_.erase(key);
        evicted(key, cost);
    }

    void place(CacheKey key, std::uint64_t cost) override {
        ListNode& node = nodes_[key];
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

    bool promote_on_hit_;                                         ///< LRU when true, FIFO when false
    std::unordered_map<CacheKey, ListNode, CacheKeyHash> nodes_;  ///< resident entries by key
    CostList<ListNode> order_;                                    ///< back = next to evict
};

}  // namespace

std::unique_ptr<CachePolicy> make_lru(const PolicyConfig& config) { return std::make_unique<ListPolicy>(config, true); }
std::unique_ptr<CachePolicy> make_fifo(const PolicyConfig& config) { return std::make_unique<ListPolicy>(config, false); }

}  // namespace archlab::cache
