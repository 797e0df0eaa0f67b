#include "labs/replication/kv_store.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace archlab::replication {

namespace {

using Statement = SqliteStatement;

std::int64_t kv_scalar(sqlite3* db, const char* sql) {
    Statement q(db, sql);
    return sqlite3_step(q.st) == SQLITE_ROW ? sqlite3_column_int64(q.st, 0) : 0;
}

constexpr const char* kWipeSql = "DELETE FROM kv; DELETE FROM applied; DELETE FROM applied_ranges; DELETE FROM log;";

/// The ledger (rows and ranges) as ascending disjoint ranges, merged as they are read.
std::vector<ValueRange> kv_ledger_ranges(sqlite3* db) {
    std::vector<ValueRange> out;
    const auto add = [&](std::int64_t lo, std::int64_t hi) {
        if (!out.empty() && lo <= out.back().hi + 1) out.back().hi = std::max(out.back().hi, hi);
        else out.push_back({lo, hi});
    };
    Statement rows(db, "SELECT value FROM applied ORDER BY value");
    Statement ranges(db, "SELECT lo, hi FROM applied_ranges ORDER BY lo");
    bool row = sqlite3_step(rows.st) == SQLITE_ROW, range = sqlite3_step(ranges.st) == SQLITE_ROW;
    while (row || range) {
        const std::int64_t v = row ? sqlite3_column_int64(rows.st, 0) : 0;
        const std::int64_t lo = range ? sqlite3_column_int64(ranges.st, 0) : 0;
        if (row && (!range || v < lo)) {
            add(v, v);
            row = sqlite3_step(rows.st) == SQLITE_ROW;
        } else {
            add(lo, sqlite3_column_int64(ranges.st, 1));
            range = sqlite3_step(ranges.st) == SQLITE_ROW;
        }
    }
    return out;
}

void kv_insert_log(Statement& log, sqlite3* db, const LogEntry& e) {
    sqlite3_bind_int64(log.st, 1, static_cast<sqlite3_int64>(e.pos));
    sqlite3_bind_int64(log.st, 2, e.key);
    sqlite3_bind_int64(log.st, 3, e.value);
    sqlite3_bind_int64(log.st, 4, static_cast<sqlite3_int64>(e.version));
    sqlite3_bind_int64(log.st, 5, e.commit_ns);
    check_sqlite(sqlite3_step(log.st), db, "log");
    sqlite3_reset(log.st);
}
}  // namespace

void kv_prepare(SqlitePool& pool) {
    pool.exec(
        "DROP TABLE IF EXISTS kv; DROP TABLE IF EXISTS applied; DROP TABLE IF EXISTS applied_ranges;"
        "DROP TABLE IF EXISTS log;"
        "CREATE TABLE kv(key INTEGER PRIMARY KEY, value INTEGER NOT NULL, version INTEGER NOT NULL);"
        "CREATE TABLE applied(value INTEGER PRIMARY KEY, key INTEGER NOT NULL, version INTEGER NOT NULL);"
        "CREATE TABLE applied_ranges(lo INTEGER PRIMARY KEY, hi INTEGER NOT NULL);"
        "CREATE TABLE log(pos INTEGER PRIMARY KEY, key INTEGER NOT NULL, value INTEGER NOT NULL,"
        "                 version INTEGER NOT NULL, commit_ns INTEGER NOT NULL);");
}

void kv_wipe(sqlite3* db) {
    check_sqlite(sqlite3_exec(db, kWipeSql, nullptr, nullptr, nullptr), db, "wipe");
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
            if (e.pos != 0) kv_insert_log(log, db, e);  // quorum mode: no log
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

LoadedLog kv_load_log(sqlite3* db, std::size_t capacity) {
    LoadedLog out;
    const std::int64_t first = kv_scalar(db, "SELECT MIN(pos) FROM log");
    const std::int64_t last = kv_scalar(db, "SELECT MAX(pos) FROM log");
    if (first < 1) return out;
    // Only the tail the backlog holds (and the entry before it, its base) is read back.
    const std::int64_t from = std::max(first, last - static_cast<std::int64_t>(capacity));
    Statement q(db, "SELECT pos, key, value, version, commit_ns FROM log WHERE pos >= ?1 ORDER BY pos");
    sqlite3_bind_int64(q.st, 1, from);
    std::uint64_t next = static_cast<std::uint64_t>(from);
    while (sqlite3_step(q.st) == SQLITE_ROW) {
        LogEntry e;
        e.pos = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 0));
        e.key = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 1));
        e.value = sqlite3_column_int64(q.st, 2);
        e.version = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 3));
        e.commit_ns = sqlite3_column_int64(q.st, 4);
        if (e.pos != next++) break;  // a hole: what follows it cannot be replayed in order
        if (e.pos == static_cast<std::uint64_t>(from) && e.pos > 1) out.base = e;  // known, not replayed
        else out.entries.push_back(e);
    }
    return out;
}

