#include "labs/partitioning/vertical_store.h"

#include <sqlite3.h>

#include "core/storage/sqlite_statement.h"

#include <stdexcept>
#include <string>

namespace archlab::partlab {

namespace {

using Statement = SqliteStatement;

const char* table_of(Domain d) {
    switch (d) {
        case Domain::Users: return "users";
        case Domain::Orders: return "orders";
        case Domain::Catalog: return "products";
    }
    return "users";
}

std::int64_t price_of(int product) { return 100 + std::int64_t(product % 97) * 25; }
}  // namespace

void vstore_prepare(SqlitePool& pool, Domain d) {
    switch (d) {
        case Domain::Users:
            pool.exec("DROP TABLE IF EXISTS users; CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
            break;
        case Domain::Catalog:
            pool.exec("DROP TABLE IF EXISTS products;"
                      "CREATE TABLE products(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price_cents INTEGER NOT NULL);");
            break;
        case Domain::Orders:
            pool.exec("DROP TABLE IF EXISTS orders;"
                      "CREATE TABLE orders(id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, "
                      "product_id INTEGER NOT NULL, price_cents INTEGER NOT NULL);"
                      "CREATE INDEX orders_by_user ON orders(user_id, id);");
            break;
    }
}

void vstore_load_users(SqlitePool& pool, int n) {
    pool.with([n](sqlite3* db) {
        check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
        Statement ins(db, "INSERT INTO users(id, name) VALUES(?1, 'user-' || ?1)");
        for (int i = 0; i < n; ++i) {
            ins.bind(1, i);
            ins.row();
            ins.reset();
        }
        check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    });
}

void vstore_load_products(SqlitePool& pool, int n) {
    pool.with([n](sqlite3* db) {
        check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
        Statement ins(db, "INSERT INTO products(id, name, price_cents) VALUES(?1, 'product-' || ?1, ?2)");
        for (int i = 0; i < n; ++i) {
            ins.bind(1, i);
            ins.bind(2, price_of(i));
            ins.row();
            ins.reset();
        }
        check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    });
}

void vstore_load_orders(SqlitePool& pool, int users, int products) {
    pool.with([users, products](sqlite3* db) {
        check_sqlite(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
        Statement ins(db, "INSERT INTO orders(user_id, product_id, price_cents) VALUES(?1, ?2, ?3)");
        for (int u = 0; u < users; ++u) {
            ins.bind(1, u);
            ins.bind(2, u % products);
            ins.bind(3, price_of(u % products));
            ins.row();
            ins.reset();
        }
        check_sqlite(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    });
}

bool vstore_user_exists(sqlite3* db, std::uint64_t id) {
    Statement q(db, "SELECT 1 FROM users WHERE id = ?1");
    q.bind(1, std::int64_t(id));
    return q.row();
}

std::optional<std::int64_t> vstore_price(sqlite3* db, std::uint64_t product) {
    Statement q(db, "SELECT price_cents FROM products WHERE id = ?1");
    q.bind(1, std::int64_t(product));
    if (!q.row()) return std::nullopt;
    return sqlite3_column_int64(q.st, 0);
}

std::int64_t vstore_prices(sqlite3* db, const std::vector<std::uint64_t>& products, std::uint32_t& found) {
    Statement q(db, "SELECT price_cents FROM products WHERE id = ?1");
    std::int64_t sum = 0;
    found = 0;
    for (std::uint64_t p : products) {
        q.bind(1, std::int64_t(p));
        if (q.row()) {
            sum += sqlite3_column_int64(q.st, 0);
            ++found;
        }
        q.reset();
    }
    return sum;
}

std::int64_t vstore_insert_order(sqlite3* db, std::uint64_t user, std::uint64_t product, std::int64_t price) {
    Statement ins(db, "INSERT INTO orders(user_id, product_id, price_cents) VALUES(?1, ?2, ?3)");
    ins.bind(1, std::int64_t(user));
    ins.bind(2, std::int64_t(product));
    ins.bind(3, price);
    ins.row();
    return sqlite3_last_insert_rowid(db);
}

std::vector<std::uint64_t> vstore_order_products(sqlite3* db, std::uint64_t user, int limit) {
    Statement q(db, "SELECT product_id FROM orders WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2");
    q.bind(1, std::int64_t(user));
    q.bind(2, limit);
    std::vector<std::uint64_t> out;
    while (q.row()) out.push_back(std::uint64_t(sqlite3_column_int64(q.st, 0)));
    return out;
}

std::int64_t vstore_count(SqlitePool& pool, Domain d) {
    std::int64_t n = 0;
    const std::string sql = std::string("SELECT COUNT(*) FROM ") + table_of(d);
    pool.with([&](sqlite3* db) {
        Statement q(db, sql.c_str());
        if (q.row()) n = sqlite3_column_int64(q.st, 0);
    });
    return n;
}

}  // namespace archlab::partlab
