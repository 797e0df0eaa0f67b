#include "core/lb/balancer_node.h"

#include "core/lb/discovery_protocol.h"
#include "core/lb/sticky_cookie.h"
#include "core/lb/strategy_registry.h"

namespace archlab::lb {

namespace {
constexpr std::uint64_t kExpireTimer = 1;
constexpr std::uint64_t kResubscribeTimer = 2;
constexpr Nanos kExpireEvery = std::chrono::milliseconds(20);
}  // namespace

void BalancerNode::start(Context& ctx) {
    for (std::size_t slot = 0; slot < cfg_->pool.size(); ++slot) {
        pool_index_.push_back(ctx.lookup(cfg_->pool[slot]));
        slot_of_.emplace(cfg_->pool[slot], slot);
    }
    instances_.assign(cfg_->pool.size(), Instance{});
    refresh_strategy();
    discovery_ = ctx.lookup("discovery");
    if (discovery_ != kNoNode) {
        ctx.send(discovery_, kSubscribe, 0, {});
        ctx.set_timer(cfg_->resubscribe, kResubscribeTimer);
    } else {
        // A cluster without discovery: every pool node counts as alive.
        for (std::size_t slot = 0; slot < cfg_->pool.size(); ++slot) alive_.insert(slot);
    }
    ctx.set_timer(kExpireEvery, kExpireTimer);
}

void BalancerNode::refresh_strategy() {
    auto [name, version] = cfg_->strategy();
    if (version == strategy_version_ && strategy_) return;
    strategy_ = builtin_strategies().create(name);
    strategy_version_ = version;
}

void BalancerNode::on_message(Context& ctx, const Message& msg) {
    switch (msg.type) {
        case net::kWebRequest: on_request(ctx, msg); break;
        case net::kWebResponse: on_response(ctx, msg); break;
        case kMembers: on_members(ctx, msg); break;
        default: break;
    }
}

void BalancerNode::on_request(Context& ctx, const Message& msg) {
    auto request = net::decode_web_request(msg.body);
    if (!request) {
        fail(ctx, msg.from, msg.id, 400, "bad-request");
        return;
    }
    if (alive_.empty()) {
        fail(ctx, msg.from, msg.id, 503, "no-alive-node");
        return;
    }
    refresh_strategy();
    std::vector<Candidate> candidates;
    std::vector<std::size_t> slots;
    candidates.reserve(alive_.size());
    for (std::size_t slot : alive_) {
        const std::string& id = cfg_->pool[slot];
        auto w = cfg_->weights.find(id);
        candidates.push_back(Candidate{id, w == cfg_->weights.end() ? 1 : w->second, instances_[slot].in_flight,
                                       instances_[slot].ewma_ms});
        slots.push_back(slot);
    }
    const std::size_t chosen = strategy_->choose(candidates, RouteKey{request->key, request->cookie}, ctx.random());
    const std::size_t slot = slots.at(chosen);

    Forwarded f{msg.from, msg.id, slot, ctx.now(), {}};
    if (strategy_->pins_with_cookie() && sticky_node(request->cookie) != cfg_->pool[slot]) {
        f.set_cookie = sticky_set_cookie(cfg_->pool[slot]);
    }
    const std::uint64_t id = next_id_++;
    forwarded_.emplace(id, std::move(f));
    ++instances_[slot].in_flight;
    watch_->in_flight[slot].set(instances_[slot].in_flight);
    ctx.send(pool_index_[slot], net::kWebRequest, id, msg.body);
}

void BalancerNode::on_response(Context& ctx, const Message& msg) {
    auto it = forwarded_.find(msg.id);
    if (it == forwarded_.end()) return;  // timed out already, or a duplicate
    Forwarded f = std::move(it->second);
    forwarded_.erase(it);
    settle(f.slot);
    Instance& inst = instances_[f.slot];
    const double took_ms = to_ms(ctx.now() - f.sent);
    inst.ewma_ms = inst.ewma_ms == 0.0 ? took_ms : cfg_->ewma_alpha * took_ms + (1.0 - cfg_->ewma_alpha) * inst.ewma_ms;

    auto response = net::decode_web_response(msg.body);
    if (!response) {
        fail(ctx, f.origin, f.origin_id, 502, "bad-response", cfg_->pool[f.slot]);
        return;
    }
    if (!f.set_cookie.empty() && response->set_cookie.empty()) response->set_cookie = f.set_cookie;
    reply(ctx, f.origin, f.origin_id, *response);
}

void BalancerNode::settle(std::size_t slot) {
    --instances_[slot].in_flight;
    watch_->in_flight[slot].set(instances_[slot].in_flight);
}

void BalancerNode::on_members(Context& ctx, const Message& msg) {
    auto members = decode_members(msg.body);
    if (!members) return;
    std::set<std::size_t> now_alive;
    for (const std::string& id : members->nodes) {
        auto it = slot_of_.find(id);
        if (it != slot_of_.end()) now_alive.insert(it->second);
    }
    for (std::size_t slot : alive_) {
        if (!now_alive.count(slot)) watch_->record({ctx.now(), cfg_->pool[slot], false});
    }
    for (std::size_t slot : now_alive) {
        if (!alive_.count(slot)) {
            watch_->record({ctx.now(), cfg_->pool[slot], true});
            instances_[slot].ewma_ms = 0.0;  // a returning instance starts unjudged
        }
    }
    alive_ = std::move(now_alive);
}

void BalancerNode::reply(Context& ctx, NodeIndex to, std::uint64_t id, const net::WebResponse& response) {
    ctx.send(to, net::kWebResponse, id, net::encode(response));
}

void BalancerNode::fail(Context& ctx, NodeIndex to, std::uint64_t id, std::uint16_t status, std::string cause,
                        std::string node) {
    net::WebResponse r;
    r.status = status;
    r.node = std::move(node);
    r.cause = std::move(cause);
    r.body = r.cause + "\n";
    reply(ctx, to, id, r);
}

void BalancerNode::expire(Context& ctx) {
    const Nanos now = ctx.now();
    for (auto it = forwarded_.begin(); it != forwarded_.end();) {
        if (now - it->second.sent > cfg_->timeout) {
            settle(it->second.slot);
            // A node that does not answer in time counts as slow as the timeout.
            Instance& inst = instances_[it->second.slot];
            const double limit_ms = to_ms(cfg_->timeout);
            inst.ewma_ms = cfg_->ewma_alpha * limit_ms + (1.0 - cfg_->ewma_alpha) * inst.ewma_ms;
            fail(ctx, it->second.origin, it->second.origin_id, 504, "timeout", cfg_->pool[it->second.slot]);
            it = forwarded_.erase(it);
        } else {
            ++it;
        }
    }
}

void BalancerNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kExpireTimer) {
        expire(ctx);
        ctx.set_timer(kExpireEvery, kExpireTimer);
    } else if (tag == kResubscribeTimer) {
        ctx.send(discovery_, kSubscribe, 0, {});
        ctx.set_timer(cfg_->resubscribe, kResubscribeTimer);
    }
}

}  // namespace archlab::lb
