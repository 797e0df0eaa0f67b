#include "labs/partitioning/api_node.h"

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kApiExpireTimer = 1;
constexpr double kApiExpire_ms = 1000.0;
}  // namespace

ApiNode::ApiNode(std::shared_ptr<VerticalConfig> cfg) : cfg_(std::move(cfg)) {}

void ApiNode::start(Context& ctx) { ctx.set_timer(from_ms(kApiExpire_ms), kApiExpireTimer); }

void ApiNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kApiExpireTimer) return;
    // Calls a dead service never answers: the client has given up on them by now.
    const std::int64_t before = ctx.now().count() - from_ms(cfg_->op_timeout_ms()).count();
    while (!forwarded_.empty() && forwarded_.begin()->second.sent_ns < before) forwarded_.erase(forwarded_.begin());
    ctx.set_timer(from_ms(kApiExpire_ms), kApiExpireTimer);
}

void ApiNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kVRequest) {
        VCall call;
        if (!unpack(msg.body, call) || int(call.op) >= kRequestTypes) return;
        const std::uint64_t id = next_id_++;
        forwarded_[id] = {msg.from, msg.id, ctx.now().count()};
        ctx.send(ctx.lookup(domain_name(owner_of(call.op))), kVCall, id, std::string(msg.body));
        return;
    }
    if (msg.type != kVCallReply) return;
    auto it = forwarded_.find(msg.id);
    if (it == forwarded_.end()) return;
    const Forwarded f = it->second;
    forwarded_.erase(it);
    ctx.send(f.client, kVRequestReply, f.client_id, std::string(msg.body));
}

}  // namespace archlab::partlab
