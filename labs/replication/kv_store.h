#pragma once
// A data node's key-value table in its own SQLite database: value and version per key, the
// ledger of every write value applied (the lab reads it at the end to find lost writes: rows
// `applied`, and `applied_ranges` for what a snapshot brought in), and the replication log
// entries applied, by position (a restarted node reads them back).
#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/replication/repl_messages.h"

struct sqlite3;

namespace archlab::replication {

/// Creates the tables (dropping old ones).
void kv_prepare(SqlitePool& pool);
/// Empties the tables: a node that lost its place in the log copies it again from scratch.
void kv_wipe(sqlite3* db);
/// Applies entries in one transaction; a key keeps the higher version (last writer wins).
/// Entries with a log position (pos >= 1) are kept in the log table too. Throws
/// std::runtime_error with SQLite's message.
void kv_apply(sqlite3* db, const std::vector<LogEntry>& entries);
/// The tail of the log a restarted node reads back: the entry before the tail (`base`, all zero
/// when the tail starts at position 1) and up to `capacity` entries after it, in position order.
struct LoadedLog {
    LogEntry base;
    std::vector<LogEntry> entries;
};
/// The log entries applied, as a LoadedLog: positions base+1 .. the last one applied (the log
/// starts at 1, or at the position of the snapshot the node was last rebuilt from).
LoadedLog kv_load_log(sqlite3* db, std::size_t capacity);
/// The whole store (kv table, and the ledger as ascending disjoint ranges): what a full resync sends.
StoreSnapshot kv_read_snapshot(sqlite3* db);
/// Replaces the store with a snapshot taken at log entry `at`, in one transaction: the log
/// table then holds `at` alone, and the log goes on from there.
void kv_install_snapshot(sqlite3* db, const StoreSnapshot& s, const LogEntry& at);
/// The key's value and version (found = 0 when absent).
ReadReply kv_read(sqlite3* db, std::uint32_t key);
/// Every write value this database has applied (ranges expanded).
std::set<std::int64_t> kv_applied_values(SqlitePool& pool);
/// The values among `values` that this database's ledger lacks, ascending. One range scan of
/// the ledger's index over [min, max] of the values, merged: no copy of the whole ledger.
std::vector<std::int64_t> kv_missing_values(SqlitePool& pool, std::vector<std::int64_t> values);
/// key -> {value, version} of the whole table.
std::map<std::uint32_t, ReadReply> kv_dump(SqlitePool& pool);

}  // namespace archlab::replication
