#include "labs/partitioning/outside_keyspace.h"

#include <sqlite3.h>

#include <chrono>
#include <stdexcept>

#include "core/cluster/cluster_map.h"
#include "core/partition/hash_slot.h"

namespace archlab::partlab {

namespace {
/// A prepared statement finalized on scope exit; binds and reads blobs and integers.
struct Query {
    Query(sqlite3* conn, const char* sql) : db(conn) {
        if (sqlite3_prepare_v2(conn, sql, -1, &st, nullptr) != SQLITE_OK) fail(sql);
    }
    ~Query() { sqlite3_finalize(st); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    [[noreturn]] void fail(const char* what) const {
        throw std::runtime_error(std::string("resp_kv: ") + what + ": " + sqlite3_errmsg(db));
    }
    Query& blob(int i, std::string_view s) {
        sqlite3_bind_blob(st, i, s.data(), int(s.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Query& integer(int i, std::int64_t v) {
        sqlite3_bind_int64(st, i, v);
        return *this;
    }
    /// Steps once: true for a row, false when done.
    bool step() {
        const int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) fail("step");
        return false;
    }
    std::string text(int col) const {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(st, col));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(st, col))) : std::string();
    }
    std::int64_t number(int col) const { return sqlite3_column_int64(st, col); }

    sqlite3* db;
    sqlite3_stmt* st = nullptr;
};

/// A row is live while it has no expiry or its expiry is ahead of now (?1 = now, Unix ms).
constexpr const char* kLive = "(expires_at_ms = 0 OR expires_at_ms > ?1)";
}  // namespace

void outside_prepare(SqlitePool& pool) {
    pool.exec("DROP TABLE IF EXISTS resp_kv;"
              "CREATE TABLE resp_kv(key BLOB PRIMARY KEY, value BLOB NOT NULL, expires_at_ms INTEGER NOT NULL, "
              "slot INTEGER NOT NULL) WITHOUT ROWID;"
              "CREATE INDEX resp_kv_slot ON resp_kv(slot, key);");
}

std::int64_t OutsideKeyspace::unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<OutsideRow> OutsideKeyspace::row(std::string_view key) {
    std::optional<OutsideRow> out;
    const std::int64_t now = unix_ms();
    db_->with([&](sqlite3* db) {
        Query q(db, (std::string("SELECT value, expires_at_ms FROM resp_kv WHERE key = ?2 AND ") + kLive).c_str());
        q.integer(1, now).blob(2, key);
        if (q.step()) out = OutsideRow{std::string(key), q.text(0), q.number(1)};
    });
    return out;
}

std::optional<std::string> OutsideKeyspace::get(std::string_view key) {
    auto r = row(key);
    if (!r) return std::nullopt;
    return std::move(r->value);
}

void OutsideKeyspace::put(const OutsideRow& r) {
    db_->with([&](sqlite3* db) {
        Query q(db, "INSERT OR REPLACE INTO resp_kv(key, value, expires_at_ms, slot) VALUES(?1, ?2, ?3, ?4)");
        q.blob(1, r.key).blob(2, r.value).integer(3, r.expires_at_ms).integer(4, partition::hash_slot(r.key));
        q.step();
    });
}

void OutsideKeyspace::set(std::string_view key, std::string_view value, cluster::Expiry expiry) {
    OutsideRow r{std::string(key), std::string(value), 0};
    if (expiry.kind == cluster::Expiry::Kind::at) r.expires_at_ms = expiry.at_unix_ms;
    if (expiry.kind == cluster::Expiry::Kind::keep) {
        if (const auto old = row(key)) r.expires_at_ms = old->expires_at_ms;
    }
    put(r);
}

bool OutsideKeyspace::del(std::string_view key) {
    const bool was_live = exists(key);
    db_->with([&](sqlite3* db) { Query(db, "DELETE FROM resp_kv WHERE key = ?1").blob(1, key).step(); });
    return was_live;
}

bool OutsideKeyspace::exists(std::string_view key) { return row(key).has_value(); }

namespace {
std::size_t count_where(SqlitePool& pool, std::int64_t now, const std::string& extra, std::int64_t slot = -1) {
    std::size_t n = 0;
    pool.with([&](sqlite3* db) {
        Query q(db, (std::string("SELECT count(*) FROM resp_kv WHERE ") + kLive + extra).c_str());
        q.integer(1, now);
        if (slot >= 0) q.integer(2, slot);
        if (q.step()) n = std::size_t(q.number(0));
    });
    return n;
}
}  // namespace

std::size_t OutsideKeyspace::size() { return count_where(*db_, unix_ms(), ""); }

std::size_t OutsideKeyspace::expiring() { return count_where(*db_, unix_ms(), " AND expires_at_ms != 0"); }

std::size_t OutsideKeyspace::count_in_slot(std::uint32_t slot) {
    return count_where(*db_, unix_ms(), " AND slot = ?2", slot);
}

std::vector<std::string> OutsideKeyspace::keys_in_slot(std::uint32_t slot, std::size_t count) {
    std::vector<std::string> out;
    const std::int64_t now = unix_ms();
    db_->with([&](sqlite3* db) {
        Query q(db, (std::string("SELECT key FROM resp_kv WHERE slot = ?2 AND ") + kLive + " ORDER BY key LIMIT ?3").c_str());
        q.integer(1, now).integer(2, slot).integer(3, std::int64_t(count));
        while (q.step()) out.push_back(q.text(0));
    });
    return out;
}

cluster::ScanPage OutsideKeyspace::scan(std::uint64_t cursor, std::size_t count) {
    // Whole slots from the cursor on until at least `count` keys are gathered.
    cluster::ScanPage page;
    const std::int64_t now = unix_ms();
    std::uint64_t slot = cursor;
    db_->with([&](sqlite3* db) {
        Query next(db, (std::string("SELECT min(slot) FROM resp_kv WHERE slot >= ?2 AND ") + kLive).c_str());
        Query keys(db, (std::string("SELECT key FROM resp_kv WHERE slot = ?2 AND ") + kLive + " ORDER BY key").c_str());
        while (page.keys.size() < std::max<std::size_t>(count, 1)) {
            sqlite3_reset(next.st);
            next.integer(1, now).integer(2, std::int64_t(slot));
            if (!next.step() || sqlite3_column_type(next.st, 0) == SQLITE_NULL) {
                slot = cluster::kSlots;
                break;
            }
            slot = std::uint64_t(next.number(0));
            sqlite3_reset(keys.st);
            keys.integer(1, now).integer(2, std::int64_t(slot));
            while (keys.step()) page.keys.push_back(keys.text(0));
            ++slot;
        }
    });
    page.next = slot >= cluster::kSlots ? 0 : slot;
    return page;
}

std::vector<std::uint32_t> OutsideKeyspace::slots_with_keys() {
    std::vector<std::uint32_t> out;
    db_->with([&](sqlite3* db) {
        Query q(db, "SELECT DISTINCT slot FROM resp_kv ORDER BY slot");
        while (q.step()) out.push_back(std::uint32_t(q.number(0)));
    });
    return out;
}

}  // namespace archlab::partlab
