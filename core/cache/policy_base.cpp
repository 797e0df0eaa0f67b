#include "core/cache/policy_base.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace archlab::cache {

PolicyBase::PolicyBase(const PolicyConfig& config) : capacity_(config.capacity), unit_(config.unit) {}

std::size_t PolicyBase::reserve_hint(std::size_t per_capacity) const {
    if (unit_ == CapacityUnit::bytes) return 0;
    constexpr std::uint64_t kMaxHint = 1u << 22;  // do not pre-allocate for huge capacities
    return static_cast<std::size_t>(std::min<std::uint64_t>(capacity_ * per_capacity, kMaxHint));
}

bool PolicyBase::insert(CacheKey key, std::uint64_t size, std::vector<CacheKey>* evicted_out) {
    if (const std::uint64_t old = remove(key); old != 0) {
        used_ -= old;
        --entries_;
    }
    const std::uint64_t cost = cost_of(size);
    if (cost > capacity_) return false;  // larger than the whole cache: a miss, never admitted

    prepare(key, cost);
    sink_ = evicted_out;
    while (used_ + cost > capacity_) {
        const std::uint64_t before = used_;
        evict_some();
        if (used_ >= before) {
            sink_ = nullptr;
            throw std::logic_error(std::string("cache policy '") + std::string(name()) +
                                   "' made no room while evicting");
        }
    }
    sink_ = nullptr;
    place(key, cost);
    used_ += cost;
    ++entries_;
    return true;
}

bool PolicyBase::erase(CacheKey key) {
    const std::uint64_t cost = remove(key);
    if (cost == 0) return false;
    used_ -= cost;
    --entries_;
    return true;
}

void PolicyBase::evicted(CacheKey key, std::uint64_t cost) {
    used_ -= cost;
    --entries_;
    if (sink_ != nullptr) sink_->push_back(key);
}

}  // namespace archlab::cache
