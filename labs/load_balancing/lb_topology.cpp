#include "labs/load_balancing/lb_topology.h"

#include "core/lb/balancer_node.h"
#include "core/lb/discovery_node.h"
#include "labs/load_balancing/lb_app_node.h"
#include "labs/load_balancing/lb_client_node.h"

namespace archlab::lblab {

std::shared_ptr<lb::BalancerConfig> make_balancer_config(const LbLabConfig& cfg, const std::string& strategy) {
    std::vector<std::string> pool;
    for (int i = 1; i <= cfg.nodes; ++i) pool.push_back(app_node_id(i));
    auto b = std::make_shared<lb::BalancerConfig>(std::move(pool), strategy);
    b->timeout = cfg.timeout;
    b->resubscribe = cfg.heartbeat;
    return b;
}

void add_lb_nodes(Runtime& rt, const std::shared_ptr<LbLabConfig>& cfg, const std::shared_ptr<LbMetrics>& m,
                  const std::shared_ptr<lb::BalancerConfig>& balancer, const std::shared_ptr<lb::BalancerWatch>& watch) {
    rt.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<LbClientNode>(cfg, m); }});
    rt.add_node({"lb", "lb", 0, [balancer, watch] { return std::make_unique<lb::BalancerNode>(balancer, watch); }});
    const lb::DiscoveryConfig dc{cfg->detect_after};
    rt.add_node({"discovery", "discovery", 0, [dc] { return std::make_unique<lb::DiscoveryNode>(dc); }});
    for (int i = 1; i <= cfg->nodes; ++i) {
        rt.add_node({app_node_id(i), "app", cfg->threads_per_node, [cfg] { return std::make_unique<LbAppNode>(cfg); }});
    }
}

}  // namespace archlab::lblab
