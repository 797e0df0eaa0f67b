#include "core/lb/discovery_node.h"

#include <algorithm>

namespace archlab::lb {

namespace {
constexpr std::uint64_t kCheckTimer = 1;
}  // namespace

Nanos DiscoveryNode::check_every(Nanos detect_after) {
    return std::max<Nanos>(std::chrono::milliseconds(1), detect_after / 50);
}

void DiscoveryNode::start(Context& ctx) { ctx.set_timer(check_every(cfg_.detect_after), kCheckTimer); }

void DiscoveryNode::on_message(Context& ctx, const Message& msg) {
    switch (msg.type) {
        case kRegister:
        case kHeartbeat:  // a heartbeat from an unknown instance registers it (discovery restarted)
            seen(ctx, msg.from);
            break;
        case kSubscribe:
            subscribers_.insert(msg.from);
            ctx.send(msg.from, kMembers, version_, encode(members(ctx)));
            break;
        default:
            break;
    }
}

void DiscoveryNode::seen(Context& ctx, NodeIndex node) {
    const bool is_new = last_seen_.find(node) == last_seen_.end();
    last_seen_[node] = ctx.now();
    if (is_new) {
        order_.push_back(node);
        ++version_;
        publish(ctx);
    }
}

void DiscoveryNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kCheckTimer) return;
    const Nanos now = ctx.now();
    bool changed = false;
    for (auto it = last_seen_.begin(); it != last_seen_.end();) {
        if (now - it->second >= cfg_.detect_after) {
            order_.erase(std::remove(order_.begin(), order_.end(), it->first), order_.end());
            it = last_seen_.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed) {
        ++version_;
        publish(ctx);
    }
    ctx.set_timer(check_every(cfg_.detect_after), kCheckTimer);
}

Members DiscoveryNode::members(Context& ctx) const {
    Members m;
    m.version = version_;
    for (NodeIndex n : order_) m.nodes.push_back(ctx.name(n));
    return m;
}

void DiscoveryNode::publish(Context& ctx) {
    const std::string body = encode(members(ctx));
    for (NodeIndex s : subscribers_) ctx.send(s, kMembers, version_, body);
}

}  // namespace archlab::lb
