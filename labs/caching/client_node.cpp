#include "labs/caching/client_node.h"

#include <algorithm>
#include <random>

#include "labs/caching/messages.h"

namespace archlab::caching {

namespace {
constexpr Nanos kScanEvery = std::chrono::milliseconds(100);
}  // namespace

void ClientNode::start(Context& ctx) {
    lb_ = ctx.lookup("lb");
    next_arrival_ = ctx.now();
    if (cfg_->script.empty()) send_due_arrivals(ctx);
    else send_due_script(ctx);
    ctx.set_timer(kScanEvery, kTimeoutScan);
}

void ClientNode::send(Context& ctx, Nanos invoked, bool write, std::uint32_t key) {
    RequestHeader h;
    h.write = write ? 1 : 0;
    h.key = key;
    h.client = ctx.self();
    const std::uint64_t id = next_id_++;
    outstanding_.emplace(id, Outstanding{invoked, key, write});
    m_->sent.add();
    ctx.send(lb_, kRequest, id, pack(h));
}

void ClientNode::send_due_arrivals(Context& ctx) {
    if (cfg_->stopping.load(std::memory_order_relaxed)) return;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const Nanos now = ctx.now();
    // Open loop: every request whose intended time has come is sent, even if the timer woke late;
    // its invoke time is the intended one, so a slow system cannot slow the clock that judges it.
    while (next_arrival_ <= now) {
        const bool write = unit(ctx.random()) >= cfg_->read_ratio.load(std::memory_order_relaxed);
        send(ctx, next_arrival_, write, keys_->next(ctx.random()));
        const double rate = std::max(1e-3, cfg_->arrival_rps.load(std::memory_order_relaxed));
        std::exponential_distribution<double> gap(rate);
        next_arrival_ += Nanos(static_cast<std::int64_t>(gap(ctx.random()) * 1e9));
    }
    ctx.set_timer(next_arrival_ - now, kArrival);
}

void ClientNode::send_due_script(Context& ctx) {
    if (cfg_->stopping.load(std::memory_order_relaxed)) return;
    const Nanos now = ctx.now();
    while (script_next_ < cfg_->script.size() && cfg_->script[script_next_].at <= now) {
        const ScriptedOp& op = cfg_->script[script_next_++];
        send(ctx, now, op.write, op.key);
    }
    if (script_next_ < cfg_->script.size()) ctx.set_timer(cfg_->script[script_next_].at - now, kArrival);
}

void ClientNode::record_read(const Outstanding& op, const ReplyHeader& r, Nanos latency) {
    const auto ns = static_cast<std::uint64_t>(latency.count());
    m_->reads.add();
    m_->read_ns.record(ns);
    const auto outcome = static_cast<Outcome>(r.outcome);
    AppCounters* app = r.app >= 1 && r.app <= m_->per_app.size() ? &m_->per_app[r.app - 1] : nullptr;
    if (outcome == Outcome::hit) {
        m_->hits.add();
        m_->hit_ns.record(ns);
        if (app) app->hits.add();
    } else if (outcome == Outcome::miss) {
        m_->misses.add();
        m_->miss_ns.record(ns);
        if (app) app->misses.add();
    } else {
        m_->bypasses.add();
        m_->bypass_ns.record(ns);
        if (app) app->bypasses.add();
    }
    if (r.version < log_->committed_at(op.key, op.invoked)) m_->stale.add();
}

void ClientNode::on_message(Context& ctx, const Message& msg) {
    auto it = outstanding_.find(msg.id);
    if (it == outstanding_.end()) return;  // already timed out, or a duplicate
    const Outstanding op = it->second;
    outstanding_.erase(it);
    ReplyHeader r;
    if (msg.type != kReply || !unpack(msg.body, r)) {
        m_->errors.add();
        return;
    }
    const Nanos latency = ctx.now() - op.invoked;
    m_->ok.add();
    m_->latency_ns.record(static_cast<std::uint64_t>(latency.count()));
    if (r.app >= 1 && r.app <= m_->per_app.size()) m_->per_app[r.app - 1].requests.add();
    if (op.write) {
        m_->writes.add();
        m_->write_ns.record(static_cast<std::uint64_t>(latency.count()));
    } else {
        record_read(op, r, latency);
    }
}

void ClientNode::scan_timeouts(Context& ctx) {
    // Ids grow with send time, so the oldest requests are at the front.
    const Nanos limit = from_ms(cfg_->request_timeout_ms);
    const Nanos now = ctx.now();
    while (!outstanding_.empty() && now - outstanding_.begin()->second.invoked > limit) {
        outstanding_.erase(outstanding_.begin());
        m_->errors.add();
    }
}

void ClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrival) {
        if (cfg_->script.empty()) send_due_arrivals(ctx);
        else send_due_script(ctx);
    } else if (tag == kTimeoutScan) {
        scan_timeouts(ctx);
        ctx.set_timer(kScanEvery, kTimeoutScan);
    }
}

}  // namespace archlab::caching
