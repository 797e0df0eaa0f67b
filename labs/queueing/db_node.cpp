#include "labs/queueing/db_node.h"

#include <sqlite3.h>

#include <string>

#include "labs/queueing/messages.h"

namespace archlab::queueing {

void DbNode::prepare(SqlitePool& pool) {
    pool.exec(
        "DROP TABLE IF EXISTS items;"
        "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price INTEGER NOT NULL);"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
        std::to_string(kRows - 1) +
        ") INSERT INTO items SELECT i, 'item-' || i, (i * 7919) % 10007 FROM n;");
}

long long read_items(sqlite3* db, std::uint32_t first, std::uint32_t items) {
    // One statement for the whole batch: an IN list of ids.
    std::string sql = "SELECT price FROM items WHERE id IN (";
    for (std::uint32_t k = 0; k < items; ++k) {
        if (k) sql += ',';
        sql += std::to_string((first + k) % DbNode::kRows);
    }
    sql += ')';
    sqlite3_stmt* st = nullptr;
    long long sum = 0;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) sum += sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return sum;
}

void DbNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kDbQuery) return;
    DbQueryHeader h;
    if (!unpack(msg.body, h)) return;
    queue_.push_back(Query{msg.id, msg.from, h.first_item, h.items});
    try_start(ctx);
}

void DbNode::try_start(Context& ctx) {
    const int limit = cfg_->db_lock ? 1 : kThreads;
    while (running_ < limit && !queue_.empty()) {
        const Query q = queue_.front();
        queue_.pop_front();
        ++running_;
        Job job;
        job.hold = from_ms(cfg_->db_ms);
        auto pool = pool_;
        job.compute = [pool, q] { pool->with([&](sqlite3* db) { read_items(db, q.first, q.items); }); };
        job.done = [this, &ctx, q](Nanos) {
            --running_;
            m_->db_queries.add();
            ctx.send(q.from, kDbReply, q.id, {});
            try_start(ctx);
        };
        ctx.execute(std::move(job));
    }
    m_->db_queue.set(static_cast<double>(queue_.size()));
}

}  // namespace archlab::queueing
