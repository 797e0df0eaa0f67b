#pragma once
// The sessions lab's cluster: client, lb, discovery, node-1..N and store, on any runtime.
#include <memory>
#include <string>

#include "core/lb/balancer_config.h"
#include "core/runtime/runtime.h"
#include "labs/sessions/session_config.h"
#include "labs/sessions/session_metrics.h"
#include "labs/sessions/store_node.h"

namespace archlab::sessions {

/// The balancer for this lab: sticky mode routes by the sticky cookie, the others by `strategy`.
std::shared_ptr<lb::BalancerConfig> make_session_balancer(const SessionConfig& cfg, const std::string& strategy);

/// `store` is the store node's data (the run keeps it to serve it to redis-cli too, live).
void add_session_nodes(Runtime& runtime, const std::shared_ptr<SessionConfig>& cfg,
                       const std::shared_ptr<SessionMetrics>& metrics,
                       const std::shared_ptr<lb::BalancerConfig>& balancer,
                       const std::shared_ptr<lb::BalancerWatch>& watch, const SessionStorePtr& store);

}  // namespace archlab::sessions
