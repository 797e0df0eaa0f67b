#include "labs/queueing/queueing_topology.h"

#include <string>

#include "labs/queueing/balancer_node.h"
#include "labs/queueing/client_node.h"
#include "labs/queueing/db_node.h"
#include "labs/queueing/worker_node.h"

namespace archlab::queueing {

void add_queueing_nodes(Runtime& rt, const std::shared_ptr<QueueingConfig>& cfg,
                        const std::shared_ptr<QueueingMetrics>& m, const std::shared_ptr<RequestWork>& work,
                        const std::shared_ptr<SqlitePool>& db) {
    rt.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<ClientNode>(cfg, m); }});
    rt.add_node({"lb", "lb", 0, [cfg, m] { return std::make_unique<BalancerNode>(cfg, m); }});
    for (int i = 1; i <= cfg->workers; ++i) {
        rt.add_node({"worker-" + std::to_string(i), "worker", cfg->threads_per_worker,
                     [i, cfg, m, work] { return std::make_unique<WorkerNode>(i, cfg, m, work); }});
    }
    rt.add_node({"db", "db", DbNode::kThreads, [cfg, m, db] { return std::make_unique<DbNode>(cfg, m, db); }});
}

}  // namespace archlab::queueing