StoreSnapshot kv_read_snapshot(sqlite3* db) {
    StoreSnapshot s;
    // One read transaction: the kv table and the ledger as of the same instant.
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    {
        Statement q(db, "SELECT key, value, version FROM kv ORDER BY key");
        while (sqlite3_step(q.st) == SQLITE_ROW) {
            StoreRow r;
            r.key = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 0));
            r.value = sqlite3_column_int64(q.st, 1);
            r.version = static_cast<std::uint64_t>(sqlite3_column_int64(q.st, 2));
            s.keys.push_back(r);
        }
    }
    s.ledger = kv_ledger_ranges(db);
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    return s;
}

void kv_install_snapshot(sqlite3* db, const StoreSnapshot& s, const LogEntry& at) {
    check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    check_sqlite(sqlite3_exec(db, kWipeSql, nullptr, nullptr, nullptr), db, "wipe");
    {
        Statement kv(db, "INSERT INTO kv(key, value, version) VALUES(?1, ?2, ?3)");
        for (const StoreRow& r : s.keys) {
            sqlite3_bind_int64(kv.st, 1, r.key);
            sqlite3_bind_int64(kv.st, 2, r.value);
            sqlite3_bind_int64(kv.st, 3, static_cast<sqlite3_int64>(r.version));
            check_sqlite(sqlite3_step(kv.st), db, "snapshot");
            sqlite3_reset(kv.st);
        }
        Statement led(db, "INSERT INTO applied_ranges(lo, hi) VALUES(?1, ?2)");
        for (const ValueRange& r : s.ledger) {
            sqlite3_bind_int64(led.st, 1, r.lo);
            sqlite3_bind_int64(led.st, 2, r.hi);
            check_sqlite(sqlite3_step(led.st), db, "snapshot");
            sqlite3_reset(led.st);
        }
        Statement log(db, "INSERT INTO log(pos, key, value, version, commit_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
        kv_insert_log(log, db, at);
    }
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}

std::set<std::int64_t> kv_applied_values(SqlitePool& pool) {
    std::set<std::int64_t> out;
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT value FROM applied");
        while (sqlite3_step(q.st) == SQLITE_ROW) out.insert(sqlite3_column_int64(q.st, 0));
        Statement r(db, "SELECT lo, hi FROM applied_ranges");
        while (sqlite3_step(r.st) == SQLITE_ROW) {
            for (std::int64_t v = sqlite3_column_int64(r.st, 0), hi = sqlite3_column_int64(r.st, 1); v <= hi; ++v) out.insert(v);
        }
    });
    return out;
}

std::vector<std::int64_t> kv_missing_values(SqlitePool& pool, std::vector<std::int64_t> values) {
    std::vector<std::int64_t> missing;
    if (values.empty()) return missing;
    std::sort(values.begin(), values.end());
    pool.with([&](sqlite3* db) {
        Statement q(db, "SELECT value FROM applied WHERE value >= ?1 AND value <= ?2 ORDER BY value");
        sqlite3_bind_int64(q.st, 1, values.front());
        sqlite3_bind_int64(q.st, 2, values.back());
        auto next = values.begin();
        while (next != values.end() && sqlite3_step(q.st) == SQLITE_ROW) {
            const std::int64_t held = sqlite3_column_int64(q.st, 0);
            for (; next != values.end() && *next < held; ++next) missing.push_back(*next);
            for (; next != values.end() && *next == held; ++next) {
            }
        }
        missing.insert(missing.end(), next, values.end());
        if (missing.empty()) return;
        // What a snapshot brought in is held as ranges: drop the values inside one.
        Statement r(db, "SELECT lo, hi FROM applied_ranges WHERE hi >= ?1 AND lo <= ?2 ORDER BY lo");
        sqlite3_bind_int64(r.st, 1, missing.front());
        sqlite3_bind_int64(r.st, 2, missing.back());
        std::vector<std::int64_t> outside;
        auto m = missing.begin();
        while (m != missing.end() && sqlite3_step(r.st) == SQLITE_ROW) {
            const std::int64_t lo = sqlite3_column_int64(r.st, 0), hi = sqlite3_column_int64(r.st, 1);
            for (; m != missing.end() && *m < lo; ++m) outside.push_back(*m);
            for (; m != missing.end() && *m <= hi; ++m) {
            }
        }
        outside.insert(outside.end(), m, missing.end());
        missing.swap(outside);
    });
    return missing;
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
