#include "labs/partitioning/part_topology.h"

#include "labs/partitioning/client_node.h"
#include "labs/partitioning/router_node.h"
#include "labs/partitioning/shard_node.h"

namespace archlab::partlab {

void add_partitioning_nodes(Runtime& rt, const std::shared_ptr<PartConfig>& cfg, const std::shared_ptr<PartMetrics>& m,
                            const std::shared_ptr<MapBook>& book, const std::vector<std::shared_ptr<SqlitePool>>& dbs) {
    rt.add_node({"client", "client", 0, [cfg, m, book] { return std::make_unique<ClientNode>(cfg, m, book); }});
    rt.add_node({"router", "router", 0, [cfg, m, book] { return std::make_unique<RouterNode>(cfg, m, book); }});
    for (int i = 1; i <= cfg->shard_nodes(); ++i) {
        auto db = dbs.at(static_cast<std::size_t>(i - 1));
        // One worker thread: a shard's database jobs run in the order it queued them, which the
        // migration relies on (a batch is read after every write queued before it).
        NodeSpec spec{shard_name(i), "shard", 1, [i, cfg, m, book, db] {
                          ++m->shards[static_cast<std::size_t>(i - 1)].incarnations;
                          return std::make_unique<ShardNode>(i, cfg, m, book, db);
                      }};
        spec.max_queued_jobs = static_cast<std::size_t>(cfg->db_queue_limit);
        rt.add_node(std::move(spec));
    }
}

std::vector<MapOp> initial_map_ops(const PartConfig& cfg) {
    std::vector<MapOp> ops;
    if (cfg.strategy == "range") {
        ops.push_back({MapOp::Kind::Add, shard_name(1), {}, {}, 0, 0});
        for (int i = 1; i < cfg.shards; ++i) {
            const auto first = std::uint64_t(cfg.keys) * std::uint64_t(i) / std::uint64_t(cfg.shards);
            ops.push_back({MapOp::Kind::Split, shard_name(i), shard_name(i + 1), key_name(first), 0, 0});
        }
        return ops;
    }
    for (int i = 1; i <= cfg.shards; ++i) ops.push_back({MapOp::Kind::Add, shard_name(i), {}, {}, 0, 0});
    if (cfg.strategy == "hash-slot") ops.push_back({MapOp::Kind::LayoutSlots, {}, {}, {}, 0, 0});
    return ops;
}

void set_link_latency(Runtime& rt, double link_latency_ms) {
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

}  // namespace archlab::partlab
