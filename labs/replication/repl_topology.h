#pragma once
// The replication lab's cluster: client, monitor, primary, replica-1..N, added to any runtime
// (live or simulated), each data node with its own SQLite database.
#include <memory>
#include <vector>

#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

/// dbs: one database per data node, by ordinal (prepared with kv_prepare).
void add_replication_nodes(Runtime& runtime, const std::shared_ptr<ReplConfig>& cfg,
                           const std::shared_ptr<ReplMetrics>& metrics,
                           const std::vector<std::shared_ptr<SqlitePool>>& dbs);

/// Adds link_latency_ms of one-way delay to every link between two nodes (nodes added first).
void apply_link_latency(Runtime& runtime, double link_latency_ms);

}  // namespace archlab::replication
