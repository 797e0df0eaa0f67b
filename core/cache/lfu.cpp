// LFU in O(1): buckets of equal access count in ascending order, each bucket a recency list.
// A hit moves the key to the bucket of count+1 (created next to its own when missing); the
// eviction takes the least recently used key of the lowest count. Counts start at 1 on insert
// and are forgotten on eviction (in-cache LFU).
#include <list>
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

struct LfuNode;

/// Every resident key with one access count.
struct LfuBucket {
    std::uint64_t count = 0;     ///< accesses since insertion of every key in the bucket
    CostList<LfuNode> keys;      ///< front = most recently used
};

using BucketIter = std::list<LfuBucket>::iterator;

struct LfuNode {
    CacheKey key = 0;         ///< the key itself, to erase from the map on eviction
    std::uint64_t cost = 0;   ///< in capacity units
    BucketIter bucket;        ///< the bucket of this key's count
    LfuNode* prev = nullptr;  ///< more recent neighbour in the bucket
    LfuNode* next = nullptr;  ///< less recent neighbour in the bucket
};

class LfuPolicy final : public PolicyBase {
public:
    explicit LfuPolicy(const PolicyConfig& config) : PolicyBase(config) { nodes_.reserve(reserve_hint(1)); }

    std::string_view name() const override { return "lfu"; }

    bool lookup(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return false;
        LfuNode* node = &it->second;
        const BucketIter from = node->bucket;
        BucketIter to = std::next(from);
        if (to == buckets_.end() || to->count != from->count + 1) {
            to = buckets_.emplace(to);
            to->count = from->count + 1;
        }
        detach(node);
        node->bucket = to;
        to->keys.push_front(node);
        return true;
    }

    bool contains(CacheKey key) const override { return nodes_.count(key) != 0; }

private:
    /// Unlinks a node from its bucket and drops the bucket when it empties.
    void detach(LfuNode* node) {
        node->bucket->keys.unlink(node);
        if (node->bucket->keys.empty()) buckets_.erase(node->bucket);
    }

    void evict_some() override {
        LfuNode* victim = buckets_.front().keys.back();
        detach(victim);
        const CacheKey key = victim->key;
        const std::uint64_t cost = victim->cost;
        nodes_.erase(key);
        evicted(key, cost);
    }

    void place(CacheKey key, std::uint64_t cost) override {
        if (buckets_.empty() || buckets_.front().count != 1) {
            buckets_.emplace_front();
            buckets_.front().count = 1;
        }
        LfuNode& node = nodes_[key];
        node.key = key;
        node.cost = cost;
        node.bucket = buckets_.begin();
        node.bucket->keys.push_front(&node);
    }

    std::uint64_t remove(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return 0;
        const std::uint64_t cost = it->second.cost;
        detach(&it->second);
        nodes_.erase(it);
        return cost;
    }

    std::unordered_map<CacheKey, LfuNode, CacheKeyHash> nodes_;  ///< resident entries by key
    std::list<LfuBucket> buckets_;                               ///< non-empty buckets, ascending count
};

}  // namespace

std::unique_ptr<CachePolicy> make_lfu(const PolicyConfig& config) { return std::make_unique<LfuPolicy>(config); }

}  // namespace archlab::cache
