#include "labs/partitioning/shard_store.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

#include <stdexcept>

namespace archlab::partlab {

namespace {

using Statement = SqliteStatement;

Row row_of(sqlite3_stmt* st) {
    Row r;
    r.key.assign(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), std::size_t(sqlite3_column_bytes(st, 0)));
    r.value = sqlite3_column_int64(st, 1);
    r.version = static_cast<std::uint64_t>(sqlite3_column_int64(st, 2));
    return r;
}

/// Runs fn inside BEGIN .. COMMIT.
template <class F>
void in_transaction(sqlite3* db, F&& fn) {
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    fn();
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}
}  // namespace

void store_prepare(SqlitePool& pool) {
    pool.exec("DROP TABLE IF EXISTS kv;"
              "CREATE TABLE kv(key TEXT PRIMARY KEY, value INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;");
}

void store_upsert(sqlite3* db, const std::vector<Row>& rows) {
    in_transaction(db, [&] {
        Statement up(db,
                     "INSERT INTO kv(key, value, version) VALUES(?1, ?2, ?3) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version "
                     "WHERE excluded.version > kv.version");
        for (const Row& r : rows) {
            up.text(1, r.key);
            sqlite3_bind_int64(up.st, 2, r.value);
            sqlite3_bind_int64(up.st, 3, static_cast<sqlite3_int64>(r.version));
            check_sqlite(sqlite3_step(up.st), db, "upsert");
            sqlite3_reset(up.st);
        }
    });
}

std::optional<Row> store_read(sqlite3* db, const std::string& key) {
    Statement q(db, "SELECT key, value, version FROM kv WHERE key = ?1");
    q.text(1, key);
    if (sqlite3_step(q.st) == SQLITE_ROW) return row_of(q.st);
    return std::nullopt;
}

std::vector<Row> store_scan(sqlite3* db, const std::string& lo, const std::string& hi) {
    Statement q(db, "SELECT key, value, version FROM kv WHERE key >= ?1 AND key < ?2 ORDER BY key");
    q.text(1, lo);
    q.text(2, hi);
    std::vector<Row> out;
    while (sqlite3_step(q.st) == SQLITE_ROW) out.push_back(row_of(q.st));
    return out;
}

std::vector<Row> store_rows(sqlite3* db, const std::vector<std::string>& keys) {
    Statement q(db, "SELECT key, value, version FROM kv WHERE key = ?1");
    std::vector<Row> out;
    for (const std::string& k : keys) {
        q.text(1, k);
        if (sqlite3_step(q.st) == SQLITE_ROW) out.push_back(row_of(q.st));
        sqlite3_reset(q.st);
    }
    return out;
}

void store_erase(sqlite3* db, const std::vector<std::string>& keys) {
    in_transaction(db, [&] {
        Statement del(db, "DELETE FROM kv WHERE key = ?1");
        for (const std::string& k : keys) {
            del.text(1, k);
            check_sqlite(sqlite3_step(del.st), db, "erase");
            sqlite3_reset(del.st);
        }
    });
}

std::vector<std::string> store_keys(sqlite3* db) {
    Statement q(db, "SELECT key FROM kv ORDER BY key");
    std::vector<std::string> out;
    while (sqlite3_step(q.st) == SQLITE_ROW) {
        out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q.st, 0)), std::size_t(sqlite3_column_bytes(q.st, 0)));
    }
    return out;
}

std::map<std::string, std::uint64_t> store_dump(SqlitePool& pool) {
    std::map<std::string, std::uint64_t> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT key, value, version FROM kv");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            Row r = row_of(q.st);
            out[r.key] = r.version;
        }
    });
    return out;
}

}  // namespace archlab::partlab
