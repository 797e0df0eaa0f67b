#pragma once
// The vertical layout's three databases, one per service: users(id, name),
// products(id, name, price_cents) and orders(id, user_id, product_id, price_cents). No service
// reads another's tables: an order keeps the ids, and whoever needs a name or a price asks the
// owning service. Throws std::runtime_error with SQLite's message.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/vertical_config.h"

struct sqlite3;

namespace archlab::partlab {

/// Creates the domain's table (dropping an old one).
void vstore_prepare(SqlitePool& pool, Domain d);
/// users 0..n-1.
void vstore_load_users(SqlitePool& pool, int n);
/// products 0..n-1, price (cents) from the id so runs repeat.
void vstore_load_products(SqlitePool& pool, int n);
/// One order per user (user u bought product u mod products), so every user has a history.
void vstore_load_orders(SqlitePool& pool, int users, int products);

bool vstore_user_exists(sqlite3* db, std::uint64_t id);
std::optional<std::int64_t> vstore_price(sqlite3* db, std::uint64_t product);
/// Sum of the prices of the products that exist; found = how many did.
std::int64_t vstore_prices(sqlite3* db, const std::vector<std::uint64_t>& products, std::uint32_t& found);
/// The new order's id.
std::int64_t vstore_insert_order(sqlite3* db, std::uint64_t user, std::uint64_t product, std::int64_t price);
/// Product ids of the user's latest orders, newest first.
std::vector<std::uint64_t> vstore_order_products(sqlite3* db, std::uint64_t user, int limit);
/// Rows in the domain's table.
std::int64_t vstore_count(SqlitePool& pool, Domain d);

}  // namespace archlab::partlab
