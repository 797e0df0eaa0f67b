#pragma once
// The database's one table, kv(key TEXT PRIMARY KEY, value TEXT, version INTEGER), and the
// statements the db node runs on it.
#include <cstdint>
#include <string>

#include "core/storage/sqlite_pool.h"

struct sqlite3;

namespace archlab::caching {

struct KvRow {
    std::string value;
    std::uint64_t version = 0;  ///< 0 when the key is absent
};

/// Creates the table with keys 0..keys-1 at version 1, each value `value_bytes` long.
void prepare_kv(SqlitePool& pool, std::uint32_t keys, int value_bytes);
KvRow read_kv(sqlite3* db, std::uint32_t key);
/// Stores value and bumps the version; returns the new version (0 when the key is absent).
std::uint64_t write_kv(sqlite3* db, std::uint32_t key, const std::string& value);

}  // namespace archlab::caching
