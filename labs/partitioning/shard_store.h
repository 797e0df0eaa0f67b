#pragma once
// A shard's rows in its own SQLite database: key, value, version. A row keeps the higher
// version when written twice (a migration batch resent, a write retried), so applying the same
// rows again changes nothing. Throws std::runtime_error with SQLite's message.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/part_messages.h"

struct sqlite3;

namespace archlab::partlab {

/// Creates the table (dropping an old one).
void store_prepare(SqlitePool& pool);
/// Writes rows in one transaction, each kept only if its version is higher than the stored one.
void store_upsert(sqlite3* db, const std::vector<Row>& rows);
std::optional<Row> store_read(sqlite3* db, const std::string& key);
/// Rows with lo <= key < hi, in key order.
std::vector<Row> store_scan(sqlite3* db, const std::string& lo, const std::string& hi);
/// The rows of these keys that exist.
std::vector<Row> store_rows(sqlite3* db, const std::vector<std::string>& keys);
/// Deletes these keys in one transaction.
void store_erase(sqlite3* db, const std::vector<std::string>& keys);
/// Every key, in order.
std::vector<std::string> store_keys(sqlite3* db);
/// key -> version of the whole table (the end-of-run audit).
std::map<std::string, std::uint64_t> store_dump(SqlitePool& pool);

}  // namespace archlab::partlab
