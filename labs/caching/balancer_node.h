#pragma once
// The load balancer: forwards each request to an app node chosen by a core/lb strategy (the
// routing knob: round-robin, random, or key-affinity = a consistent-hash ring over the key, so a
// key always lands on the same app and exclusive caches do not hold duplicates). Stateless
// otherwise: the request carries its client, the reply goes back to it. It does no health
// checks, so every app stays a candidate, dead or not (its requests time out at the client).
#include <memory>
#include <vector>

#include "core/lb/strategy.h"
#include "core/runtime/node.h"
#include "labs/caching/caching_config.h"

namespace archlab::caching {

class BalancerNode : public Node {
public:
    explicit BalancerNode(std::shared_ptr<CachingConfig> cfg) : cfg_(std::move(cfg)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;

private:
    /// The strategy for the routing knob as it is now (rebuilt when it changed).
    lb::Strategy& strategy();

    std::shared_ptr<CachingConfig> cfg_;
    std::vector<NodeIndex> apps_;              ///< node index of app-1..N
    std::vector<lb::Candidate> candidates_;    ///< the same apps as the strategy sees them
    std::unique_ptr<lb::Strategy> strategy_;
    Routing routing_ = Routing::RoundRobin;    ///< what strategy_ was made for
};

}  // namespace archlab::caching
