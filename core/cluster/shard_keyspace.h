#pragma once
// The data a cluster shard serves, as ShardCommands needs it: string keys and values with an
// optional expiry, counted and listed per hash slot. The partitioning lab implements it on its
// shard's SQLite database; MemoryShardKeyspace is the in-memory one for tests and tools. Every
// call comes from the one thread that owns the keyspace (the shard node's), so an
// implementation needs no locking of its own. Keys whose expiry has passed are absent.
//
//   class SqliteKeyspace : public cluster::ShardKeyspace { ... };   // the lab's
//   std::string reply = commands.run(request, keyspace, *map_snapshot, self_index);
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::cluster {

/// What a write does to the key's expiry.
struct Expiry {
    enum class Kind {
        none,  ///< the key does not expire (an old expiry is cleared)
        keep,  ///< the key keeps the expiry it had (SET KEEPTTL, INCR)
        at,    ///< the key expires at at_unix_ms
    };
    Kind kind = Kind::none;
    std::int64_t at_unix_ms = 0;  ///< with Kind::at: the deadline, Unix time in milliseconds
};

/// One step of a SCAN: the keys and the cursor to go on from (0 = done).
struct ScanPage {
    std::uint64_t next = 0;
    std::vector<std::string> keys;
};

class ShardKeyspace {
public:
    virtual ~ShardKeyspace() = default;

    /// The value, or nullopt when the key is absent (or expired).
    virtual std::optional<std::string> get(std::string_view key) = 0;
    /// Stores value under key with the given expiry (creates or replaces).
    virtual void set(std::string_view key, std::string_view value, Expiry expiry) = 0;
    /// Removes the key; true when it was there.
    virtual bool del(std::string_view key) = 0;
    /// Whether the key is present.
    virtual bool exists(std::string_view key) = 0;
    /// Keys present (DBSIZE).
    virtual std::size_t size() = 0;
    /// Keys present with an expiry (INFO keyspace's expires=).
    virtual std::size_t expiring() = 0;
    /// Keys present in the hash slot (CLUSTER COUNTKEYSINSLOT).
    virtual std::size_t count_in_slot(std::uint32_t slot) = 0;
    /// Up to `count` keys of the slot (CLUSTER GETKEYSINSLOT; a migration moves them in batches).
    virtual std::vector<std::string> keys_in_slot(std::uint32_t slot, std::size_t count) = 0;
    /// About `count` keys from cursor on (0 = start). A full iteration returns every key present
    /// throughout it at least once.
    virtual ScanPage scan(std::uint64_t cursor, std::size_t count) = 0;
    /// Now, as Unix time in milliseconds: the clock expiries are measured on (virtual in
    /// virtual time).
    virtual std::int64_t unix_ms() = 0;
};

}  // namespace archlab::cluster
