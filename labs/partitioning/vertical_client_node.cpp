#include "labs/partitioning/vertical_client_node.h"

#include <random>

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kArrivalTimer = 1;
constexpr std::uint64_t kTimeoutTimer = 2;
constexpr double kTimeoutCheck_ms = 100.0;
}  // namespace

VerticalClientNode::VerticalClientNode(std::shared_ptr<VerticalConfig> cfg, std::shared_ptr<VerticalMetrics> metrics)
    : cfg_(std::move(cfg)), m_(std::move(metrics)),
      users_(cfg_->key_dist, std::uint64_t(cfg_->users), cfg_->zipf_s, m_->next_key),
      products_(cfg_->key_dist, std::uint64_t(cfg_->products), cfg_->zipf_s, m_->next_key) {
    double sum = 0.0;
    for (int i = 0; i < kRequestTypes; ++i) cumulative_[std::size_t(i)] = sum += cfg_->mix[std::size_t(i)];
}

void VerticalClientNode::start(Context& ctx) {
    api_ = ctx.lookup("api");
    schedule_arrival(ctx);
    ctx.set_timer(from_ms(kTimeoutCheck_ms), kTimeoutTimer);
}

void VerticalClientNode::schedule_arrival(Context& ctx) {
    const double gap_s = std::exponential_distribution<double>(cfg_->arrival_rps.load())(ctx.random());
    ctx.set_timer(from_ms(gap_s * 1e3), kArrivalTimer);
}

void VerticalClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrivalTimer) {
        if (cfg_->stopping) return;
        issue(ctx);
        schedule_arrival(ctx);
        return;
    }
    if (tag != kTimeoutTimer) return;
    const std::int64_t before = ctx.now().count() - from_ms(cfg_->op_timeout_ms()).count();
    while (!pending_.empty() && pending_.begin()->second.started_ns < before) {
        const auto it = pending_.begin();
        pending_.erase(it);
        m_->failed.add();
        m_->err_timeout.add();
    }
    ctx.set_timer(from_ms(kTimeoutCheck_ms), kTimeoutTimer);
}

VOp VerticalClientNode::pick_type(Context& ctx) {
    const double x = std::uniform_real_distribution<double>(0.0, cumulative_.back())(ctx.random());
    for (int i = 0; i < kRequestTypes; ++i) {
        if (x < cumulative_[std::size_t(i)]) return VOp(i);
    }
    return VOp(kRequestTypes - 1);
}

void VerticalClientNode::issue(Context& ctx) {
    VCall call;
    call.op = pick_type(ctx);
    call.user = users_.read_key(ctx.random());
    call.product = products_.read_key(ctx.random());
    const std::uint64_t id = next_id_++;
    pending_[id] = {call.op, ctx.now().count()};
    m_->issued.add();
    m_->by_type[std::size_t(call.op)].issued.add();
    ctx.send(api_, kVRequest, id, pack(call));
}

void VerticalClientNode::on_message(Context& ctx, const Message& msg) {
    VReply r;
    if (msg.type == kVRequestReply && unpack(msg.body, r)) complete(ctx, msg.id, r);
}

void VerticalClientNode::complete(Context& ctx, std::uint64_t id, const VReply& r) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;  // answered after it timed out
    const Pending p = it->second;
    pending_.erase(it);
    if (r.status == VStatus::Failed) {
        m_->failed.add();
        m_->err_call_failed.add();
        return;
    }
    const auto latency = static_cast<std::uint64_t>(ctx.now().count() - p.started_ns);
    RequestTypeStats& t = m_->by_type[std::size_t(p.op)];
    m_->ok.add();
    m_->latency_ns.record(latency);
    m_->calls_answered.add(r.calls);
    if (r.status == VStatus::NotFound) m_->not_found.add();
    t.ok.add();
    t.calls.add(r.calls);
    t.latency_ns.record(latency);
}

}  // namespace archlab::partlab
