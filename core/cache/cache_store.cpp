#include "core/cache/cache_store.h"

#include <utility>

namespace archlab::cache {

namespace {

PolicyConfig config_for(std::uint64_t capacity, CapacityUnit unit, std::uint64_t seed) {
    PolicyConfig config;
    config.capacity = capacity;
    config.unit = unit;
    config.seed = seed;
    return config;
}

}  // namespace

CacheStore::CacheStore(const PolicyRegistry& registry, std::string_view policy, std::uint64_t capacity,
                       CapacityUnit unit, std::uint64_t seed)
    : registry_(registry), seed_(seed), policy_(registry.create(policy, config_for(capacity, unit, seed))) {}

std::uint64_t CacheStore::cost_of(std::string_view key, const std::string& value) {
    return key.size() + value.size();
}

CacheStore::Entry* CacheStore::find_live(std::string_view key, CacheKey hashed, Nanos now) {
    clock_.set(now);
    const auto it = entries_.find(hashed);
    if (it == entries_.end()) return nullptr;
    if (ttl_.expire_if_due(hashed)) {
        drop(hashed, true);
        return nullptr;
    }
    // Two text keys with one 64-bit hash: the other key is simply not here.
    if (it->second.key != key) return nullptr;
    return &it->second;
}

void CacheStore::drop(CacheKey hashed, bool expired) {
    const auto it = entries_.find(hashed);
    if (it == entries_.end()) return;
    used_memory_ -= cost_of(it->second.key, it->second.stored.value);
    entries_.erase(it);
    policy_->erase(hashed);
    ttl_.clear(hashed);
    if (expired) ++expired_;
}

void CacheStore::drop_evicted(const std::vector<CacheKey>& evicted) {
    for (const CacheKey k : evicted) {
        const auto it = entries_.find(k);
        if (it == entries_.end()) continue;
        used_memory_ -= cost_of(it->second.key, it->second.stored.value);
        entries_.erase(it);
        ttl_.clear(k);
        ++evicted_;
    }
}

std::optional<StoredValue> CacheStore::get(std::string_view key, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    Entry* e = find_live(key, hashed, now);
    if (e == nullptr) {
        ++misses_;
        return std::nullopt;
    }
    policy_->lookup(hashed);
    ++hits_;
    return e->stored;
}

std::optional<StoredValue> CacheStore::lookup_no_touch(std::string_view key, Nanos now) {
    Entry* e = find_live(key, stable_key_hash(key), now);
    if (e == nullptr) {
        ++misses_;
        return std::nullopt;
    }
    ++hits_;
    return e->stored;
}

std::optional<StoredValue> CacheStore::peek(std::string_view key, Nanos now) {
    Entry* e = find_live(key, stable_key_hash(key), now);
    if (e == nullptr) return std::nullopt;
    return e->stored;
}

SetResult CacheStore::set(std::string_view key, std::string value, const SetOptions& options, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    Entry* existing = find_live(key, hashed, now);
    if ((options.nx && existing != nullptr) || (options.xx && existing == nullptr)) return SetResult::not_met;

    std::optional<Nanos> kept_deadline;
    if (existing != nullptr && options.keep_ttl) {
        if (const auto left = ttl_.remaining(hashed)) kept_deadline = now + *left;
    }
    // The old entry (or a colliding key's) goes first: the policy replaces it anyway.
    drop(hashed, false);

    const std::uint64_t cost = cost_of(key, value);
    scratch_.clear();
    if (!policy_->insert(hashed, cost, &scratch_)) {
        drop_evicted(scratch_);
        return SetResult::too_large;
    }
    drop_evicted(scratch_);
    used_memory_ += cost;
    entries_.emplace(hashed, Entry{std::string(key), StoredValue{std::move(value), options.version}});
    if (kept_deadline) ttl_.expire_at(hashed, *kept_deadline);
    else if (options.ttl) ttl_.expire_after(hashed, *options.ttl);
    return SetResult::stored;
}

bool CacheStore::erase(std::string_view key, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    if (find_live(key, hashed, now) == nullptr) return false;
    drop(hashed, false);
    return true;
}

bool CacheStore::exists(std::string_view key, Nanos now) {
    return find_live(key, stable_key_hash(key), now) != nullptr;
}

bool CacheStore::expire(std::string_view key, Nanos ttl, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    if (find_live(key, hashed, now) == nullptr) return false;
    if (ttl <= Nanos(0)) {
        drop(hashed, false);  // Redis deletes at once; it is a delete, not an expiry
        return true;
    }
    ttl_.expire_after(hashed, ttl);
    return true;
}

bool CacheStore::persist(std::string_view key, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    if (find_live(key, hashed, now) == nullptr) return false;
    return ttl_.clear(hashed);
}

std::optional<Nanos> CacheStore::ttl(std::string_view key, Nanos now) {
    const CacheKey hashed = stable_key_hash(key);
    if (find_live(key, hashed, now) == nullptr) return std::nullopt;
    const auto left = ttl_.remaining(hashed);
    return left ? *left : Nanos(-1);
}

std::size_t CacheStore::expire_some(std::size_t max_keys, Nanos now) {
    clock_.set(now);
    scratch_.clear();
    const std::size_t n = ttl_.sweep(max_keys, &scratch_);
    for (const CacheKey k : scratch_) drop(k, true);
    return n;
}

void CacheStore::flush() {
    for (const auto& [hashed, entry] : entries_) {
        policy_->erase(hashed);
        ttl_.clear(hashed);
    }
    entries_.clear();
    used_memory_ = 0;
}

void CacheStore::reconfigure(std::string_view policy, std::uint64_t capacity, CapacityUnit unit) {
    auto fresh = registry_.create(policy, config_for(capacity, unit, seed_));
    policy_ = std::move(fresh);
    // Re-admit what is resident; keys the new policy cannot hold are evicted.
    std::vector<CacheKey> keys;
    keys.reserve(entries_.size());
    for (const auto& [hashed, entry] : entries_) keys.push_back(hashed);
    for (const CacheKey k : keys) {
        const auto it = entries_.find(k);
        if (it == entries_.end()) continue;  // evicted by an earlier re-admission
        scratch_.clear();
        const bool admitted = policy_->insert(k, cost_of(it->second.key, it->second.stored.value), &scratch_);
        drop_evicted(scratch_);
        if (!admitted) drop_evicted({k});
    }
}

std::vector<std::string> CacheStore::live_keys(Nanos now) {
    clock_.set(now);
    std::vector<std::string> out;
    out.reserve(entries_.size());
    for (const auto& [hashed, entry] : entries_) {
        if (!ttl_.is_due(hashed)) out.push_back(entry.key);
    }
    return out;
}

CacheStoreStats CacheStore::stats() const {
    CacheStoreStats s;
    s.hits = hits_;
    s.misses = misses_;
    s.evicted_keys = evicted_;
    s.expired_keys = expired_;
    s.keys = entries_.size();
    s.used_memory = used_memory_;
    s.capacity = policy_->capacity();
    s.unit = policy_->unit();
    s.policy = std::string(policy_->name());
    return s;
}

}  // namespace archlab::cache
