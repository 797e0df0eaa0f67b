#pragma once
// The queueing lab's cluster: client, lb, worker-1..N, db, added to any runtime (live or simulated).
#include <memory>

#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"
#include "labs/queueing/request_work.h"

namespace archlab::queueing {

void add_queueing_nodes(Runtime& runtime, const std::shared_ptr<QueueingConfig>& cfg,
                        const std::shared_ptr<QueueingMetrics>& metrics, const std::shared_ptr<RequestWork>& work,
                        const std::shared_ptr<SqlitePool>& db);

/// Gives every link of the request path (client-lb and lb-worker, both ways) a fixed one-way
/// latency: the lab's own network, not a fault. The worker's database calls stay inside its
/// service time, so the path cost is exactly four hops.
void set_link_latency(Runtime& runtime, Nanos one_way);

}  // namespace archlab::queueing
