#include "labs/queueing/balancer_node.h"

#include <cstring>
#include <random>
#include <string>

#include "labs/queueing/messages.h"

namespace archlab::queueing {

namespace {
constexpr std::uint64_t kExpireTimer = 1;
constexpr Nanos kExpireEvery = std::chrono::milliseconds(50);
}  // namespace

void BalancerNode::start(Context& ctx) {
    for (int i = 1; i <= cfg_->workers; ++i) workers_.push_back(ctx.lookup("worker-" + std::to_string(i)));
    outstanding_.assign(workers_.size(), 0);
    ctx.set_timer(kExpireEvery, kExpireTimer);
}

int BalancerNode::pick(Context& ctx) {
    const int n = static_cast<int>(workers_.size());
    switch (cfg_->current_dispatch()) {
        case Dispatch::SharedQueue:
            // The first worker with a free thread, starting after the last one used, so that
            // idle threads share the work evenly.
            for (int k = 0; k < n; ++k) {
                const int w = static_cast<int>((rr_next_ + k) % n);
                if (outstanding_[w] < cfg_->threads_per_worker) {
                    rr_next_ = w + 1;
                    return w;
                }
            }
            return -1;
        case Dispatch::RoundRobin:
            return static_cast<int>(rr_next_++ % n);
        case Dispatch::Random:
            return std::uniform_int_distribution<int>(0, n - 1)(ctx.random());
        case Dispatch::LeastConnections: {
            // Fewest outstanding; ties broken at random so no worker is favoured.
            int best = -1, ties = 0;
            for (int w = 0; w < n; ++w) {
                if (best < 0 || outstanding_[w] < outstanding_[best]) {
                    best = w;
                    ties = 1;
                } else if (outstanding_[w] == outstanding_[best] &&
                           std::uniform_int_distribution<int>(0, ties++)(ctx.random()) == 0) {
                    best = w;
                }
            }
            return best;
        }
    }
    return 0;
}

void BalancerNode::forward(Context& ctx, Pending p, int worker) {
    const Nanos now = ctx.now();
    ++outstanding_[worker];
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
    if (msg.type == kReply) {
        on_reply(ctx, msg);
        return;
    }
    if (msg.type != kRequest) return;
    Pending p{msg.id, msg.from, ctx.now(), msg.body};
    if (cfg_->current_dispatch() == Dispatch::SharedQueue) {
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
    --outstanding_[f.worker];
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
            --outstanding_[it->second.worker];
            ctx.send(it->second.client, kFailed, it->first, {});
            it = in_flight_.erase(it);
        } else {
            ++it;
        }
    }
    drain_shared_queue(ctx);
}

void BalancerNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kExpireTimer) return;
    expire(ctx);
    ctx.set_timer(kExpireEvery, kExpireTimer);
}

}  // namespace archlab::queueing
