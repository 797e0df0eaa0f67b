#pragma once
// The load-balancing lab's cluster: client, lb, discovery, node-1..N, added to any runtime
// (live or simulated).
#include <memory>

#include "core/lb/balancer_config.h"
#include "core/runtime/runtime.h"
#include "labs/load_balancing/lb_config.h"
#include "labs/load_balancing/lb_metrics.h"

namespace archlab::lblab {

/// The balancer's settings for this lab's pool (node-1..N); strategy as given.
std::shared_ptr<lb::BalancerConfig> make_balancer_config(const LbLabConfig& cfg, const std::string& strategy);

void add_lb_nodes(Runtime& runtime, const std::shared_ptr<LbLabConfig>& cfg, const std::shared_ptr<LbMetrics>& metrics,
                  const std::shared_ptr<lb::BalancerConfig>& balancer, const std::shared_ptr<lb::BalancerWatch>& watch);

}  // namespace archlab::lblab
