#pragma once
// The keys outside clients (redis-cli -c, redis-benchmark --cluster) write through a shard's
// RESP door, in the shard's own SQLite database but in a table of their own, `resp_kv(key,
// value, expires_at_ms, slot)`, apart from the lab's `kv` rows: the workload's values are
// integers with versions the end-of-run audit checks against acknowledged writes, and an
// outside client's string keys are neither, so the audit never sees them. The two keyspaces do
// not mix: redis-cli GET k0000000042 answers nil.
//
// Used only on the shard node's thread (posted there with Runtime::post), synchronously: one
// small SQLite statement per call on that thread, acceptable for the few outside commands next
// to the lab's jobs. Live time only (the door exists in live mode), so expiries are measured on
// the system clock.
#include <memory>

#include "core/cluster/shard_keyspace.h"
#include "core/storage/sqlite_pool.h"

namespace archlab::partlab {

/// One outside key as stored: what a slot migration carries from shard to shard.
struct OutsideRow {
    std::string key;
    std::string value;
    std::int64_t expires_at_ms = 0;  ///< Unix ms; 0 = never
    bool operator==(const OutsideRow&) const = default;
};

/// Creates the resp_kv table (dropping an old one).
void outside_prepare(SqlitePool& pool);

class OutsideKeyspace : public cluster::ShardKeyspace {
public:
    explicit OutsideKeyspace(std::shared_ptr<SqlitePool> db) : db_(std::move(db)) {}

    std::optional<std::string> get(std::string_view key) override;
    void set(std::string_view key, std::string_view value, cluster::Expiry expiry) override;
    bool del(std::string_view key) override;
    bool exists(std::string_view key) override;
    std::size_t size() override;
    std::size_t expiring() override;
    std::size_t count_in_slot(std::uint32_t slot) override;
    std::vector<std::string> keys_in_slot(std::uint32_t slot, std::size_t count) override;
    /// The cursor is the next slot to visit, so an iteration survives writes between its steps.
    cluster::ScanPage scan(std::uint64_t cursor, std::size_t count) override;
    std::int64_t unix_ms() override;

    /// The live row of key (a slot migration reads it), or nullopt.
    std::optional<OutsideRow> row(std::string_view key);
    /// Stores a row as it came from another shard.
    void put(const OutsideRow& row);
    /// Slots holding at least one key (live or not yet purged), ascending.
    std::vector<std::uint32_t> slots_with_keys();

private:
    std::shared_ptr<SqlitePool> db_;
};

}  // namespace archlab::partlab
