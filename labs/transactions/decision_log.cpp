#include "labs/transactions/decision_log.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

namespace archlab::txnlab {

namespace {
using Statement = SqliteStatement;

void bind_order(Statement& st, const OrderFields& o) {
    st.u64(1, o.order_id);
    st.bind(2, o.account);
    st.bind(3, o.item);
    st.bind(4, o.qty);
    st.bind(5, o.amount);
}

OrderFields order_of(const Statement& st) {
    OrderFields o;
    o.order_id = st.col_u64(0);
    o.account = static_cast<std::uint32_t>(sqlite3_column_int64(st.st, 1));
    o.item = static_cast<std::uint32_t>(sqlite3_column_int64(st.st, 2));
    o.qty = static_cast<std::uint32_t>(sqlite3_column_int64(st.st, 3));
    o.amount = sqlite3_column_int64(st.st, 4);
    return o;
}
}  // namespace

void decision_log_prepare(SqlitePool& pool) {
    pool.exec("DROP TABLE IF EXISTS decisions;"
              "CREATE TABLE decisions(order_id INTEGER PRIMARY KEY, account INTEGER, item INTEGER, qty INTEGER, "
              "amount INTEGER, decision INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0);");
}

void log_decision(sqlite3* db, const OrderFields& o, Op decision) {
    Statement st(db, "INSERT OR IGNORE INTO decisions(order_id, account, item, qty, amount, decision) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    bind_order(st, o);
    st.bind(6, static_cast<int>(decision));
    st.run("log decision");
}

void log_done(sqlite3* db, const std::vector<std::uint64_t>& ids) {
    check_sqlite(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    Statement st(db, "UPDATE decisions SET done = 1 WHERE order_id = ?1");
    for (std::uint64_t id : ids) {
        st.u64(1, id);
        st.run("decision done");
    }
    check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}

std::vector<LoggedDecision> open_decisions(sqlite3* db) {
    Statement st(db, "SELECT order_id, account, item, qty, amount, decision FROM decisions WHERE done = 0 ORDER BY order_id");
    std::vector<LoggedDecision> out;
    while (st.row()) out.push_back({order_of(st), static_cast<Op>(sqlite3_column_int(st.st, 5))});
    return out;
}

std::optional<Op> logged_decision(sqlite3* db, std::uint64_t order_id) {
    Statement st(db, "SELECT decision FROM decisions WHERE order_id = ?1");
    st.u64(1, order_id);
    if (!st.row()) return std::nullopt;
    return static_cast<Op>(sqlite3_column_int(st.st, 0));
}

void saga_log_prepare(SqlitePool& pool) {
    pool.exec("DROP TABLE IF EXISTS sagas;"
              "CREATE TABLE sagas(order_id INTEGER PRIMARY KEY, account INTEGER, item INTEGER, qty INTEGER, "
              "amount INTEGER, step INTEGER NOT NULL, compensating INTEGER NOT NULL, ended INTEGER NOT NULL);");
}

void saga_write(sqlite3* db, const SagaRecord& s) {
    Statement st(db, "INSERT INTO sagas(order_id, account, item, qty, amount, step, compensating, ended) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT(order_id) DO UPDATE SET "
                     "step = excluded.step, compensating = excluded.compensating, ended = excluded.ended");
    bind_order(st, s.order);
    st.bind(6, s.step);
    st.bind(7, s.compensating ? 1 : 0);
    st.bind(8, s.ended ? 1 : 0);
    st.run("saga write");
}

std::vector<SagaRecord> open_sagas(sqlite3* db) {
    Statement st(db, "SELECT order_id, account, item, qty, amount, step, compensating FROM sagas WHERE ended = 0 ORDER BY order_id");
    std::vector<SagaRecord> out;
    while (st.row()) {
        SagaRecord s;
        s.order = order_of(st);
        s.step = sqlite3_column_int(st.st, 5);
        s.compensating = sqlite3_column_int(st.st, 6) != 0;
        out.push_back(s);
    }
    return out;
}

}  // namespace archlab::txnlab
