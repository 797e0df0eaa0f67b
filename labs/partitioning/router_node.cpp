#include "labs/partitioning/router_node.h"

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kTickTimer = 1;
constexpr std::uint64_t kRouterExpireTimer = 2;
constexpr double kRouterExpire_ms = 1000.0;
}  // namespace

RouterNode::RouterNode(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics, std::shared_ptr<MapBook> book)
    : cfg_(cfg), book_(book), router_(book, metrics), coordinator_(cfg, metrics, book) {}

void RouterNode::start(Context& ctx) {
    router_.learn(book_->committed_epoch());
    coordinator_.start(ctx);
    ctx.set_timer(from_ms(Coordinator::kTick_ms), kTickTimer);
    ctx.set_timer(from_ms(kRouterExpire_ms), kRouterExpireTimer);
}

void RouterNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kTickTimer) {
        coordinator_.tick(ctx);
        router_.learn(book_->committed_epoch());  // it commits maps itself: its routing follows at once
        ctx.set_timer(from_ms(Coordinator::kTick_ms), kTickTimer);
    } else if (tag == kRouterExpireTimer) {
        router_.expire(ctx, from_ms(cfg_->op_timeout_ms()));
        ctx.set_timer(from_ms(kRouterExpire_ms), kRouterExpireTimer);
    }
}

void RouterNode::on_message(Context& ctx, const Message& msg) {
    if (coordinator_.on_message(ctx, msg)) {
        router_.learn(book_->committed_epoch());
        return;
    }
    if (msg.type == kOpReply) {
        router_.on_reply(ctx, msg);
        return;
    }
    if (msg.type != kOp) return;
    OpRequest req;
    std::string_view tail;
    std::vector<std::string> keys;
    if (!unpack(msg.body, req, &tail) || !decode_keys(tail, keys) || keys.empty()) return;
    const NodeIndex from = msg.from;
    const std::uint64_t id = msg.id;
    router_.submit(ctx, req.kind, keys[0], keys.size() > 1 ? keys[1] : std::string(), req.value,
                   [from, id](Context& c, const OpReply& r) { c.send(from, kOpReply, id, pack(r)); });
}

}  // namespace archlab::partlab
