#include "labs/transactions/txn_audit.h"

#include <map>
#include <set>
#include <string>

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

namespace archlab::txnlab {

namespace {
using Statement = SqliteStatement;

std::int64_t scalar(sqlite3* db, const char* sql) {
    Statement st(db, sql);
    return st.row() ? sqlite3_column_int64(st.st, 0) : 0;
}

/// Runs fn inside one read transaction: every statement sees the same snapshot.
template <class F>
void snapshot(SqlitePool& pool, F&& fn) {
    pool.with([&](sqlite3* db) {
        check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
        try {
            fn(db);
        } catch (...) {
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
        check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    });
}

/// order id -> count of rows per state.
using StateCounts = std::map<std::uint64_t, std::map<std::string, int>>;

void count_states(sqlite3* db, const char* sql, StateCounts& out) {
    Statement st(db, sql);
    while (st.row()) out[st.col_u64(0)][st.col_text(1)] += sqlite3_column_int(st.st, 2);
}

int n(const StateCounts& c, std::uint64_t id, const char* state) {
    auto it = c.find(id);
    if (it == c.end()) return 0;
    auto s = it->second.find(state);
    return s == it->second.end() ? 0 : s->second;
}

void prepared_ids(sqlite3* db, const char* table, std::set<std::uint64_t>& out) {
    Statement st(db, (std::string("SELECT DISTINCT order_id FROM ") + table + " WHERE state = 'prepared'").c_str());
    while (st.row()) out.insert(st.col_u64(0));
}

/// Rows beyond the first per order among the table's rows in the given states: steps applied
/// twice. Grouped along the (order_id, state) index, so no temporary tree of every order id is
/// built four times a second (COUNT(DISTINCT) did: memory and time grew with the table).
std::int64_t extra_rows(sqlite3* db, const char* table, const char* states) {
    const std::string sql = std::string("SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM ") + table +
                            " WHERE state IN (" + states + ") GROUP BY order_id)";
    return scalar(db, sql.c_str());
}

}  // namespace

LiveAudit audit_live(const ServiceDbs& dbs, const TxnConfig& cfg) {
    LiveAudit a;
    std::set<std::uint64_t> doubt;
    snapshot(dbs.of(Service::Payment), [&](sqlite3* db) {
        a.money_off = scalar(db, "SELECT COALESCE(SUM(balance), 0) FROM accounts") +
                      scalar(db, "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE state = 'captured'") - cfg.money_total();
        a.double_applied += extra_rows(db, "payments", "'captured', 'refunded'");
        prepared_ids(db, "payments", doubt);
    });
    snapshot(dbs.of(Service::Inventory), [&](sqlite3* db) {
        Statement st(db, "SELECT COUNT(*) FROM stock WHERE on_hand + reserved + shipped != ?1 OR on_hand < 0 OR reserved < 0");
        st.bind(1, cfg.starting_stock);
        a.stock_off = st.row() ? sqlite3_column_int64(st.st, 0) : 0;
        a.double_applied += extra_rows(db, "reservations", "'reserved', 'released', 'shipped'");
        prepared_ids(db, "reservations", doubt);
    });
    snapshot(dbs.of(Service::Shipment), [&](sqlite3* db) {
        a.double_applied += extra_rows(db, "shipments", "'scheduled', 'cancelled'");
        prepared_ids(db, "shipments", doubt);
    });
    snapshot(dbs.of(Service::Order), [&](sqlite3* db) { prepared_ids(db, "orders", doubt); });
    a.in_doubt = std::int64_t(doubt.size());
    return a;
}

Settling settling(const ServiceDbs& dbs) {
    Settling s;
    snapshot(dbs.of(Service::Order), [&](sqlite3* db) {
        s.open_orders = scalar(db, "SELECT COUNT(*) FROM orders WHERE state IN ('pending', 'prepared')");
        s.ended_orders = scalar(db, "SELECT COUNT(*) FROM orders WHERE state IN ('completed', 'compensated', 'aborted')");
    });
    snapshot(dbs.of(Service::Payment), [&](sqlite3* db) { s.prepared_rows += scalar(db, "SELECT COUNT(*) FROM payments WHERE state = 'prepared'"); });
    snapshot(dbs.of(Service::Inventory), [&](sqlite3* db) { s.prepared_rows += scalar(db, "SELECT COUNT(*) FROM reservations WHERE state = 'prepared'"); });
    snapshot(dbs.of(Service::Shipment), [&](sqlite3* db) { s.prepared_rows += scalar(db, "SELECT COUNT(*) FROM shipments WHERE state = 'prepared'"); });
    return s;
}

AuditResult audit_final(const ServiceDbs& dbs, const TxnConfig& cfg) {
    AuditResult r;
    r.live = audit_live(dbs, cfg);
    std::map<std::uint64_t, std::string> orders;
    StateCounts pay, res, ship;
    snapshot(dbs.of(Service::Order), [&](sqlite3* db) {
        Statement st(db, "SELECT order_id, state FROM orders");
        while (st.row()) orders[st.col_u64(0)] = st.col_text(1);
    });
    snapshot(dbs.of(Service::Payment), [&](sqlite3* db) {
        count_states(db, "SELECT order_id, state, COUNT(*) FROM payments GROUP BY order_id, state", pay);
        // A decline that another order's charge caused, where that charge was refunded later.
        r.isolation_anomalies += scalar(db,
            "SELECT COUNT(*) FROM declines d WHERE EXISTS (SELECT 1 FROM payments p WHERE p.account = d.account "
            "AND p.order_id != d.order_id AND p.state = 'refunded' AND p.at_ns <= d.at_ns AND p.undone_ns > d.at_ns "
            "AND d.seen + p.amount >= d.needed)");
    });
    snapshot(dbs.of(Service::Inventory), [&](sqlite3* db) {
        count_states(db, "SELECT order_id, state, COUNT(*) FROM reservations GROUP BY order_id, state", res);
        r.isolation_anomalies += scalar(db,
            "SELECT COUNT(*) FROM declines d WHERE EXISTS (SELECT 1 FROM reservations p WHERE p.item = d.item "
            "AND p.order_id != d.order_id AND p.state = 'released' AND p.at_ns <= d.at_ns AND p.undone_ns > d.at_ns "
            "AND d.seen + p.qty >= d.needed)");
    });
    snapshot(dbs.of(Service::Shipment), [&](sqlite3* db) {
        count_states(db, "SELECT order_id, state, COUNT(*) FROM shipments GROUP BY order_id, state", ship);
    });

    std::set<std::uint64_t> ids;
    for (const auto& [id, s] : orders) ids.insert(id);
    for (const StateCounts* c : {&pay, &res, &ship}) {
        for (const auto& [id, s] : *c) ids.insert(id);
    }
    const auto half_done = [&r](std::uint64_t id) {
        ++r.half_done;
        if (r.half_done_examples.size() < 10) r.half_done_examples.push_back(id);
    };
    for (std::uint64_t id : ids) {
        const int captured = n(pay, id, "captured"), reserved = n(res, id, "reserved"), shipped = n(res, id, "shipped"),
                  scheduled = n(ship, id, "scheduled");
        const bool effects = captured + reserved + shipped + scheduled > 0;
        auto o = orders.find(id);
        if (o == orders.end()) {
            if (effects) {
                ++r.orphans;
                half_done(id);
            }
            continue;
        }
        ++r.orders;
        const std::string& state = o->second;
        if (state == "completed") {
            ++r.completed;
            if (captured < 1 || shipped < 1 || reserved > 0 || scheduled < 1) half_done(id);
        } else if (state == "compensated" || state == "aborted") {
            ++r.compensated;
            if (effects) half_done(id);
        } else {
            ++r.stuck;
            if (effects) half_done(id);  // stopped halfway: something charged, reserved or scheduled
        }
    }
    return r;
}

}  // namespace archlab::txnlab
