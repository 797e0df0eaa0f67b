#include "labs/queueing/worker_node.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace archlab::queueing {

void WorkerNode::start(Context& ctx) { db_ = ctx.lookup("db"); }

Nanos WorkerNode::sample_service(Context& ctx) {
    const double mean_ms = cfg_->service_ms;
    double ms = mean_ms;
    switch (cfg_->service_dist) {
        case ServiceDistKind::Exponential:
            ms = std::exponential_distribution<double>(1.0 / mean_ms)(ctx.random());
            break;
        case ServiceDistKind::Constant:
            break;
        case ServiceDistKind::Lognormal: {
            // Choose mu so that the mean is mean_ms: E = exp(mu + sigma^2 / 2).
            const double mu = std::log(mean_ms) - kLognormalSigma * kLognormalSigma / 2.0;
            ms = std::lognormal_distribution<double>(mu, kLognormalSigma)(ctx.random());
            break;
        }
    }
    return from_ms(ms);
}

void WorkerNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kRequest) {
        Request r;
        if (!unpack(msg.body, r.header)) return;
        r.id = msg.id;
        r.from = msg.from;
        r.arrived = ctx.now();
        if (queue_.size() >= static_cast<std::size_t>(cfg_->queue_limit.load(std::memory_order_relaxed))) {
            m_->shed.add();  // a full queue refuses at once; the balancer tells the client
            ctx.send(msg.from, kFailed, msg.id, {});
            return;
        }
        queue_.push_back(r);
        try_start(ctx);
        return;
    }
    if (msg.type == kDbReply) {
        auto it = active_.find(msg.id);
        if (it == active_.end()) return;  // duplicate delivery
        if (--it->second.db_pending == 0) run_cpu_part(ctx, msg.id);
    }
}

void WorkerNode::try_start(Context& ctx) {
    const Nanos wait_limit = from_ms(cfg_->queue_timeout_ms.load(std::memory_order_relaxed));
    while (busy_ < cfg_->threads_per_worker && !queue_.empty()) {
        Request r = queue_.front();
        queue_.pop_front();
        if (ctx.now() - r.arrived > wait_limit) {  // waited past the admission timeout: not served
            m_->queue_timeouts.add();
            ctx.send(r.from, kFailed, r.id, {});
            continue;
        }
        ++busy_;
        begin(ctx, r);
    }
    m_->worker_queue[number_ - 1].set(static_cast<double>(queue_.size()));
}

void WorkerNode::begin(Context& ctx, Request& r) {
    r.started = ctx.now();
    const bool probe = (r.header.flags & kProbe) != 0;
    r.service = probe ? Nanos(0) : sample_service(ctx);
    const bool from_cache = (r.header.flags & kStatic) && cfg_->static_cache;
    const int items = from_cache ? 0 : static_cast<int>(r.header.items);
    const int batch = std::max(1, cfg_->db_batch);
    r.db_pending = (items + batch - 1) / batch;
    const std::uint64_t id = r.id;
    const int queries = r.db_pending;
    active_.emplace(id, r);
    if (queries == 0) {
        run_cpu_part(ctx, id);
        return;
    }
    // One query per batch of items; the thread is held while they are out.
    for (int q = 0, left = items; q < queries; ++q, left -= batch) {
        DbQueryHeader h;
        h.items = static_cast<std::uint32_t>(std::min(batch, left));
        h.first_item = next_item_;
        next_item_ += h.items;
        ctx.send(db_, kDbQuery, id, pack(h));
    }
}

void WorkerNode::run_cpu_part(Context& ctx, std::uint64_t id) {
    Request& r = active_.at(id);
    const Nanos spent = ctx.now() - r.started;
    const bool probe = (r.header.flags & kProbe) != 0;
    auto payload = std::make_shared<std::string>();
    Job job;
    // The sampled service time is the request's whole thread time: what the database and
    // the real work took is subtracted from the emulated part.
    job.hold = std::max(Nanos(0), r.service - spent);
    if (!probe) {
        auto work = work_;
        const std::uint64_t rid = r.id;
        const int worker = number_;
        job.compute = [work, payload, rid, worker] { *payload = work->run(rid, worker); };
    }
    r.submitted = ctx.now();
    job.done = [this, &ctx, id, payload](Nanos busy) { finish(ctx, id, std::move(*payload), busy); };
    ctx.execute(std::move(job));
}

void WorkerNode::finish(Context& ctx, std::uint64_t id, std::string payload, Nanos busy) {
    auto it = active_.find(id);
    if (it == active_.end()) return;
    const Request r = it->second;
    active_.erase(it);
    const Nanos slot = ctx.now() - r.started;
    ReplyHeader h;
    h.slot_ns = slot.count();
    // Waiting for a worker thread to pick the job up, and for this thread to hear it was done,
    // is the thread pool's own cost: the slot minus those hand-offs is the service delivered.
    const Nanos handoffs = (ctx.now() - r.submitted) - busy;
    h.service_ns = std::max(Nanos(0), slot - handoffs).count();
    h.worker_wait_ns = (r.started - r.arrived).count();
    h.worker = static_cast<std::uint16_t>(number_);
    h.flags = r.header.flags;
    ctx.send(r.from, kReply, r.id, pack(h, payload));
    if (!(r.header.flags & kProbe)) {
        m_->worker_busy_ns[number_ - 1].add(static_cast<std::uint64_t>(slot.count()));
        m_->worker_served[number_ - 1].add();
    }
    --busy_;
    try_start(ctx);
}

}  // namespace archlab::queueing
