#include "labs/transactions/latest_orders.h"

#include <map>

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

namespace archlab::txnlab {

namespace {
/// order id -> its rows' states at one service, oldest row first, joined by '+' (a step applied
/// twice shows as "captured+captured").
std::map<std::uint64_t, std::string> states(SqlitePool& pool, const char* table, std::uint64_t from_id) {
    std::map<std::uint64_t, std::string> out;
    pool.with([&](sqlite3* db) {
        const std::string sql = std::string("SELECT order_id, state FROM ") + table + " WHERE order_id >= ?1 ORDER BY id";
        SqliteStatement st(db, sql.c_str());
        st.u64(1, from_id);
        while (st.row()) {
            std::string& cell = out[st.col_u64(0)];
            if (!cell.empty()) cell += "+";
            cell += st.col_text(1);
        }
    });
    return out;
}

std::string cell(const std::map<std::uint64_t, std::string>& m, std::uint64_t id) {
    auto it = m.find(id);
    return it == m.end() ? "-" : it->second;
}
}  // namespace

ItemTable latest_orders(const ServiceDbs& dbs, int count) {
    ItemTable t;
    t.title = "Latest orders (from the services' databases)";
    t.columns = {"order", "item x qty", "amount", "order", "payment", "inventory", "shipment"};
    struct Order {
        std::uint64_t id;
        std::string item, amount, state;
    };
    std::vector<Order> orders;
    dbs.of(Service::Order).with([&](sqlite3* db) {
        SqliteStatement st(db, "SELECT order_id, item, qty, amount, state FROM orders ORDER BY order_id DESC LIMIT ?1");
        st.bind(1, count);
        while (st.row()) {
            orders.push_back({st.col_u64(0), std::to_string(st.col_u64(1)) + " x " + std::to_string(st.col_u64(2)),
                              std::to_string(sqlite3_column_int64(st.st, 3)), st.col_text(4)});
        }
    });
    if (orders.empty()) return t;
    const std::uint64_t from = orders.back().id;
    const auto pay = states(dbs.of(Service::Payment), "payments", from);
    const auto res = states(dbs.of(Service::Inventory), "reservations", from);
    const auto ship = states(dbs.of(Service::Shipment), "shipments", from);
    for (const Order& o : orders) {
        t.rows.push_back({std::to_string(o.id), o.item, o.amount, o.state, cell(pay, o.id), cell(res, o.id), cell(ship, o.id)});
    }
    return t;
}

}  // namespace archlab::txnlab
