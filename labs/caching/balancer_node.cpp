#include "labs/caching/balancer_node.h"

#include <string>

#include "core/lb/strategy_registry.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

void BalancerNode::start(Context& ctx) {
    apps_.clear();
    candidates_.clear();
    for (int i = 1; i <= cfg_->nodes; ++i) {
        const std::string id = "app-" + std::to_string(i);
        apps_.push_back(ctx.lookup(id));
        lb::Candidate c;
        c.id = id;
        candidates_.push_back(std::move(c));
    }
    strategy_.reset();
}

lb::Strategy& BalancerNode::strategy() {
    const Routing now = cfg_->current_routing();
    if (!strategy_ || now != routing_) {
        strategy_ = lb::builtin_strategies().create(routing_strategy(now));
        routing_ = now;
    }
    return *strategy_;
}

void BalancerNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kRequest) {
        RequestHeader h;
        if (!unpack(msg.body, h) || apps_.empty()) return;
        const std::string key = key_name(h.key);  // the key as the cache stores it
        const std::size_t app = strategy().choose(candidates_, lb::RouteKey{key, {}}, ctx.random());
        ctx.send(apps_[app], kRequest, msg.id, msg.body);
    } else if (msg.type == kReply) {
        ReplyHeader r;
        if (!unpack(msg.body, r)) return;
        ctx.send(r.client, kReply, msg.id, msg.body);
    }
}

}  // namespace archlab::caching
