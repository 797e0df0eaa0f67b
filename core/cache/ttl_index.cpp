#include "core/cache/ttl_index.h"

namespace archlab::cache {

void TtlIndex::expire_after(CacheKey key, Nanos ttl) {
    const Nanos now = clock_.now();
    if (ttl <= Nanos(0)) return expire_at(key, now);
    // now + ttl, saturated: a signed overflow would be undefined and could land in the past.
    const bool overflows = now > Nanos(0) && ttl > Nanos::max() - now;
    expire_at(key, overflows ? Nanos::max() : now + ttl);
}

void TtlIndex::expire_at(CacheKey key, Nanos deadline) {
    const auto [it, inserted] = deadline_of_.try_emplace(key, deadline);
    if (!inserted) {
        by_deadline_.erase({it->second, key});
        it->second = deadline;
    }
    by_deadline_.emplace(deadline, key);
}

bool TtlIndex::clear(CacheKey key) {
    const auto it = deadline_of_.find(key);
    if (it == deadline_of_.end()) return false;
    by_deadline_.erase({it->second, key});
    deadline_of_.erase(it);
    return true;
}

std::optional<Nanos> TtlIndex::remaining(CacheKey key) const {
    const auto it = deadline_of_.find(key);
    if (it == deadline_of_.end()) return std::nullopt;
    const Nanos left = it->second - clock_.now();
    return left > Nanos(0) ? left : Nanos(0);
}

bool TtlIndex::is_due(CacheKey key) const {
    const auto it = deadline_of_.find(key);
    return it != deadline_of_.end() && it->second <= clock_.now();
}

bool TtlIndex::expire_if_due(CacheKey key) {
    if (!is_due(key)) return false;
    clear(key);
    ++expired_lazily_;
    return true;
}

std::size_t TtlIndex::sweep(std::size_t max_keys, std::vector<CacheKey>* expired) {
    const Nanos now = clock_.now();
    std::size_t count = 0;
    while (count < max_keys && !by_deadline_.empty()) {
        const auto first = by_deadline_.begin();
        if (first->first > now) break;
        const CacheKey key = first->second;
        by_deadline_.erase(first);
        deadline_of_.erase(key);
        if (expired != nullptr) expired->push_back(key);
        ++count;
    }
    expired_actively_ += count;
    return count;
}

std::optional<Nanos> TtlIndex::next_deadline() const {
    if (by_deadline_.empty()) return std::nullopt;
    return by_deadline_.begin()->first;
}

}  // namespace archlab::cache
