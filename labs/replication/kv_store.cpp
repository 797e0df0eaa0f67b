#include "labs/replication/kv_store.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

#include <stdexcept>
#include <string>

namespace archlab::replication {

namespace {

using Statement = SqliteStatement;
}  // namespace

void kv_prepare(SqlitePool& pool) {
    pool.exec(
        "DROP TABLE IF EXISTS kv; DROP TABLE IF EXISTS applied; DROP TABLE IF EXISTS log;"
        "CREATE TABLE kv(key INTEGER PRIMARY KEY, value INTEGER NOT NULL, version INTEGER NOT NULL);"
        "CREATE TABLE applied(value INTEGER PRIMARY KEY, key INTEGER NOT NULL, version INTEGER NOT NULL);"
        "CREATE TABLE log(pos INTEGER PRIMARY KEY, key INTEGER NOT NULL, value INTEGER NOT NULL,"
        "                 version INTEGER NOT NULL, commit_ns INTEGER NOT NULL);");
}

void kv_wipe(sqlite3* db) {
    check_sqlite(sqlite3_exec(db, "DELETE FROM kv; DELETE FROM applied; DELETE FROM log;", nullptr, nullptr, nullptr), db, "wipe");
}

void kv_apply(sqlite3* db, const std::vector<LogEntry>& entries) {
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    {
        Statement up(db,
                     "INSERT INTO kv(key, value, version) VALUES(?1, ?2, ?3) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value, version = excluded.version "
                     "WHERE excluded.version > kv.version");
        Statement led(db, "INSERT OR IGNORE INTO applied(value, key, version) VALUES(?1, ?2, ?3)");
        // Each position is written once between wipes; REPLACE keeps the newest should it not be.
        Statement log(db, "INSERT OR REPLACE INTO log(pos, key, value, version, commit_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
        for (const LogEntry& e : entries) {
            for (sqlite3_stmt* st : {up.st, led.st}) {
                const bool ledger = st == led.st;
                sqlite3_bind_int64(st, ledger ? 2 : 1, e.key);
                sqlite3_bind_int64(st, ledger ? 1 : 2, e.value);
                sqlite3_bind_int64(st, 3, static_cast<sqlite3_int64>(e.version));
                check_sqlite(sqlite3_step(st), db, "apply");
                sqlite3_reset(st);
            }
            if (e.pos == 0) continue;  // quorum mode: no log
            sqlite3_bind_int64(log.st, 1, static_cast<sqlite3_int64>(e.pos));
            sqlite3_bind_int64(log.st, 2, e.key);
            sqlite3_bind_int64(log.st, 3, e.value);
            sqlite3_bind_int64(log.st, 4, static_cast<sqlite3_int64>(e.version));
            sqlite3_bind_int64(log.st, 5, e.commit_ns);
            check_sqlite(sqlite3_step(log.st), db, "apply");
            sqlite3_reset(log.st);
        }
    }
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
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

std::vector<LogEntry> kv_load_log(sqlite3* db) {
    Statement q(db, "SELECT pos, key, value, version, commit_ns FROM log ORDER BY pos");
    std::vector<LogEntry> out;
    while (sqlite3_step(q.st) == SQLITE_ROW) {
        LogEntry e;
        e.pos = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 0));
        e.key = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 1));
        e.value = sqlite3_column_int64(q.st, 2);
        e.version = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 3));
        e.commit_ns = sqlite3_column_int64(q.st, 4);
        if (e.pos != out.size() + 1) break;  // a hole: what follows it cannot be replayed in order
        out.push_back(e);
    }
    return out;
}

std::set<std::int64_t> kv_applied_values(SqlitePool& pool) {
    std::set<std::int64_t> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT value FROM applied");
        while (sqlite3_step(q.st) == SQLITE_ROW) out.insert(sqlite3_column_int64(q.st, 0));
    });
    return out;
}

std::vector<std::int64_t> kv_applied_values_sorted(SqlitePool& pool) {
    std::vector<std::int64_t> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT value FROM applied ORDER BY value");  // the primary key: no sort step
        while (sqlite3_step(q.st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(q.st, 0));
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
