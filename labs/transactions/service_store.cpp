#include "labs/transactions/service_store.h"

#include <sqlite3.h>

#include <optional>

#include "core/storage/sqlite_statement.h"

namespace archlab::txnlab {

namespace {

using Statement = SqliteStatement;

void exec(sqlite3* db, const char* sql) { check_sqlite(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql); }

/// Runs one statement with the order's id bound as ?1 and now as ?2; returns rows changed.
int change(sqlite3* db, const char* sql, const LocalTxn& t) {
    Statement st(db, sql);
    st.u64(1, t.order.order_id);
    if (sqlite3_bind_parameter_count(st.st) >= 2) st.bind(2, t.now_ns);
    st.run(sql);
    return sqlite3_changes(db);
}

std::int64_t one_int(sqlite3* db, const char* sql, std::int64_t key) {
    Statement st(db, sql);
    st.bind(1, key);
    return st.row() ? sqlite3_column_int64(st.st, 0) : 0;
}

/// The state of the order's newest row in table ("" when it has none).
std::string last_state(sqlite3* db, const char* table, std::uint64_t order_id) {
    const std::string sql = std::string("SELECT state FROM ") + table + " WHERE order_id = ?1 ORDER BY id DESC LIMIT 1";
    Statement st(db, sql.c_str());
    st.u64(1, order_id);
    return st.row() ? st.col_text(0) : std::string();
}

/// 2pc: a prepare for an order this service has a row for already (a duplicated message) changes
/// nothing: it is answered yes while the row is prepared or committed, no once it was aborted
/// or refused, so a late copy can never prepare (and commit) the order a second time.
std::optional<Result> prepared_before(sqlite3* db, const char* table, std::uint64_t order_id, const char* committed, Result no) {
    const std::string state = last_state(db, table, order_id);
    if (state.empty()) return std::nullopt;
    return state == "prepared" || state == committed ? Result::Ok : no;
}

// ---- order -------------------------------------------------------------------------------------

bool order_stored(sqlite3* db, std::uint64_t order_id) {
    Statement q(db, "SELECT 1 FROM orders WHERE order_id = ?1");
    q.u64(1, order_id);
    return q.row();
}

Result order_op(sqlite3* db, const LocalTxn& t, bool& changed) {
    const char* state = nullptr;
    switch (t.op) {
        case Op::Do: state = "pending"; break;
        case Op::Prepare: {
            Statement q(db, "SELECT state FROM orders WHERE order_id = ?1");
            q.u64(1, t.order.order_id);
            if (q.row()) {  // a duplicated prepare: yes while prepared or committed
                const std::string before = q.col_text(0);
                return before == "prepared" || before == "completed" ? Result::Ok : Result::Cancelled;
            }
            state = "prepared";
            break;
        }
        case Op::Abort: {
            // The order is known as aborted even when its prepare never arrived.
            changed = change(db, "UPDATE orders SET state = 'aborted', ended_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            state = "aborted";
            break;
        }
        case Op::Commit:
            changed = change(db, "UPDATE orders SET state = 'completed', ended_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Finish:
            changed = change(db, "UPDATE orders SET state = 'completed', ended_ns = ?2 WHERE order_id = ?1 AND state = 'pending'", t) > 0;
            return Result::Ok;
        case Op::Undo:
            changed = change(db, "UPDATE orders SET state = 'compensated', ended_ns = ?2 WHERE order_id = ?1 AND state = 'pending'", t) > 0;
            return Result::Ok;
        case Op::None: return Result::None;
    }
    Statement ins(db, "INSERT OR IGNORE INTO orders(order_id, account, item, qty, amount, state, created_ns, ended_ns) "
                      "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?6 = 'aborted' THEN ?7 ELSE 0 END)");
    ins.u64(1, t.order.order_id);
    ins.bind(2, t.order.account);
    ins.bind(3, t.order.item);
    ins.bind(4, t.order.qty);
    ins.bind(5, t.order.amount);
    ins.text(6, state);
    ins.bind(7, t.now_ns);
    ins.run("insert order");
    changed = changed || sqlite3_changes(db) > 0;
    return Result::Ok;
}

// ---- payment -----------------------------------------------------------------------------------

Result payment_check(sqlite3* db, const LocalTxn& t) {
    const std::int64_t balance = one_int(db, "SELECT balance FROM accounts WHERE id = ?1", t.order.account);
    if (balance >= t.order.amount) return Result::Ok;
    Statement d(db, "INSERT INTO declines(order_id, account, needed, seen, at_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
    d.u64(1, t.order.order_id);
    d.bind(2, t.order.account);
    d.bind(3, t.order.amount);
    d.bind(4, balance);
    d.bind(5, t.now_ns);
    d.run("insert decline");
    return Result::Declined;
}

void payment_insert(sqlite3* db, const LocalTxn& t, const char* state) {
    Statement ins(db, "INSERT INTO payments(order_id, account, amount, state, at_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
    ins.u64(1, t.order.order_id);
    ins.bind(2, t.order.account);
    ins.bind(3, t.order.amount);
    ins.text(4, state);
    ins.bind(5, t.now_ns);
    ins.run("insert payment");
}

Result payment_op(sqlite3* db, const LocalTxn& t, bool& changed) {
    switch (t.op) {
        case Op::Do: {
            const Result r = payment_check(db, t);
            if (r != Result::Ok) return r;
            Statement up(db, "UPDATE accounts SET balance = balance - ?2 WHERE id = ?1");
            up.bind(1, t.order.account);
            up.bind(2, t.order.amount);
            up.run("charge");
            payment_insert(db, t, "captured");
            changed = true;
            return Result::Ok;
        }
        case Op::Undo:
            exec(db, "CREATE TEMP TABLE IF NOT EXISTS undo_ids(id INTEGER)");
            exec(db, "DELETE FROM undo_ids");
            change(db, "INSERT INTO undo_ids SELECT id FROM payments WHERE order_id = ?1 AND state = 'captured'", t);
            exec(db, "UPDATE accounts SET balance = balance + (SELECT COALESCE(SUM(p.amount), 0) FROM payments p "
                     "WHERE p.id IN (SELECT id FROM undo_ids) AND p.account = accounts.id) "
                     "WHERE id IN (SELECT account FROM payments WHERE id IN (SELECT id FROM undo_ids))");
            changed = change(db, "UPDATE payments SET state = 'refunded', undone_ns = ?2 WHERE id IN (SELECT id FROM undo_ids) AND ?1 = order_id", t) > 0;
            return Result::Ok;
        case Op::Prepare: {
            if (auto before = prepared_before(db, "payments", t.order.order_id, "captured", Result::Declined)) return *before;
            const Result r = payment_check(db, t);
            if (r != Result::Ok) return r;
            payment_insert(db, t, "prepared");
            changed = true;
            return Result::Ok;
        }
        case Op::Commit:
            change(db, "UPDATE accounts SET balance = balance - (SELECT COALESCE(SUM(amount), 0) FROM payments "
                       "WHERE order_id = ?1 AND state = 'prepared' AND account = accounts.id) "
                       "WHERE id IN (SELECT account FROM payments WHERE order_id = ?1 AND state = 'prepared')", t);
            changed = change(db, "UPDATE payments SET state = 'captured', at_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Abort:
            changed = change(db, "UPDATE payments SET state = 'aborted', undone_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Finish: return Result::Ok;
        case Op::None: break;
    }
    return Result::None;
}

// ---- inventory ---------------------------------------------------------------------------------

Result inventory_check(sqlite3* db, const LocalTxn& t) {
    const std::int64_t on_hand = one_int(db, "SELECT on_hand FROM stock WHERE item = ?1", t.order.item);
    if (on_hand >= std::int64_t(t.order.qty)) return Result::Ok;
    Statement d(db, "INSERT INTO declines(order_id, item, needed, seen, at_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
    d.u64(1, t.order.order_id);
    d.bind(2, t.order.item);
    d.bind(3, t.order.qty);
    d.bind(4, on_hand);
    d.bind(5, t.now_ns);
    d.run("insert decline");
    return Result::OutOfStock;
}

void reservation_insert(sqlite3* db, const LocalTxn& t, const char* state) {
    Statement ins(db, "INSERT INTO reservations(order_id, item, qty, state, at_ns) VALUES(?1, ?2, ?3, ?4, ?5)");
    ins.u64(1, t.order.order_id);
    ins.bind(2, t.order.item);
    ins.bind(3, t.order.qty);
    ins.text(4, state);
    ins.bind(5, t.now_ns);
    ins.run("insert reservation");
}

/// Moves the quantity of this order's reservations in state `from` between two stock columns.
void move_stock(sqlite3* db, const LocalTxn& t, const char* from_state, const std::string& set_sql) {
    const std::string sql = "UPDATE stock SET " + set_sql +
                            " FROM (SELECT item AS r_item, SUM(qty) AS q FROM reservations WHERE order_id = ?1 AND state = '" +
                            from_state + "' GROUP BY item) AS r WHERE stock.item = r.r_item";
    Statement st(db, sql.c_str());
    st.u64(1, t.order.order_id);
    st.run("move stock");
}

Result inventory_op(sqlite3* db, const LocalTxn& t, bool& changed) {
    switch (t.op) {
        case Op::Do: {
            const Result r = inventory_check(db, t);
            if (r != Result::Ok) return r;
            Statement up(db, "UPDATE stock SET on_hand = on_hand - ?2, reserved = reserved + ?2 WHERE item = ?1");
            up.bind(1, t.order.item);
            up.bind(2, t.order.qty);
            up.run("reserve");
            reservation_insert(db, t, "reserved");
            changed = true;
            return Result::Ok;
        }
        case Op::Undo:
            move_stock(db, t, "reserved", "on_hand = on_hand + r.q, reserved = reserved - r.q");
            changed = change(db, "UPDATE reservations SET state = 'released', undone_ns = ?2 WHERE order_id = ?1 AND state = 'reserved'", t) > 0;
            return Result::Ok;
        case Op::Finish:
            move_stock(db, t, "reserved", "reserved = reserved - r.q, shipped = shipped + r.q");
            changed = change(db, "UPDATE reservations SET state = 'shipped' WHERE order_id = ?1 AND state = 'reserved'", t) > 0;
            return Result::Ok;
        case Op::Prepare: {
            if (auto before = prepared_before(db, "reservations", t.order.order_id, "shipped", Result::OutOfStock)) return *before;
            const Result r = inventory_check(db, t);
            if (r != Result::Ok) return r;
            reservation_insert(db, t, "prepared");
            changed = true;
            return Result::Ok;
        }
        case Op::Commit:
            move_stock(db, t, "prepared", "on_hand = on_hand - r.q, shipped = shipped + r.q");
            changed = change(db, "UPDATE reservations SET state = 'shipped', at_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Abort:
            changed = change(db, "UPDATE reservations SET state = 'aborted', undone_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::None: break;
    }
    return Result::None;
}

// ---- shipment ----------------------------------------------------------------------------------

void shipment_insert(sqlite3* db, const LocalTxn& t, const char* state) {
    Statement ins(db, "INSERT INTO shipments(order_id, state, at_ns) VALUES(?1, ?2, ?3)");
    ins.u64(1, t.order.order_id);
    ins.text(2, state);
    ins.bind(3, t.now_ns);
    ins.run("insert shipment");
}

Result shipment_op(sqlite3* db, const LocalTxn& t, bool& changed) {
    switch (t.op) {
        case Op::Do:
        case Op::Prepare:
            if (t.op == Op::Prepare) {
                if (auto before = prepared_before(db, "shipments", t.order.order_id, "scheduled", Result::Refused)) return *before;
            }
            changed = true;
            if (t.refuse_address) {
                shipment_insert(db, t, "refused");
                return Result::Refused;
            }
            shipment_insert(db, t, t.op == Op::Do ? "scheduled" : "prepared");
            return Result::Ok;
        case Op::Undo:
            changed = change(db, "UPDATE shipments SET state = 'cancelled', undone_ns = ?2 WHERE order_id = ?1 AND state = 'scheduled'", t) > 0;
            return Result::Ok;
        case Op::Commit:
            changed = change(db, "UPDATE shipments SET state = 'scheduled', at_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Abort:
            changed = change(db, "UPDATE shipments SET state = 'aborted', undone_ns = ?2 WHERE order_id = ?1 AND state = 'prepared'", t) > 0;
            return Result::Ok;
        case Op::Finish: return Result::Ok;
        case Op::None: break;
    }
    return Result::None;
}

/// The result a key was applied with, or None.
Result applied_before(sqlite3* db, const std::string& key) {
    Statement q(db, "SELECT result FROM processed WHERE key = ?1");
    q.text(1, key);
    return q.row() ? static_cast<Result>(sqlite3_column_int(q.st, 0)) : Result::None;
}

void remember(sqlite3* db, const std::string& key, Result r) {
    Statement ins(db, "INSERT OR IGNORE INTO processed(key, result) VALUES(?1, ?2)");
    ins.text(1, key);
    ins.bind(2, static_cast<int>(r));
    ins.run("remember key");
}

/// Rows 0..count-1 of a starting table (accounts, stock), each with `value`, in one transaction.
void seed_rows(SqlitePool& pool, const char* insert_sql, int count, std::int64_t value, const char* what) {
    pool.with([&](sqlite3* db) {
        exec(db, "BEGIN");
        Statement ins(db, insert_sql);
        for (int i = 0; i < count; ++i) {
            ins.bind(1, i);
            ins.bind(2, value);
            ins.run(what);
        }
        exec(db, "COMMIT");
    });
}

}  // namespace

void service_db_prepare(SqlitePool& pool, Service service, const TxnConfig& cfg) {
    pool.exec("DROP TABLE IF EXISTS processed; DROP TABLE IF EXISTS outbox;"
              "CREATE TABLE processed(key TEXT PRIMARY KEY, result INTEGER NOT NULL) WITHOUT ROWID;"
              "CREATE TABLE outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload TEXT NOT NULL, "
              "sent INTEGER NOT NULL DEFAULT 0);");
    switch (service) {
        case Service::Order:
            pool.exec("DROP TABLE IF EXISTS orders;"
                      "CREATE TABLE orders(order_id INTEGER PRIMARY KEY, account INTEGER, item INTEGER, qty INTEGER, "
                      "amount INTEGER, state TEXT NOT NULL, created_ns INTEGER, ended_ns INTEGER);");
            break;
        case Service::Payment:
            pool.exec("DROP TABLE IF EXISTS accounts; DROP TABLE IF EXISTS payments; DROP TABLE IF EXISTS declines;"
                      "CREATE TABLE accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);"
                      "CREATE TABLE payments(id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, account INTEGER, "
                      "amount INTEGER, state TEXT NOT NULL, at_ns INTEGER, undone_ns INTEGER);"
                      "CREATE INDEX payments_order ON payments(order_id, state);"
                      "CREATE TABLE declines(order_id INTEGER, account INTEGER, needed INTEGER, seen INTEGER, at_ns INTEGER);");
            seed_rows(pool, "INSERT INTO accounts(id, balance) VALUES(?1, ?2)", cfg.accounts, cfg.starting_balance,
                      "insert account");
            break;
        case Service::Inventory:
            pool.exec("DROP TABLE IF EXISTS stock; DROP TABLE IF EXISTS reservations; DROP TABLE IF EXISTS declines;"
                      "CREATE TABLE stock(item INTEGER PRIMARY KEY, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL, "
                      "shipped INTEGER NOT NULL);"
                      "CREATE TABLE reservations(id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, item INTEGER, "
                      "qty INTEGER, state TEXT NOT NULL, at_ns INTEGER, undone_ns INTEGER);"
                      "CREATE INDEX reservations_order ON reservations(order_id, state);"
                      "CREATE TABLE declines(order_id INTEGER, item INTEGER, needed INTEGER, seen INTEGER, at_ns INTEGER);");
            seed_rows(pool, "INSERT INTO stock(item, on_hand, reserved, shipped) VALUES(?1, ?2, 0, 0)", cfg.items,
                      cfg.starting_stock, "insert item");
            break;
        case Service::Shipment:
            pool.exec("DROP TABLE IF EXISTS shipments;"
                      "CREATE TABLE shipments(id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, "
                      "state TEXT NOT NULL, at_ns INTEGER, undone_ns INTEGER);"
                      "CREATE INDEX shipments_order ON shipments(order_id, state);");
            break;
    }
}

LocalResult run_local_txn(sqlite3* db, const LocalTxn& t) {
    LocalResult out;
    exec(db, "BEGIN IMMEDIATE");
    try {
        if (!t.dedup_key.empty()) {
            const Result before = applied_before(db, t.dedup_key);
            if (before != Result::None) {
                exec(db, "COMMIT");
                out.result = before;
                out.duplicate = true;
                return out;
            }
        }
        switch (t.service) {
            case Service::Order:
                out.result = order_op(db, t, out.changed);
                if (t.needs_order && !out.changed && !order_stored(db, t.order.order_id)) {
                    exec(db, "ROLLBACK");
                    out.unknown_order = true;
                    return out;
                }
                break;
            case Service::Payment: out.result = payment_op(db, t, out.changed); break;
            case Service::Inventory: out.result = inventory_op(db, t, out.changed); break;
            case Service::Shipment: out.result = shipment_op(db, t, out.changed); break;
        }
        if (!t.dedup_key.empty()) remember(db, t.dedup_key, out.result);
        if (!t.cancel_key.empty()) remember(db, t.cancel_key, Result::Cancelled);
        if (t.outbox) {
            Statement ins(db, "INSERT INTO outbox(topic, payload) VALUES(?1, ?2)");
            for (const OutEvent& e : t.outbox(out.result)) {
                ins.text(1, e.topic);
                ins.text(2, e.payload);
                ins.run("insert outbox");
            }
        }
        exec(db, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    return out;
}

std::vector<OutboxRow> outbox_unsent(sqlite3* db, std::int64_t after, std::size_t limit) {
    Statement q(db, "SELECT id, topic, payload FROM outbox WHERE sent = 0 AND id > ?1 ORDER BY id LIMIT ?2");
    q.bind(1, after);
    q.bind(2, std::int64_t(limit));
    std::vector<OutboxRow> out;
    while (q.row()) out.push_back({sqlite3_column_int64(q.st, 0), q.col_text(1), q.col_text(2)});
    return out;
}

void outbox_mark_sent(sqlite3* db, const std::vector<std::int64_t>& ids) {
    exec(db, "BEGIN IMMEDIATE");
    Statement up(db, "UPDATE outbox SET sent = 1 WHERE id = ?1");
    for (std::int64_t id : ids) {
        up.bind(1, id);
        up.run("mark sent");
    }
    exec(db, "COMMIT");
}

std::vector<OrderFields> prepared_orders(sqlite3* db, Service service) {
    const char* sql = nullptr;
    switch (service) {
        case Service::Order: sql = "SELECT order_id, account, item, qty, amount FROM orders WHERE state = 'prepared' ORDER BY order_id"; break;
        case Service::Payment: sql = "SELECT order_id, account, 0, 0, amount FROM payments WHERE state = 'prepared' ORDER BY order_id"; break;
        case Service::Inventory: sql = "SELECT order_id, 0, item, qty, 0 FROM reservations WHERE state = 'prepared' ORDER BY order_id"; break;
        case Service::Shipment: sql = "SELECT order_id, 0, 0, 0, 0 FROM shipments WHERE state = 'prepared' ORDER BY order_id"; break;
    }
    Statement q(db, sql);
    std::vector<OrderFields> out;
    while (q.row()) {
        OrderFields o;
        o.order_id = q.col_u64(0);
        o.account = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 1));
        o.item = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 2));
        o.qty = static_cast<std::uint32_t>(sqlite3_column_int64(q.st, 3));
        o.amount = sqlite3_column_int64(q.st, 4);
        out.push_back(o);
    }
    return out;
}

}  // namespace archlab::txnlab
