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

void set_link_latency(Runtime& rt, Nanos one_way) {
    const auto link = [&rt, one_way](const std::string& a, const std::string& b) {
        for (auto [from, to] : {std::pair{rt.lookup(a), rt.lookup(b)}, std::pair{rt.lookup(b), rt.lookup(a)}}) {
            LinkFaults f = rt.link_faults(from, to);
            f.latency = one_way;
            rt.set_link_faults(from, to, f);
        }
    };
    link("client", "lb");
    for (NodeIndex i = 0; i < rt.node_count(); ++i) {
        if (rt.spec(i).kind != "worker") continue;
        link("lb", rt.spec(i).name);
    }
}

}  // namespace archlab::queueing
