#pragma once
// The database: a real SQLite file read by a pool of threads. Each query costs db_ms on top
// of what SQLite itself takes (parse, plan, a disk seek on a real server). With db_lock on,
// one lock guards the whole database: queries run one at a time, a serial resource.
#include <deque>
#include <memory>

#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"

namespace archlab::queueing {

class DbNode : public Node {
public:
    static constexpr int kThreads = 4;       ///< database connections served at once (no lock)
    static constexpr int kRows = 10000;      ///< rows in the items table

    DbNode(std::shared_ptr<QueueingConfig> cfg, std::shared_ptr<QueueingMetrics> metrics,
           std::shared_ptr<SqlitePool> pool)
        : cfg_(std::move(cfg)), m_(std::move(metrics)), pool_(std::move(pool)) {}

    /// Creates and fills the items table (once, before the cluster starts).
    static void prepare(SqlitePool& pool);

    void on_message(Context& ctx, const Message& msg) override;

private:
    struct Query {
        std::uint64_t id = 0;
        NodeIndex from = kNoNode;
        std::uint32_t first = 0;
        std::uint32_t items = 1;
    };
    void try_start(Context& ctx);

    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> m_;
    std::shared_ptr<SqlitePool> pool_;
    std::deque<Query> queue_;
    int running_ = 0;
};

/// Reads `items` rows starting at `first` (wrapping) in one statement; returns the price sum.
long long read_items(sqlite3* db, std::uint32_t first, std::uint32_t items);

}  // namespace archlab::queueing
