// FIFO: one insertion-order list; a hit changes nothing, eviction takes the oldest insert.
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

struct FifoNode {
    CacheKey key = 0;          ///< the key itself, to erase from the map on eviction
    std::uint64_t cost = 0;    ///< in capacity units
    FifoNode* prev = nullptr;  ///< newer neighbour
    FifoNode* next = nullptr;  ///< older neighbour
};

class FifoPolicy final : public PolicyBase {
public:
    explicit FifoPolicy(const PolicyConfig& config) : PolicyBase(config) { nodes_.reserve(reserve_hint(1)); }

    std::string_view name() const override { return "fifo"; }

    bool lookup(CacheKey key) override { return nodes_.count(key) != 0; }  ///< a hit changes nothing

    bool contains(CacheKey key) const override { return nodes_.count(key) != 0; }

private:
    void evict_some() override {
        FifoNode* victim = order_.back();
        order_.unlink(victim);
        const CacheKey key = victim->key;
        const std::uint64_t cost = victim->cost;
        nodes_.erase(key);
        evicted(key, cost);
    }

    void place(CacheKey key, std::uint64_t cost) override {
        FifoNode& node = nodes_[key];
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

    std::unordered_map<CacheKey, FifoNode, CacheKeyHash> nodes_;  ///< resident entries by key
    CostList<FifoNode> order_;                                    ///< front = newest insert
};

}  // namespace

std::unique_ptr<CachePolicy> make_fifo(const PolicyConfig& config) { return std::make_unique<FifoPolicy>(config); }

}  // namespace archlab::cache
