#include "labs/queueing/balancer_node.h"

#include <cstring>
#include <random>
#include <string>

#include "core/lb/strategy_registry.h"
#include "labs/queueing/messages.h"

namespace archlab::queueing {

namespace {
constexpr std::uint64_t kExpireTimer = 1;
constexpr Nanos kExpireEvery = std::chrono::milliseconds(50);
}  // namespace

namespace {
/// core/lb strategy behind each dispatch mode. shared-queue hands the request to the least busy
/// worker, and only when that one has a free thread.
const char* strategy_name(Dispatch d) {
    switch (d) {
        case Dispatch::SharedQueue: return "least-connections";
        case Dispatch::RoundRobin: return "round-robin";
        case Dispatch::Random: return "random";
        case Dispatch::LeastConnections: return "least-connections";
    }
    return "round-robin";
}
}  // namespace

void BalancerNode::start(Context& ctx) {
    for (int i = 1; i <= cfg_->workers; ++i) {
        const std::string id = "worker-" + std::to_string(i);
        workers_.push_back(ctx.lookup(id));
        candidates_.push_back(lb::Candidate{id, 1, 0, 0.0});
    }
    ctx.set_timer(kExpireEvery, kExpireTimer);
}

int BalancerNode::pick(Context& ctx) {
    const Dispatch d = cfg_->current_dispatch();
    if (!strategy_ || d != strategy_for_) {  // the dispatch knob is live
        strategy_ = lb::builtin_strategies().create(strategy_name(d));
        strategy_for_ = d;
    }
    const auto w = static_cast<int>(strategy_->choose(candidates_, lb::RouteKey{}, ctx.random()));
    if (d == Dispatch::SharedQueue && candidates_[static_cast<std::size_t>(w)].in_flight >= cfg_->threads_per_worker) {
        return -1;  // even the least busy worker has every thread taken: the request waits here
    }
    return w;
}

void BalancerNode::forward(Context& ctx, Pending p, int worker) {
    const Nanos now = ctx.now();
    ++candidates_[static_cast<std::size_t>(worker)].in_flight;
    in_flight_[p.id] = InFlight{p.client, worker, now, now - p.arrived};
    ctx.send(workers_[worker], kRequest, p.id, std::move(p.body));
}

void BalancerNode::drain_shared_queue(Context& ctx) {
    while (!queue_.empty()) {
        const int w = pick(ctx);
        if (w < 0) break;
        Pending p = std::move(queue_.front());
        queue_.pop_front();
        forward(ctx, std::move(p), w);
    }
    m_->lb_queue.set(static_cast<double>(queue_.size()));
}

void BalancerNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kReply || msg.type == kFailed) {
        on_reply(ctx, msg);
        return;
    }
    if (msg.type != kRequest) return;
    Pending p{msg.id, msg.from, ctx.now(), msg.body};
    if (cfg_->current_dispatch() == Dispatch::SharedQueue) {
        if (queue_.size() >= static_cast<std::size_t>(cfg_->queue_limit.load(std::memory_order_relaxed))) {
            // Admission control: a full queue refuses at once rather than grow without bound.
            m_->shed.add();
            ctx.send(p.client, kFailed, p.id, {});
            return;
        }
        queue_.push_back(std::move(p));
        drain_shared_queue(ctx);
    } else {
        forward(ctx, std::move(p), pick(ctx));
    }
}

void BalancerNode::on_reply(Context& ctx, const Message& msg) {
    auto it = in_flight_.find(msg.id);
    if (it == in_flight_.end()) return;  // expired already, or a duplicate
    const InFlight f = it->second;
    in_flight_.erase(it);
    --candidates_[static_cast<std::size_t>(f.worker)].in_flight;
    if (msg.type == kFailed) {  // the worker shed it or dropped it after waiting too long
        ctx.send(f.client, kFailed, msg.id, {});
        drain_shared_queue(ctx);
        return;
    }
    std::string body = msg.body;
    ReplyHeader r;
    if (unpack(body, r)) {
        r.lb_wait_ns = f.lb_wait.count();
        std::memcpy(body.data(), &r, sizeof r);
    }
    ctx.send(f.client, kReply, msg.id, std::move(body));
    drain_shared_queue(ctx);
}

void BalancerNode::expire(Context& ctx) {
    // A worker that died or froze never answers: give up after the timeout, free its slot,
    // and tell the client, so errors are counted and the shared queue keeps moving.
    const Nanos limit = from_ms(cfg_->timeout_ms);
    const Nanos now = ctx.now();
    for (auto it = in_flight_.begin(); it != in_flight_.end();) {
        if (now - it->second.dispatched > limit) {
            --candidates_[static_cast<std::size_t>(it->second.worker)].in_flight;
            ctx.send(it->second.client, kFailed, it->first, {});
            it = in_flight_.erase(it);
        } else {
            ++it;
        }
    }
    drain_shared_queue(ctx);
    // Requests that waited in the shared queue past the admission timeout leave unserved: by
    // then their client has given up or soon will, and serving them only delays the rest.
    const Nanos wait_limit = from_ms(cfg_->queue_timeout_ms.load(std::memory_order_relaxed));
    while (!queue_.empty() && now - queue_.front().arrived > wait_limit) {
        m_->queue_timeouts.add();
        ctx.send(queue_.front().client, kFailed, queue_.front().id, {});
        queue_.pop_front();
    }
    m_->lb_queue.set(static_cast<double>(queue_.size()));
}

void BalancerNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kExpireTimer) return;
    expire(ctx);
    ctx.set_timer(kExpireEvery, kExpireTimer);
}

}  // namespace archlab::queueing
