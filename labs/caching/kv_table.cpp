#include "labs/caching/kv_table.h"

#include <sqlite3.h>

#include <stdexcept>

#include "labs/caching/caching_config.h"

namespace archlab::caching {

namespace {
/// A prepared statement, finalised when it goes out of scope.
struct Statement {
    Statement(sqlite3* db, const char* sql) {
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("kv: cannot prepare: ") + sqlite3_errmsg(db));
        }
    }
    ~Statement() { sqlite3_finalize(st); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* st = nullptr;
};

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}
}  // namespace

void prepare_kv(SqlitePool& pool, std::uint32_t keys, int value_bytes) {
    pool.exec("DROP TABLE IF EXISTS kv;"
              "CREATE TABLE kv(key TEXT PRIMARY KEY, value TEXT NOT NULL, version INTEGER NOT NULL);");
    pool.with([&](sqlite3* db) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        {
            Statement ins(db, "INSERT INTO kv(key, value, version) VALUES(?, ?, 1)");
            const std::string value(static_cast<std::size_t>(value_bytes), 'v');
            for (std::uint32_t k = 0; k < keys; ++k) {
                bind_text(ins.st, 1, key_name(k));
                bind_text(ins.st, 2, value);
                if (sqlite3_step(ins.st) != SQLITE_DONE) {
                    throw std::runtime_error(std::string("kv: insert failed: ") + sqlite3_errmsg(db));
                }
                sqlite3_reset(ins.st);
            }
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    });
}

KvRow read_kv(sqlite3* db, std::uint32_t key) {
    Statement sel(db, "SELECT value, version FROM kv WHERE key = ?");
    bind_text(sel.st, 1, key_name(key));
    KvRow row;
    if (sqlite3_step(sel.st) == SQLITE_ROW) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(sel.st, 0));
        row.value.assign(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(sel.st, 0)));
        row.version = static_cast<std::uint64_t>(sqlite3_column_int64(sel.st, 1));
    }
    return row;
}

std::uint64_t write_kv(sqlite3* db, std::uint32_t key, const std::string& value) {
    Statement upd(db, "UPDATE kv SET value = ?, version = version + 1 WHERE key = ? RETURNING version");
    bind_text(upd.st, 1, value);
    bind_text(upd.st, 2, key_name(key));
    std::uint64_t version = 0;
    if (sqlite3_step(upd.st) == SQLITE_ROW) version = static_cast<std::uint64_t>(sqlite3_column_int64(upd.st, 0));
    return version;
}

}  // namespace archlab::caching
