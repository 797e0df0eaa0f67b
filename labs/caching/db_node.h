#pragma once
// The database: a real SQLite table read and written by a pool of threads. Each query first
// takes db_latency_ms (the trip to a remote database and its queue, held on a db thread),
// then runs its statement, so what it answers is the table's state when it answers. Every
// write is stamped in the commit log (outside the node) under one lock with its commit.
#include <memory>

#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/caching/caching_config.h"
#include "labs/caching/caching_metrics.h"
#include "labs/caching/commit_log.h"

namespace archlab::caching {

class DbNode : public Node {
public:
    static constexpr int kThreads = 16;  ///< queries served at once

    DbNode(std::shared_ptr<CachingConfig> cfg, std::shared_ptr<CachingMetrics> metrics,
           std::shared_ptr<SqlitePool> pool, std::shared_ptr<CommitLog> log)
        : cfg_(std::move(cfg)), m_(std::move(metrics)), pool_(std::move(pool)), log_(std::move(log)) {}

    void on_message(Context& ctx, const Message& msg) override;

private:
    void run_query(Context& ctx, const Message& msg);

    std::shared_ptr<CachingConfig> cfg_;
    std::shared_ptr<CachingMetrics> m_;
    std::shared_ptr<SqlitePool> pool_;
    std::shared_ptr<CommitLog> log_;
};

}  // namespace archlab::caching
