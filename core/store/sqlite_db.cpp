#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <stdexcept>

namespace archlab {

namespace {
/// What a person can do about a failure, by SQLite's primary result code ("" when nothing useful).
std::string advice(int code) {
    switch (code & 0xff) {
        case SQLITE_FULL:
            return " (the disk is full: free some space; what could not be written is lost, the rest is kept)";
        case SQLITE_READONLY:
            return " (the file or its folder is read-only: make it writable, or set ARCHLAB_STORE to another path)";
        case SQLITE_CANTOPEN:
            return " (the folder is missing or read-only: make it writable, or set ARCHLAB_STORE to another path)";
        case SQLITE_PERM:
        case SQLITE_AUTH:
            return " (no permission: make it writable, or set ARCHLAB_STORE to another path)";
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return " (the file is damaged or not a run store; it is left as it is: move it aside and the next "
                   "start makes a new one, or try `sqlite3 FILE .recover` to save its runs)";
        case SQLITE_IOERR:
            return " (the disk reported an I/O error: check that it is mounted, writable and not full)";
        default:
            return "";
    }
}
}  // namespace

Statement::Statement(SqliteDb& db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v3(db.handle(), sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
        db.fail("preparing '" + sql + "'");
    }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t v) {
    if (sqlite3_bind_int64(stmt_, index, v) != SQLITE_OK) db_.fail("binding");
    return *this;
}

Statement& Statement::bind(int index, double v) {
    if (sqlite3_bind_double(stmt_, index, v) != SQLITE_OK) db_.fail("binding");
    return *this;
}

Statement& Statement::bind(int index, const std::string& v) {
    if (sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
        db_.fail("binding");
    }
    return *this;
}

Statement& Statement::bind_blob(int index, const std::vector<unsigned char>& bytes) {
    if (sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
        db_.fail("binding");
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) db_.fail("binding");
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string why = sqlite3_errmsg(db_.handle()) + advice(rc);
    const std::string sql = sqlite3_sql(stmt_);
    sqlite3_reset(stmt_);
    throw std::runtime_error(db_.where() + ": running '" + sql + "': " + why);
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(stmt_, col); }
double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }
bool Statement::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::string Statement::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

std::vector<unsigned char> Statement::blob(int col) const {
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, col));
    const int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

SqliteDb::SqliteDb(std::string path, std::string kind) : path_(std::move(path)), kind_(std::move(kind)) {
    const int rc = sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc)) + advice(rc);
        sqlite3_close_v2(db_);
        throw std::runtime_error("cannot open " + where() + ": " + why);
    }
    sqlite3_extended_result_codes(db_, 1);
}

SqliteDb::~SqliteDb() {
    cache_.clear();  // statements are finalized before the connection closes
    sqlite3_close_v2(db_);
}

void SqliteDb::exec(const std::string& sql) {
    char* err = nullptr;
    if (const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err); rc != SQLITE_OK) {
        const std::string why = (err ? err : sqlite3_errmsg(db_)) + advice(sqlite3_extended_errcode(db_));
        sqlite3_free(err);
        throw std::runtime_error(where() + ": " + why);
    }
}

Statement& SqliteDb::cached(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(*this, sql)).first;
    it->second->reset();
    return *it->second;
}

int SqliteDb::changes() const { return sqlite3_changes(db_); }
std::int64_t SqliteDb::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

void SqliteDb::fail(const std::string& doing) const {
    throw std::runtime_error(where() + ": " + doing + ": " + sqlite3_errmsg(db_) + advice(sqlite3_errcode(db_)));
}

Transaction::Transaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) {  // the transaction may already have been rolled back by SQLite itself
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace archlab
