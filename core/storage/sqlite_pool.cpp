#include "core/storage/sqlite_pool.h"

#include <sqlite3.h>

#include <stdexcept>
#include <string>

namespace archlab {

SqlitePool::SqlitePool(std::string path, int cache_kib) : path_(std::move(path)), cache_kib_(cache_kib) {
    sqlite3* db = open_one();
    idle_.push_back(db);
}

SqlitePool::~SqlitePool() {
    for (sqlite3* db : all_) sqlite3_close_v2(db);
}

sqlite3* SqlitePool::open_one() {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path_.c_str(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        throw std::runtime_error("cannot open database '" + path_ + "': " + why);
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
    if (cache_kib_ > 0) {
        const std::string cache = "PRAGMA cache_size=-" + std::to_string(cache_kib_) + ";";  // negative: KiB
        sqlite3_exec(db, cache.c_str(), nullptr, nullptr, nullptr);
    }
    std::lock_guard lock(mu_);
    all_.push_back(db);
    return db;
}

void SqlitePool::with(const std::function<void(sqlite3*)>& fn) {
    sqlite3* db = nullptr;
    {
        std::lock_guard lock(mu_);
        if (!idle_.empty()) {
            db = idle_.back();
            idle_.pop_back();
        }
    }
    if (!db) db = open_one();
    try {
        fn(db);
    } catch (...) {
        std::lock_guard lock(mu_);
        idle_.push_back(db);
        throw;
    }
    std::lock_guard lock(mu_);
    idle_.push_back(db);
}

void SqlitePool::exec(const std::string& sql) {
    with([&](sqlite3* db) {
        char* err = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            const std::string why = err ? err : "unknown error";
            sqlite3_free(err);
            throw std::runtime_error("database '" + path_ + "': " + why);
        }
    });
}

}  // namespace archlab
