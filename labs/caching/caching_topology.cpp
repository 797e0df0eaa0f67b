#include "labs/caching/caching_topology.h"

#include <algorithm>
#include <string>
#include <utility>

#include "labs/caching/app_node.h"
#include "labs/caching/balancer_node.h"
#include "labs/caching/cache_node.h"
#include "labs/caching/client_node.h"
#include "labs/caching/db_node.h"
#include "labs/caching/kv_table.h"

namespace archlab::caching {

std::uint64_t store_capacity(const CachingConfig& cfg, cache::CapacityUnit* unit) {
    const bool bytes = cfg.capacity_bytes > 0;
    if (unit) *unit = bytes ? cache::CapacityUnit::bytes : cache::CapacityUnit::entries;
    const std::uint64_t total = bytes ? cfg.capacity_bytes : cfg.capacity_entries;
    const std::uint64_t stores = cfg.placement == Placement::Exclusive ? static_cast<std::uint64_t>(cfg.nodes) : 1;
    return std::max<std::uint64_t>(1, total / stores);
}

CachingParts make_caching_parts(std::shared_ptr<CachingConfig> cfg, const std::filesystem::path& db_path,
                                std::uint64_t seed, std::function<Nanos()> clock) {
    CachingParts p;
    p.cfg = std::move(cfg);
    p.metrics = std::make_shared<CachingMetrics>(p.cfg->nodes);
    // The client judges a read only until its timeout: history older than that is never asked for.
    p.log = std::make_shared<CommitLog>(p.cfg->keys, clock, 1, from_ms(2 * p.cfg->request_timeout_ms));
    p.keys = std::make_shared<KeyPicker>(p.cfg->key_dist, p.cfg->keys, p.cfg->zipf_s);
    p.db = std::make_shared<SqlitePool>(db_path.string());
    prepare_kv(*p.db, p.cfg->keys, p.cfg->value_bytes);
    cache::CapacityUnit unit{};
    const std::uint64_t capacity = store_capacity(*p.cfg, &unit);
    const int stores = p.cfg->placement == Placement::Exclusive ? p.cfg->nodes : 1;
    for (int i = 0; i < stores; ++i) {
        p.stores.push_back(std::make_shared<resp::SharedCacheStore>(cache::builtin_policies(), p.cfg->policy, capacity,
                                                                    unit, clock, seed + static_cast<std::uint64_t>(i)));
    }
    return p;
}

void add_caching_nodes(Runtime& rt, const CachingParts& p) {
    const auto cfg = p.cfg;
    const auto m = p.metrics;
    const auto log = p.log;
    const auto keys = p.keys;
    const auto db = p.db;
    rt.add_node({"client", "client", 0, [cfg, m, log, keys] { return std::make_unique<ClientNode>(cfg, m, log, keys); }});
    rt.add_node({"lb", "lb", 0, [cfg] { return std::make_unique<BalancerNode>(cfg); }});
    const bool exclusive = cfg->placement == Placement::Exclusive;
    for (int i = 1; i <= cfg->nodes; ++i) {
        StorePtr local = exclusive ? p.stores.at(static_cast<std::size_t>(i - 1)) : nullptr;
        rt.add_node({"app-" + std::to_string(i), "app", 0,
                     [i, cfg, local] { return std::make_unique<AppNode>(i, cfg, local); }});
    }
    if (!exclusive) {
        StorePtr store = p.stores.at(0);
        rt.add_node({"cache", "cache", 0, [store] { return std::make_unique<CacheNode>(store); }});
    }
    rt.add_node({"db", "db", DbNode::kThreads, [cfg, m, db, log] { return std::make_unique<DbNode>(cfg, m, db, log); }});
}

void set_link_latency(Runtime& rt, Nanos one_way) {
    const auto link = [&rt, one_way](NodeIndex a, NodeIndex b) {
        if (a == kNoNode || b == kNoNode) return;
        for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
            LinkFaults f = rt.link_faults(from, to);
            f.latency = one_way;
            rt.set_link_faults(from, to, f);
        }
    };
    const NodeIndex lb = rt.lookup("lb"), cache = rt.lookup("cache"), db = rt.lookup("db");
    link(rt.lookup("client"), lb);
    for (NodeIndex i = 0; i < rt.node_count(); ++i) {
        if (rt.spec(i).kind != "app") continue;
        link(lb, i);
        link(i, cache);
        link(i, db);
    }
}

}  // namespace archlab::caching
