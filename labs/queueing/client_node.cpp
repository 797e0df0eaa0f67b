#include "labs/queueing/client_node.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "labs/queueing/messages.h"

namespace archlab::queueing {

namespace {
constexpr Nanos kScanEvery = std::chrono::milliseconds(100);
constexpr Nanos kProbeTimeout = std::chrono::milliseconds(500);
}  // namespace

void ClientNode::start(Context& ctx) {
    lb_ = ctx.lookup("lb");
    send_probe(ctx);
    ctx.set_timer(kScanEvery, kTimeoutScan);
}

void ClientNode::send_probe(Context& ctx) {
    probe_id_ = next_id_++;
    probe_sent_ = ctx.now();
    RequestHeader h;
    h.flags = kProbe;
    h.items = static_cast<std::uint32_t>(cfg_->db_items);
    ctx.send(lb_, kRequest, probe_id_, pack(h));
    ctx.set_timer(kProbeTimeout, kProbeRetry + (probe_id_ << 8));
}

void ClientNode::on_probe_reply(Context& ctx, const Message& msg) {
    ReplyHeader r;
    if (!unpack(msg.body, r)) return;
    // The path's own cost: everything but the time the probe held a worker thread.
    const Nanos total = ctx.now() - probe_sent_;
    probe_overhead_sum_ms_ += to_ms(total - Nanos(r.slot_ns));
    ++probes_done_;
    probe_id_ = 0;
    if (probes_done_ < kProbes) {
        send_probe(ctx);
    } else {
        m_->path_overhead_ms.set(probe_overhead_sum_ms_ / probes_done_);
        begin_workload(ctx);
    }
}

void ClientNode::begin_workload(Context& ctx) {
    workload_ = true;
    m_->workload_started_s.set(to_s(ctx.now()));
    next_arrival_ = ctx.now();
    send_due_arrivals(ctx);
}

void ClientNode::send_due_arrivals(Context& ctx) {
    if (cfg_->stopping.load(std::memory_order_relaxed)) return;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const Nanos now = ctx.now();
    // Open loop: every request whose intended time has come is sent, even if the timer woke late.
    while (next_arrival_ <= now) {
        RequestHeader h;
        h.items = static_cast<std::uint32_t>(cfg_->db_items);
        if (unit(ctx.random()) < cfg_->static_share) h.flags |= kStatic;
        const std::uint64_t id = next_id_++;
        outstanding_.emplace(id, next_arrival_);
        m_->sent.add();
        ctx.send(lb_, kRequest, id, pack(h));

        const double rate = std::max(1e-3, cfg_->arrival_rps.load(std::memory_order_relaxed));
        std::exponential_distribution<double> gap(rate);
        next_arrival_ += Nanos(static_cast<std::int64_t>(gap(ctx.random()) * 1e9));
    }
    ctx.set_timer(next_arrival_ - now, kArrival);
}

void ClientNode::on_message(Context& ctx, const Message& msg) {
    if (msg.id == probe_id_ && probe_id_ != 0) {
        if (msg.type == kReply) on_probe_reply(ctx, msg);
        return;
    }
    auto it = outstanding_.find(msg.id);
    if (it == outstanding_.end()) return;  // already timed out, or a duplicate
    if (msg.type == kReply) {
        ReplyHeader r;
        if (unpack(msg.body, r)) {
            m_->latency_ns.record(static_cast<std::uint64_t>((ctx.now() - it->second).count()));
            m_->service_ns.record(static_cast<std::uint64_t>(r.service_ns));
            m_->slot_ns.record(static_cast<std::uint64_t>(r.slot_ns));
            m_->wait_ns.record(static_cast<std::uint64_t>(r.lb_wait_ns + r.worker_wait_ns));
            m_->ok.add();
        } else {
            m_->errors.add();
        }
    } else {
        m_->errors.add();
    }
    outstanding_.erase(it);
}

void ClientNode::scan_timeouts(Context& ctx) {
    // Ids grow with send time, so the oldest requests are at the front.
    const Nanos limit = from_ms(cfg_->timeout_ms * 2.0);
    const Nanos now = ctx.now();
    while (!outstanding_.empty() && now - outstanding_.begin()->second > limit) {
        outstanding_.erase(outstanding_.begin());
        m_->errors.add();
    }
}

void ClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrival) {
        if (workload_) send_due_arrivals(ctx);
    } else if (tag == kTimeoutScan) {
        scan_timeouts(ctx);
        ctx.set_timer(kScanEvery, kTimeoutScan);
    } else if ((tag & 0xff) == kProbeRetry && (tag >> 8) == probe_id_ && !workload_) {
        // A probe was lost (a fault, or a node not yet up): try again, but never hold the
        // workload back for long; without probes the path overhead stays unknown (NaN).
        if (++probe_retries_ <= 3) {
            send_probe(ctx);
        } else {
            probe_id_ = 0;
            m_->path_overhead_ms.set(probes_done_ ? probe_overhead_sum_ms_ / probes_done_ : std::nan(""));
            begin_workload(ctx);
        }
    }
}

}  // namespace archlab::queueing
