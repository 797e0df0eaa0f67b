#include "core/net/gateway_node.h"

#include <optional>
#include <utility>

namespace archlab::net {

WebResponse gateway_error(std::uint16_t status, std::string cause) {
    WebResponse r;
    r.status = status;
    r.cause = std::move(cause);
    return r;
}

NodeSpec gateway_spec(GatewayConfig config, std::string name) {
    return {std::move(name), "gateway", 0, [c = std::move(config)] { return std::make_unique<GatewayNode>(c); }};
}

GatewayNode::GatewayNode(GatewayConfig config) : config_(std::move(config)) {}

GatewayNode::~GatewayNode() {
    // Whoever waits hears that the gateway is gone (an HTTP client gets its 503 instead of hanging).
    for (auto& [id, p] : pending_) {
        count(&GatewayStats::abandoned);
        if (p.done) p.done(gateway_error(503, "gateway-down"));
    }
}

void GatewayNode::start(Context& ctx) {
    target_ = ctx.lookup(config_.target);
    // Ids from a random start, so a restarted instance never takes a late answer meant for its predecessor.
    next_id_ = ctx.random()();
}

void GatewayNode::count(std::atomic<std::uint64_t> GatewayStats::*counter) {
    if (config_.stats) ((*config_.stats).*counter).fetch_add(1, std::memory_order_relaxed);
}

void GatewayNode::submit(Context& ctx, WebRequest request, WebCompletion done) {
    count(&GatewayStats::submitted);
    if (target_ == kNoNode) {
        count(&GatewayStats::refused);
        done(gateway_error(503, "no-balancer"));
        return;
    }
    if (pending_.size() >= config_.max_pending) {  // bounded: overload is refused, not queued
        count(&GatewayStats::shed);
        done(gateway_error(503, "gateway-busy"));
        return;
    }
    const std::uint64_t id = next_id_++;
    if (request.sent_ns == 0) request.sent_ns = ctx.now().count();
    Pending p;
    p.done = std::move(done);
    p.timer = ctx.set_timer(config_.timeout, id);
    pending_.emplace(id, std::move(p));
    ctx.send(target_, kWebRequest, id, encode(request));
}

void GatewayNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kWebResponse) return;
    const auto it = pending_.find(msg.id);
    if (it == pending_.end() || msg.from != target_) {
        count(&GatewayStats::late);
        return;
    }
    ctx.cancel_timer(it->second.timer);
    std::optional<WebResponse> response = decode_web_response(msg.body);
    if (!response) {
        count(&GatewayStats::malformed);
        complete(msg.id, gateway_error(502, "bad-response"));
        return;
    }
    count(&GatewayStats::answered);
    complete(msg.id, std::move(*response));
}

void GatewayNode::on_timer(Context&, std::uint64_t tag) {
    if (!pending_.count(tag)) return;
    count(&GatewayStats::timed_out);
    complete(tag, gateway_error(504, "timeout"));
}

void GatewayNode::complete(std::uint64_t id, WebResponse response) {
    const auto it = pending_.find(id);
    WebCompletion done = std::move(it->second.done);
    pending_.erase(it);  // before the call, which may submit again
    if (done) done(std::move(response));
}

namespace {

/// Holds a completion until it is taken; if the holder dies untaken (the posted code was dropped
/// because the gateway is down), the request is answered 503 so nobody waits forever.
struct CompletionGuard {
    WebCompletion done;
    explicit CompletionGuard(WebCompletion d) : done(std::move(d)) {}
    ~CompletionGuard() {
        if (done) done(gateway_error(503, "gateway-down"));
    }
    CompletionGuard(const CompletionGuard&) = delete;
    CompletionGuard& operator=(const CompletionGuard&) = delete;
    WebCompletion take() { return std::exchange(done, nullptr); }
};

}  // namespace

WebDispatch gateway_dispatch(Runtime& runtime, NodeIndex gateway) {
    return [&runtime, gateway](WebRequest request, WebCompletion done) {
        auto guard = std::make_shared<CompletionGuard>(std::move(done));
        runtime.post(gateway, [guard, req = std::move(request)](Node& node, Context& ctx) mutable {
            auto* g = dynamic_cast<GatewayNode*>(&node);
            WebCompletion d = guard->take();
            if (!g) {
                d(gateway_error(500, "not-a-gateway"));
                return;
            }
            g->submit(ctx, std::move(req), std::move(d));
        });
    };
}

}  // namespace archlab::net
