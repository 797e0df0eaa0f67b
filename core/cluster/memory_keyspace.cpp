#include "core/cluster/memory_keyspace.h"

#include <chrono>

#include "core/partition/hash_slot.h"

namespace archlab::cluster {

MemoryShardKeyspace::MemoryShardKeyspace(std::function<std::int64_t()> clock) : clock_(std::move(clock)) {
    if (!clock_) {
        clock_ = [] {
            return std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                .count();
        };
    }
}

MemoryShardKeyspace::Entry* MemoryShardKeyspace::live(std::string_view key) {
    const auto slot_it = slots_.find(partition::hash_slot(key));
    if (slot_it == slots_.end()) return nullptr;
    const auto it = slot_it->second.find(key);
    if (it == slot_it->second.end()) return nullptr;
    if (it->second.expires_at_ms && *it->second.expires_at_ms <= clock_()) {
        slot_it->second.erase(it);
        if (slot_it->second.empty()) slots_.erase(slot_it);
        return nullptr;
    }
    return &it->second;
}

void MemoryShardKeyspace::purge() {
    const std::int64_t now = clock_();
    for (auto slot_it = slots_.begin(); slot_it != slots_.end();) {
        std::erase_if(slot_it->second, [&](const auto& kv) { return kv.second.expires_at_ms && *kv.second.expires_at_ms <= now; });
        slot_it = slot_it->second.empty() ? slots_.erase(slot_it) : std::next(slot_it);
    }
}

std::optional<std::string> MemoryShardKeyspace::get(std::string_view key) {
    const Entry* e = live(key);
    if (e == nullptr) return std::nullopt;
    return e->value;
}

void MemoryShardKeyspace::set(std::string_view key, std::string_view value, Expiry expiry) {
    Entry* old = live(key);
    std::optional<std::int64_t> deadline;
    if (expiry.kind == Expiry::Kind::keep && old != nullptr) deadline = old->expires_at_ms;
    if (expiry.kind == Expiry::Kind::at) deadline = expiry.at_unix_ms;
    slots_[partition::hash_slot(key)].insert_or_assign(std::string(key), Entry{std::string(value), deadline});
}

bool MemoryShardKeyspace::del(std::string_view key) {
    if (live(key) == nullptr) return false;
    const auto slot_it = slots_.find(partition::hash_slot(key));
    slot_it->second.erase(slot_it->second.find(key));
    if (slot_it->second.empty()) slots_.erase(slot_it);
    return true;
}

bool MemoryShardKeyspace::exists(std::string_view key) { return live(key) != nullptr; }

std::size_t MemoryShardKeyspace::size() {
    purge();
    std::size_t n = 0;
    for (const auto& [slot, keys] : slots_) n += keys.size();
    return n;
}

std::size_t MemoryShardKeyspace::expiring() {
    purge();
    std::size_t n = 0;
    for (const auto& [slot, keys] : slots_) {
        for (const auto& [k, e] : keys) n += e.expires_at_ms ? 1 : 0;
    }
    return n;
}

std::size_t MemoryShardKeyspace::count_in_slot(std::uint32_t slot) {
    purge();
    const auto it = slots_.find(slot);
    return it == slots_.end() ? 0 : it->second.size();
}

std::vector<std::string> MemoryShardKeyspace::keys_in_slot(std::uint32_t slot, std::size_t count) {
    purge();
    std::vector<std::string> out;
    const auto it = slots_.find(slot);
    if (it == slots_.end()) return out;
    for (const auto& [k, e] : it->second) {
        if (out.size() >= count) break;
        out.push_back(k);
    }
    return out;
}

ScanPage MemoryShardKeyspace::scan(std::uint64_t cursor, std::size_t count) {
    purge();
    ScanPage page;
    if (cursor >= partition::kHashSlots) return page;  // a cursor we never gave: the iteration ends
    auto it = slots_.lower_bound(static_cast<std::uint32_t>(cursor));
    // Whole slots at a time, so the cursor (the next slot) never skips a key.
    for (; it != slots_.end() && (page.keys.empty() || page.keys.size() < count); ++it) {
        for (const auto& [k, e] : it->second) page.keys.push_back(k);
    }
    page.next = it == slots_.end() ? 0 : it->first;
    return page;
}

}  // namespace archlab::cluster
