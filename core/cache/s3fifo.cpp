// S3-FIFO (Yang et al., "FIFO queues are all you need for cache eviction", SOSP 2023).
// Three FIFO queues: a small queue S (10% of the capacity) that every new key enters, a main
// queue M (the rest), and a ghost queue G of keys recently evicted from S (keys only, as much
// cost as M holds). A hit only bumps a counter (capped at 3) and moves nothing. Evicting
// from S: an entry hit while in S moves to M, one never hit leaves and becomes a ghost.
// Evicting from M: an entry with a count > 0 is put back at the head with its count
// decremented, one with 0 leaves. A key that misses while still in G enters M directly.
// One-hit wonders (a scan) thus pass through S quickly and never disturb M.
#include <algorithm>
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

enum class S3Queue : std::uint8_t { small, main, ghost };

struct S3Node {
    CacheKey key = 0;                ///< the key itself, to erase from the map
    std::uint64_t cost = 0;          ///< in capacity units
    std::uint8_t hits = 0;           ///< hits not yet spent on a move or reinsertion, 0..3
    S3Queue queue = S3Queue::small;  ///< which queue holds it
    S3Node* prev = nullptr;          ///< newer neighbour
    S3Node* next = nullptr;          ///< older neighbour
};

constexpr std::uint8_t kMaxHits = 3;         ///< the counter saturates here (2 bits)
constexpr std::uint64_t kSmallPercent = 10;  ///< share of the capacity for S, percent

/// S's share of a capacity, at least 1 (no overflow for huge capacities).
constexpr std::uint64_t small_share(std::uint64_t capacity) {
    const std::uint64_t share = capacity / 100 * kSmallPercent + capacity % 100 * kSmallPercent / 100;
    return share == 0 ? 1 : share;
}

class S3FifoPolicy final : public PolicyBase {
public:
    explicit S3FifoPolicy(const PolicyConfig& config)
        : PolicyBase(config),
          small_target_(small_share(config.capacity)),
          main_target_(config.capacity > small_target_ ? config.capacity - small_target_ : 1) {
        nodes_.reserve(reserve_hint(2));
    }

    std::string_view name() const override { return "s3fifo"; }

    bool lookup(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end() || it->second.queue == S3Queue::ghost) return false;
        S3Node& node = it->second;
        if (node.hits < kMaxHits) ++node.hits;
        return true;
    }

    bool contains(CacheKey key) const override {
        const auto it = nodes_.find(key);
        return it != nodes_.end() && it->second.queue != S3Queue::ghost;
    }

private:
    CostList<S3Node>& queue(S3Queue which) {
        return which == S3Queue::small ? small_ : which == S3Queue::main ? main_ : ghost_;
    }

    void evict_some() override {
        const std::uint64_t before = used();
        if (small_.cost() >= small_target_ || main_.empty()) evict_small();
        if (used() == before) evict_main();  // S only promoted: M must give room
    }

    /// Oldest entries of S: hit ones move to M (which may then evict), the first never-hit
    /// one leaves and becomes a ghost.
    void evict_small() {
        while (!small_.empty()) {
            S3Node* tail = small_.back();
            small_.unlink(tail);
            if (tail->hits > 0) {
                tail->queue = S3Queue::main;
                main_.push_front(tail);
                if (main_.cost() > main_target_) evict_main();
                continue;
            }
            const CacheKey key = tail->key;
            const std::uint64_t cost = tail->cost;
            tail->queue = S3Queue::ghost;
            ghost_.push_front(tail);
            while (ghost_.cost() > main_target_) drop_oldest_ghost();
            evicted(key, cost);
            return;
        }
    }

    /// Oldest entry of M with no hits leaves; those with hits go back to the head, one hit less.
    void evict_main() {
        while (!main_.empty()) {
            S3Node* tail = main_.back();
            if (tail->hits > 0) {
                --tail->hits;
                main_.move_to_front(tail);
                continue;
            }
            main_.unlink(tail);
            const CacheKey key = tail->key;
            const std::uint64_t cost = tail->cost;
            nodes_.erase(key);
            evicted(key, cost);
            return;
        }
    }

    void drop_oldest_ghost() {
        S3Node* oldest = ghost_.back();
        ghost_.unlink(oldest);
        nodes_.erase(oldest->key);
    }

    /// A key still remembered in G (after this insert's evictions, as in the paper) goes
    /// straight to M; any other key enters S.
    void place(CacheKey key, std::uint64_t cost) override {
        const auto [it, is_new] = nodes_.try_emplace(key);
        S3Node& node = it->second;
        if (!is_new) ghost_.unlink(&node);  // resident keys were removed by the base: a ghost
        node.key = key;
        node.cost = cost;
        node.hits = 0;
        node.queue = is_new ? S3Queue::small : S3Queue::main;
        queue(node.queue).push_front(&node);
    }

    std::uint64_t remove(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end() || it->second.queue == S3Queue::ghost) return 0;
        const std::uint64_t cost = it->second.cost;
        queue(it->second.queue).unlink(&it->second);
        nodes_.erase(it);
        return cost;
    }

    std::uint64_t small_target_;  ///< S's share of the capacity, in capacity units (>= 1)
    std::uint64_t main_target_;   ///< M's share, and how much cost G remembers
    std::unordered_map<CacheKey, S3Node, CacheKeyHash> nodes_;  ///< resident and ghost keys
    CostList<S3Node> small_;      ///< S: front = newest
    CostList<S3Node> main_;       ///< M: front = newest or reinserted
    CostList<S3Node> ghost_;      ///< G: keys evicted from S, front = newest
};

}  // namespace

std::unique_ptr<CachePolicy> make_s3fifo(const PolicyConfig& config) {
    return std::make_unique<S3FifoPolicy>(config);
}

}  // namespace archlab::cache
