#pragma once
// A ShardKeyspace in memory: keys sorted within each hash slot, expiries checked on access
// against an injected clock. SCAN's cursor is the next slot to visit, so an iteration survives
// writes between its steps. Single-threaded, as the interface says.
//
//   std::int64_t now_ms = 1'700'000'000'000;
//   MemoryShardKeyspace keyspace([&] { return now_ms; });
#include <functional>
#include <map>
#include <set>

#include "core/cluster/shard_keyspace.h"

namespace archlab::cluster {

class MemoryShardKeyspace : public ShardKeyspace {
public:
    /// clock: Unix time in ms; by default the system clock.
    explicit MemoryShardKeyspace(std::function<std::int64_t()> clock = {});

    std::optional<std::string> get(std::string_view key) override;
    void set(std::string_view key, std::string_view value, Expiry expiry) override;
    bool del(std::string_view key) override;
    bool exists(std::string_view key) override;
    std::size_t size() override;
    std::size_t expiring() override;
    std::size_t count_in_slot(std::uint32_t slot) override;
    std::vector<std::string> keys_in_slot(std::uint32_t slot, std::size_t count) override;
    ScanPage scan(std::uint64_t cursor, std::size_t count) override;
    std::int64_t unix_ms() override { return clock_(); }

private:
    struct Entry {
        std::string value;
        std::optional<std::int64_t> expires_at_ms;  ///< Unix ms; none = never
    };
    using Slot = std::map<std::string, Entry, std::less<>>;

    /// The live entry of key, dropping it when it expired; nullptr when absent.
    Entry* live(std::string_view key);
    /// Drops every expired key.
    void purge();

    std::function<std::int64_t()> clock_;
    std::map<std::uint32_t, Slot> slots_;  ///< keys by hash slot; empty slots removed
};

}  // namespace archlab::cluster
