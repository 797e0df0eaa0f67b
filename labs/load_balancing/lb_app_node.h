#pragma once
// An app node of the load-balancing lab: registers with discovery, sends heartbeats, and
// serves each WebRequest on one of its worker threads for an exponential service time
// (slow_factor times longer on the slow node), answering with its own name.
#include <memory>

#include "core/lb/discovery_member.h"
#include "core/runtime/node.h"
#include "labs/load_balancing/lb_config.h"

namespace archlab::lblab {

class LbAppNode : public Node {
public:
    explicit LbAppNode(std::shared_ptr<LbLabConfig> cfg) : cfg_(std::move(cfg)), member_(cfg_->heartbeat) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    std::shared_ptr<LbLabConfig> cfg_;
    lb::DiscoveryMember member_;
    double service_factor_ = 1.0;  ///< slow_factor on the slow node, else 1
};

}  // namespace archlab::lblab
