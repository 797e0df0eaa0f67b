// Random eviction in O(1): resident keys in a dense array, a uniformly chosen slot leaves and
// the last key takes its slot. Choices come from config.pick when given (tests script them),
// otherwise from a mt19937_64 seeded with config.seed, bounded without modulo bias so a seed
// gives the same evictions on every platform.
#include <random>
#include <unordered_map>
#include <vector>

#include "core/cache/policies.h"
#include "core/cache/policy_base.h"

namespace archlab::cache {
namespace {

struct RandomSlot {
    std::size_t index = 0;   ///< position in the dense key array
    std::uint64_t cost = 0;  ///< in capacity units
};

class RandomPolicy final : public PolicyBase {
public:
    explicit RandomPolicy(const PolicyConfig& config) : PolicyBase(config), pick_(config.pick), rng_(config.seed) {
        slots_.reserve(reserve_hint(1));
        keys_.reserve(reserve_hint(1));
    }

    std::string_view name() const override { return "random"; }

    bool lookup(CacheKey key) override { return slots_.count(key) != 0; }  ///< a hit changes nothing
    bool contains(CacheKey key) const override { return slots_.count(key) != 0; }

private:
    /// A uniform index in [0, bound).
    std::size_t choose(std::size_t bound) {
        if (pick_) return pick_(bound) % bound;
        const std::uint64_t n = bound;
        const std::uint64_t reject_below = (0 - n) % n;  // 2^64 mod n: the biased low range
        for (;;) {
            const std::uint64_t x = rng_();
            if (x >= reject_below) return static_cast<std::size_t>(x % n);
        }
    }

    /// Removes the key in slot index, moving the last key into it; returns the cost.
    std::uint64_t take_slot(std::size_t index) {
        const CacheKey key = keys_[index];
        const auto it = slots_.find(key);
        const std::uint64_t cost = it->second.cost;
        slots_.erase(it);
        if (index + 1 != keys_.size()) {
            keys_[index] = keys_.back();
            slots_[keys_[index]].index = index;
        }
        keys_.pop_back();
        return cost;
    }

    void evict_some() override {
        const std::size_t index = choose(keys_.size());
        const CacheKey key = keys_[index];
        evicted(key, take_slot(index));
    }

    void place(CacheKey key, std::uint64_t cost) override {
        slots_[key] = RandomSlot{keys_.size(), cost};
        keys_.push_back(key);
    }

    std::uint64_t remove(CacheKey key) override {
        const auto it = slots_.find(key);
        if (it == slots_.end()) return 0;
        return take_slot(it->second.index);
    }

    PickIndex pick_;                                                 ///< injected choices, may be empty
    std::mt19937_64 rng_;                                            ///< own generator when pick_ is empty
    std::unordered_map<CacheKey, RandomSlot, CacheKeyHash> slots_;  ///< resident keys -> slot and cost
    std::vector<CacheKey> keys_;                                     ///< resident keys, dense
};

}  // namespace

std::unique_ptr<CachePolicy> make_random(const PolicyConfig& config) {
    return std::make_unique<RandomPolicy>(config);
}

}  // namespace archlab::cache
