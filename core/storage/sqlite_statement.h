#pragma once
// A prepared SQLite statement finalized on scope exit, and the error check every store uses:
// one copy for the stores of the labs and the broker (each opens its own database).
#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace archlab {

/// Throws std::runtime_error "what: sqlite's message" unless rc is OK, DONE or ROW.
inline void check_sqlite(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
    }
}

struct SqliteStatement {
    SqliteStatement(sqlite3* conn, const char* sql) : db(conn) {
        check_sqlite(sqlite3_prepare_v2(conn, sql, -1, &st, nullptr), conn, sql);
    }
    ~SqliteStatement() { sqlite3_finalize(st); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void text(int i, const std::string& v) {
        sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(st, i, v); }
    void u64(int i, std::uint64_t v) { sqlite3_bind_int64(st, i, static_cast<sqlite3_int64>(v)); }
    /// Steps once (a write) and resets for the next use.
    void run(const char* what) {
        check_sqlite(sqlite3_step(st), db, what);
        sqlite3_reset(st);
    }
    /// Steps once: true while there is a row to read.
    bool row() {
        const int rc = sqlite3_step(st);
        check_sqlite(rc, db, "step");
        return rc == SQLITE_ROW;
    }
    void reset() { sqlite3_reset(st); }
    std::uint64_t col_u64(int i) const { return static_cast<std::uint64_t>(sqlite3_column_int64(st, i)); }
    std::string col_text(int i) const {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st, i))) : std::string();
    }

    sqlite3* db;
    sqlite3_stmt* st = nullptr;
};

}  // namespace archlab
