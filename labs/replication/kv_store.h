#pragma once
// A data node's key-value table in its own SQLite database: value and version per key, plus
// the ledger of every write value applied, which the lab reads at the end to find lost writes.
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
/// Empties both tables: a node that lost its place in the log copies it again from scratch.
void kv_wipe(sqlite3* db);
/// Applies entries in one transaction; a key keeps the higher version (last writer wins).
/// Throws std::runtime_error with SQLite's message.
void kv_apply(sqlite3* db, const std::vector<LogEntry>& entries);
/// The key's value and version (found = 0 when absent).
ReadReply kv_read(sqlite3* db, std::uint32_t key);
/// Every write value this database has applied.
std::set<std::int64_t> kv_applied_values(SqlitePool& pool);
/// key -> {value, version} of the whole table.
std::map<std::uint32_t, ReadReply> kv_dump(SqlitePool& pool);

}  // namespace archlab::replication
