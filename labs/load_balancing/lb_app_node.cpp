#include "labs/load_balancing/lb_app_node.h"

#include <random>

#include "core/net/web_message.h"

namespace archlab::lblab {

void LbAppNode::start(Context& ctx) {
    if (ctx.name(ctx.self()) == cfg_->slow_node) service_factor_ = cfg_->slow_factor;
    member_.start(ctx);
}

void LbAppNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != net::kWebRequest) return;
    net::WebResponse response;
    response.node = ctx.name(ctx.self());
    auto request = net::decode_web_request(msg.body);
    if (!request) {
        response.status = 400;
        response.cause = "bad-request";
        ctx.send(msg.from, net::kWebResponse, msg.id, net::encode(response));
        return;
    }
    const double mean_ms = cfg_->service_ms * service_factor_;
    Job job;
    job.hold = from_ms(std::exponential_distribution<double>(1.0 / mean_ms)(ctx.random()));
    const NodeIndex from = msg.from;
    const std::uint64_t id = msg.id;
    job.done = [&ctx, from, id, response = std::move(response), target = request->target](Nanos) mutable {
        response.body = "served " + target + " by " + response.node + "\n";
        ctx.send(from, net::kWebResponse, id, net::encode(response));
    };
    ctx.execute(std::move(job));
}

void LbAppNode::on_timer(Context& ctx, std::uint64_t tag) { member_.on_timer(ctx, tag); }

}  // namespace archlab::lblab
