#pragma once
// The discovery service: app nodes register and send heartbeats; one silent for detect_after
// is taken out. Subscribers (the balancer) get the alive list when they ask and on every change.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/lb/discovery_protocol.h"
#include "core/runtime/node.h"

namespace archlab::lb {

struct DiscoveryConfig {
    Nanos detect_after{std::chrono::milliseconds(1000)};  ///< silence after which an instance is removed
};

class DiscoveryNode : public Node {
public:
    explicit DiscoveryNode(DiscoveryConfig cfg) : cfg_(cfg) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

    /// How often silence is checked: a small fraction of detect_after, so removal is prompt.
    static Nanos check_every(Nanos detect_after);

private:
    void seen(Context& ctx, NodeIndex node);
    void publish(Context& ctx);
    Members members(Context& ctx) const;

    DiscoveryConfig cfg_;
    std::map<NodeIndex, Nanos> last_seen_;  ///< alive instance -> time of its last heartbeat
    std::vector<NodeIndex> order_;          ///< alive instances in registration order
    std::set<NodeIndex> subscribers_;
    std::uint64_t version_ = 0;
};

}  // namespace archlab::lb
