#include "labs/replication/kv_store.h"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace archlab::replication {

namespace {
void check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
    }
}

/// A prepared statement finalized on scope exit.
struct Statement {
    Statement(sqlite3* db, const char* sql) { check(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), db, sql); }
    ~Statement() { sqlite3_finalize(st); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* st = nullptr;
};
}  // namespace

void kv_prepare(SqlitePool& pool) {
    pool.exec(
        "DROP TABLE IF EXISTS kv; DROP TABLE IF EXISTS applied;"
        "CREATE TABLE kv(key INTEGER PRIMARY KEY, value INTEGER NOT NULL, version INTEGER NOT NULL);"
        "CREATE TABLE applied(value INTEGER PRIMARY KEY, key INTEGER NOT NULL, version INTEGER NOT NULL);");
}

void kv_wipe(sqlite3* db) {
    check(sqlite3_exec(db, "DELETE FROM kv; DELETE FROM applied;", nullptr, nullptr, nullptr), db, "wipe");
}

void kv_apply(sqlite3* db, const std::vector<LogEntry>& entries) {
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    {
        Statement up(db,
                     "INSERT INTO kv(key, value, version) VALUES(?1, ?2, ?3) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version "
                     "WHERE excluded.version > kv.version");
        Statement led(db, "INSERT OR IGNORE INTO applied(value, key, version) VALUES(?1, ?2, ?3)");
        for (const LogEntry& e : entries) {
            for (sqlite3_stmt* st : {up.st, led.st}) {
                const bool ledger = st == led.st;
                sqlite3_bind_int64(st, ledger ? 2 : 1, e.key);
                sqlite3_bind_int64(st, ledger ? 1 : 2, e.value);
                sqlite3_bind_int64(st, 3, static_cast<sqlite3_int64>(e.version));
                check(sqlite3_step(st), db, "apply");
                sqlite3_reset(st);
            }
        }
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}

ReadReply kv_read(sqlite3* db, std::uint32_t key) {
    Statement q(db, "SELECT value, version FROM kv WHERE key = ?1");
    sqlite3_bind_int64(q.st, 1, key);
    ReadReply r;
    if (sqlite3_step(q.st) == SQLITE_ROW) {
        r.found = 1;
        r.value = sqlite3_column_int64(q.st, 0);
        r.version = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 1));
    }
    return r;
}

std::set<std::int64_t> kv_applied_values(SqlitePool& pool) {
    std::set<std::int64_t> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT value FROM applied");
        while (sqlite3_step(q.st) == SQLITE_ROW) out.insert(sqlite3_column_int64(q.st, 0));
    });
    return out;
}

std::map<std::uint32_t, ReadReply> kv_dump(SqlitePool& pool) {
    std::map<std::uint32_t, ReadReply> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT key, value, version FROM kv");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            ReadReply r;
            r.found = 1;
            r.value = sqlite3_column_int64(q.st, 1);
            r.version = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 2));
            out[static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 0))] = r;
        }
    });
    return out;
}

}  // namespace archlab::replication
