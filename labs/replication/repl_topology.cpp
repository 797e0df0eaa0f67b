#include "labs/replication/repl_topology.h"

#include "labs/replication/client_node.h"
#include "labs/replication/data_node.h"
#include "labs/replication/monitor_node.h"

namespace archlab::replication {

void add_replication_nodes(Runtime& rt, const std::shared_ptr<ReplConfig>& cfg, const std::shared_ptr<ReplMetrics>& m,
                           const std::vector<std::shared_ptr<SqlitePool>>& dbs) {
    rt.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<ClientNode>(cfg, m); }});
    rt.add_node({"monitor", "monitor", 0,
                 [cfg, m] { return std::make_unique<MonitorNode>(cfg, m, ++m->monitor_incarnations == 1); }});
    for (int i = 0; i < cfg->data_nodes(); ++i) {
        auto db = dbs.at(static_cast<std::size_t>(i));
        NodeSpec spec{data_node_name(i), "db", 1, [i, cfg, m, db] {
                          const int incarnation = ++m->nodes[static_cast<std::size_t>(i)].incarnations;
                          return std::make_unique<DataNode>(i, cfg, m, db, incarnation == 1);
                      }};
        spec.max_queued_jobs = static_cast<std::size_t>(cfg->db_queue_limit);
        rt.add_node(std::move(spec));
    }
}

void apply_link_latency(Runtime& rt, double link_latency_ms) {
    if (link_latency_ms <= 0) return;
    for (NodeIndex a = 0; a < rt.node_count(); ++a) {
        for (NodeIndex b = 0; b < rt.node_count(); ++b) {
            if (a == b) continue;
            LinkFaults lf = rt.link_faults(a, b);
            lf.latency = from_ms(link_latency_ms);  // not a fault: the topology view draws these links healthy
            rt.set_link_faults(a, b, lf);
        }
    }
}

}  // namespace archlab::replication
