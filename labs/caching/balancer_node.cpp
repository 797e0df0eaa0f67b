#include "labs/caching/balancer_node.h"

#include <string>

#include "core/cache/cache_key.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

void BalancerNode::start(Context& ctx) {
    apps_.clear();
    for (int i = 1; i <= cfg_->nodes; ++i) apps_.push_back(ctx.lookup("app-" + std::to_string(i)));
}

std::size_t BalancerNode::affinity(std::uint32_t key, std::size_t apps) {
    return cache::CacheKeyHash{}(key) % apps;
}

void BalancerNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kRequest) {
        RequestHeader h;
        if (!unpack(msg.body, h) || apps_.empty()) return;
        std::size_t app = 0;
        if (cfg_->current_routing() == Routing::KeyAffinity) {
            app = affinity(h.key, apps_.size());
        } else {
            app = rr_next_++ % apps_.size();
        }
        ctx.send(apps_[app], kRequest, msg.id, msg.body);
    } else if (msg.type == kReply) {
        ReplyHeader r;
        if (!unpack(msg.body, r)) return;
        ctx.send(r.client, kReply, msg.id, msg.body);
    }
}

}  // namespace archlab::caching
