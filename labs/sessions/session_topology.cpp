#include "labs/sessions/session_topology.h"

#include "core/lb/balancer_node.h"
#include "core/lb/discovery_node.h"
#include "labs/sessions/session_app_node.h"
#include "labs/sessions/session_client_node.h"
#include "labs/sessions/store_node.h"

namespace archlab::sessions {

std::shared_ptr<lb::BalancerConfig> make_session_balancer(const SessionConfig& cfg, const std::string& strategy) {
    std::vector<std::string> pool;
    for (int i = 1; i <= cfg.nodes; ++i) pool.push_back("node-" + std::to_string(i));
    auto b = std::make_shared<lb::BalancerConfig>(std::move(pool), cfg.mode == SessionMode::Sticky ? "sticky" : strategy);
    b->timeout = cfg.timeout;
    b->resubscribe = cfg.heartbeat;
    return b;
}

void add_session_nodes(Runtime& rt, const std::shared_ptr<SessionConfig>& cfg, const std::shared_ptr<SessionMetrics>& m,
                       const std::shared_ptr<lb::BalancerConfig>& balancer,
                       const std::shared_ptr<lb::BalancerWatch>& watch, const SessionStorePtr& store) {
    rt.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<SessionClientNode>(cfg, m); }});
    rt.add_node({"lb", "lb", 0, [balancer, watch] { return std::make_unique<lb::BalancerNode>(balancer, watch); }});
    const lb::DiscoveryConfig dc{cfg->detect_after};
    rt.add_node({"discovery", "discovery", 0, [dc] { return std::make_unique<lb::DiscoveryNode>(dc); }});
    for (int i = 1; i <= cfg->nodes; ++i) {
        rt.add_node({"node-" + std::to_string(i), "app", cfg->threads_per_node,
                     [cfg] { return std::make_unique<SessionAppNode>(cfg); }});
    }
    rt.add_node({"store", "cache", 0, [store] { return std::make_unique<StoreNode>(store); }});
}

}  // namespace archlab::sessions
