#pragma once
// The partitioning lab's cluster on any runtime: client, router, shard-1..M (the last
// spare_shards idle until a rebalance brings them in), each shard with its own SQLite database.
#include <memory>
#include <vector>

#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/part_config.h"
#include "labs/partitioning/part_metrics.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

/// dbs: one database per shard node, by ordinal - 1 (prepared and loaded).
void add_partitioning_nodes(Runtime& runtime, const std::shared_ptr<PartConfig>& cfg,
                            const std::shared_ptr<PartMetrics>& metrics, const std::shared_ptr<MapBook>& book,
                            const std::vector<std::shared_ptr<SqlitePool>>& dbs);

/// The first map: shards added in order; range split at equal shares of the loaded keys;
/// hash-slot laid out in contiguous even ranges, as a fresh Redis cluster is.
std::vector<MapOp> initial_map_ops(const PartConfig& cfg);

/// Adds link_latency_ms of one-way delay to every link between two nodes.
void set_link_latency(Runtime& runtime, double link_latency_ms);

}  // namespace archlab::partlab
