// ARC (Megiddo & Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003).
// Resident lists T1 (seen once recently) and T2 (seen at least twice), ghost lists B1 and B2
// (keys recently evicted from T1 and T2, without values), and a target p for T1's share. A miss
// on a B1 ghost grows p (recency was cut too soon), a miss on a B2 ghost shrinks it.
//
// Generalised to costs (bytes) as in the usual size-aware variants: every |X| is the summed
// cost of list X, c is the capacity, and an adaptation step is the object's cost times
// max(1, |other ghost| / |this ghost|). With unit costs this is the paper's algorithm, with the
// directory trimmed after each insert (|T1|+|B1| <= c, |T1|+|T2|+|B1|+|B2| <= 2c), which
// evicts the same keys as the paper's order of steps.
#include <algorithm>
#include <unordered_map>

#include "core/cache/cost_list.h"
#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

enum class ArcList : std::uint8_t { t1, t2, b1, b2 };

struct ArcNode {
    CacheKey key = 0;               ///< the key itself, to erase from the map
    std::uint64_t cost = 0;         ///< in capacity units
    ArcList list = ArcList::t1;     ///< which of the four lists holds it
    ArcNode* prev = nullptr;        ///< more recent neighbour
    ArcNode* next = nullptr;        ///< less recent neighbour
};

class ArcPolicy final : public PolicyBase {
public:
    explicit ArcPolicy(const PolicyConfig& config) : PolicyBase(config) { nodes_.reserve(reserve_hint(2)); }

    std::string_view name() const override { return "arc"; }

    bool lookup(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end() || !resident(it->second)) return false;
        ArcNode* node = &it->second;
        list(node->list).unlink(node);
        node->list = ArcList::t2;
        t2_.push_front(node);  // case I: a hit makes the key frequent
        return true;
    }

    bool contains(CacheKey key) const override {
        const auto it = nodes_.find(key);
        return it != nodes_.end() && resident(it->second);
    }

private:
    static bool resident(const ArcNode& n) { return n.list == ArcList::t1 || n.list == ArcList::t2; }

    CostList<ArcNode>& list(ArcList which) {
        switch (which) {
            case ArcList::t1: return t1_;
            case ArcList::t2: return t2_;
            case ArcList::b1: return b1_;
            case ArcList::b2: return b2_;
        }
        return t1_;
    }

    /// Cases II and III: a miss on a ghost adapts p and takes the ghost out of its list.
    void prepare(CacheKey key, std::uint64_t cost) override {
        incoming_ghost_ = ArcList::t1;  // t1 = not a ghost
        const auto it = nodes_.find(key);
        if (it == nodes_.end()) return;
        ArcNode* node = &it->second;
        const std::uint64_t c = capacity();
        if (node->list == ArcList::b1) {
            p_ = std::min(c, p_ + step(cost, b2_.cost(), b1_.cost()));
        } else {
            const std::uint64_t down = step(cost, b1_.cost(), b2_.cost());
            p_ = p_ > down ? p_ - down : 0;
        }
        incoming_ghost_ = node->list;
        list(node->list).unlink(node);
        nodes_.erase(it);
    }

    /// One adaptation of p: cost * max(1, other / own), at most c (no overflow).
    std::uint64_t step(std::uint64_t cost, std::uint64_t other, std::uint64_t own) const {
        const std::uint64_t ratio = std::max<std::uint64_t>(1, other / own);
        return ratio > capacity() / cost ? capacity() : cost * ratio;
    }

    /// REPLACE(x, p): T1's oldest to B1 when T1 is over its target p, else T2's oldest to B2.
    void evict_some() override {
        const bool from_t1 =
            !t1_.empty() && (t2_.empty() || t1_.cost() > p_ || (incoming_ghost_ == ArcList::b2 && t1_.cost() == p_));
        ArcNode* victim = from_t1 ? t1_.back() : t2_.back();
        list(victim->list).unlink(victim);
        victim->list = from_t1 ? ArcList::b1 : ArcList::b2;
        list(victim->list).push_front(victim);
        evicted(victim->key, victim->cost);
    }

    /// A ghost comes back into T2 (cases II, III), a new key into T1 (case IV).
    void place(CacheKey key, std::uint64_t cost) override {
        ArcNode& node = nodes_[key];
        node.key = key;
        node.cost = cost;
        node.list = incoming_ghost_ == ArcList::t1 ? ArcList::t1 : ArcList::t2;
        list(node.list).push_front(&node);
        trim_ghosts();
    }

    /// Keeps the directory at |T1|+|B1| <= c and |T1|+|T2|+|B1|+|B2| <= 2c.
    void trim_ghosts() {
        const std::uint64_t c = capacity();
        while (!b1_.empty() && t1_.cost() + b1_.cost() > c) drop_ghost(b1_);
        while (t1_.cost() + t2_.cost() + b1_.cost() + b2_.cost() > 2 * c) {
            if (!b2_.empty()) {
                drop_ghost(b2_);
            } else if (!b1_.empty()) {
                drop_ghost(b1_);
            } else {
                break;
            }
        }
    }

    void drop_ghost(CostList<ArcNode>& ghosts) {
        ArcNode* oldest = ghosts.back();
        ghosts.unlink(oldest);
        nodes_.erase(oldest->key);
    }

    std::uint64_t remove(CacheKey key) override {
        const auto it = nodes_.find(key);
        if (it == nodes_.end() || !resident(it->second)) return 0;
        const std::uint64_t cost = it->second.cost;
        list(it->second.list).unlink(&it->second);
        nodes_.erase(it);
        return cost;
    }

    std::unordered_map<CacheKey, ArcNode, CacheKeyHash> nodes_;  ///< resident and ghost keys
    CostList<ArcNode> t1_;          ///< resident, seen once recently; front = most recent
    CostList<ArcNode> t2_;          ///< resident, seen at least twice; front = most recent
    CostList<ArcNode> b1_;          ///< ghosts evicted from T1
    CostList<ArcNode> b2_;          ///< ghosts evicted from T2
    std::uint64_t p_ = 0;           ///< target for |T1|, in capacity units (0..c)
    ArcList incoming_ghost_ = ArcList::t1;  ///< the running insert's key: b1/b2 ghost, t1 = new
};

}  // namespace

std::unique_ptr<CachePolicy> make_arc(const PolicyConfig& config) { return std::make_unique<ArcPolicy>(config); }

}  // namespace archlab::cache
