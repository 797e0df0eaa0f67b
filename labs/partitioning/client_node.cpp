#include "labs/partitioning/client_node.h"

#include <random>

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kArrivalTimer = 1;
constexpr std::uint64_t kTimeoutTimer = 2;
constexpr double kTimeoutCheck_ms = 100.0;
}  // namespace

ClientNode::ClientNode(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics, std::shared_ptr<MapBook> book)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), book_(std::move(book)),
      keys_(cfg_->key_dist, std::uint64_t(cfg_->keys), cfg_->zipf_s, m_->next_key) {
    if (cfg_->routing == Routing::Client) router_.emplace(book_, m_);
}

void ClientNode::start(Context& ctx) {
    router_node_ = ctx.lookup("router");
    if (router_) router_->learn(book_->committed_epoch());  // the map as the config store has it when it starts
    schedule_arrival(ctx);
    ctx.set_timer(from_ms(kTimeoutCheck_ms), kTimeoutTimer);
}

void ClientNode::schedule_arrival(Context& ctx) {
    const double rate = cfg_->arrival_rps.load();
    const double gap_s = std::exponential_distribution<double>(rate)(ctx.random());
    ctx.set_timer(from_ms(gap_s * 1e3), kArrivalTimer);
}

void ClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrivalTimer) {
        if (cfg_->stopping) return;
        issue(ctx);
        schedule_arrival(ctx);
        return;
    }
    if (tag != kTimeoutTimer) return;
    const std::int64_t before = ctx.now().count() - from_ms(cfg_->op_timeout_ms()).count();
    while (!pending_.empty() && pending_.begin()->second.started_ns < before) {
        OpReply r;
        r.status = OpStatus::Failed;
        r.cause = FailCause::Timeout;
        complete(ctx, pending_.begin()->first, r);
    }
    if (router_) router_->expire(ctx, from_ms(cfg_->op_timeout_ms()));
    ctx.set_timer(from_ms(kTimeoutCheck_ms), kTimeoutTimer);
}

void ClientNode::issue(Context& ctx) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    Pending p;
    std::string end;
    if (u(ctx.random()) < cfg_->range_ratio) {
        p.kind = OpKind::Scan;
        const std::uint64_t start = keys_.read_key(ctx.random());
        p.key = key_name(start);
        end = key_name(start + std::uint64_t(cfg_->range_len));
    } else if (u(ctx.random()) < cfg_->read_ratio) {
        p.kind = OpKind::Read;
        p.key = key_name(keys_.read_key(ctx.random()));
        p.existed = m_->acked.has(p.key);
    } else {
        p.kind = OpKind::Write;
        p.key = key_name(keys_.write_key(ctx.random()));
        p.value = m_->next_value.fetch_add(1);
    }
    p.started_ns = ctx.now().count();
    const std::uint64_t id = next_id_++;
    pending_[id] = p;
    m_->issued.add();
    if (router_) {
        router_->submit(ctx, p.kind, p.key, end, p.value, [this, id](Context& c, const OpReply& r) { complete(c, id, r); });
        return;
    }
    OpRequest req;
    req.kind = p.kind;
    req.value = p.value;
    std::vector<std::string> keys{p.key};
    if (p.kind == OpKind::Scan) keys.push_back(end);
    ctx.send(router_node_, kOp, id, pack(req, encode_keys(keys)));
}

void ClientNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kCommit) {
        EpochMsg e;
        if (router_ && unpack(msg.body, e)) router_->learn(e.epoch);
        return;
    }
    if (msg.type != kOpReply) return;
    if (router_) {
        router_->on_reply(ctx, msg);
        return;
    }
    OpReply r;
    if (unpack(msg.body, r)) complete(ctx, msg.id, r);
}

void ClientNode::complete(Context& ctx, std::uint64_t id, const OpReply& r) {
    auto it = pending_.find(id);
    if (it == pending_.end()) return;  // answered after it timed out
    const Pending p = std::move(it->second);
    pending_.erase(it);
    if (r.status == OpStatus::Failed) {
        m_->failed.add();
        (r.cause == FailCause::TooManyRedirects ? m_->err_redirects : m_->err_timeout).add();
        return;
    }
    const auto latency = static_cast<std::uint64_t>(ctx.now().count() - p.started_ns);
    m_->ok.add();
    m_->latency_ns.record(latency);
    (m_->rebalancing ? m_->latency_rebalance_ns : m_->latency_steady_ns).record(latency);
    switch (p.kind) {
        case OpKind::Write:
            m_->writes.add();
            m_->acked.acknowledge(p.key, static_cast<std::uint64_t>(p.value));
            m_->key_latency_ns.record(latency);
            break;
        case OpKind::Read:
            m_->reads.add();
            if (r.status == OpStatus::NotFound && p.existed) m_->read_misses.add();
            m_->key_latency_ns.record(latency);
            break;
        case OpKind::Scan:
            m_->scans.add();
            m_->scan_latency_ns.record(latency);
            m_->scan_fanout.record(r.fanout);
            m_->scan_shards.add(r.fanout);
            break;
    }
}

}  // namespace archlab::partlab
