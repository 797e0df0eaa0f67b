#pragma once
// The load balancer: forwards each request to a worker by the chosen dispatch strategy, using
// core/lb's balancing strategies. shared-queue keeps one queue here and hands a request only to
// a worker with a free thread (one queue, c servers: M/M/c), the least busy one; the others
// forward at once and the worker queues it.
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/lb/strategy.h"
#include "core/runtime/node.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"

namespace archlab::queueing {

class BalancerNode : public Node {
public:
    BalancerNode(std::shared_ptr<QueueingConfig> cfg, std::shared_ptr<QueueingMetrics> metrics)
        : cfg_(std::move(cfg)), m_(std::move(metrics)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Pending {
        std::uint64_t id = 0;
        NodeIndex client = kNoNode;
        Nanos arrived{0};
        std::string body;
    };
    struct InFlight {
        NodeIndex client = kNoNode;
        int worker = 0;          ///< index into workers_
        Nanos dispatched{0};
        Nanos lb_wait{0};
    };

    /// Worker index chosen by the current strategy; -1 when shared-queue has no free thread.
    int pick(Context& ctx);
    void forward(Context& ctx, Pending p, int worker);
    void drain_shared_queue(Context& ctx);
    void on_reply(Context& ctx, const Message& msg);
    void expire(Context& ctx);

    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> m_;
    std::vector<NodeIndex> workers_;
    std::vector<lb::Candidate> candidates_;   ///< per worker: its id and requests not yet answered
    std::unique_ptr<lb::Strategy> strategy_;  ///< core/lb strategy of the current dispatch
    Dispatch strategy_for_ = Dispatch::SharedQueue;
    std::deque<Pending> queue_;               ///< shared-queue dispatch only
    std::unordered_map<std::uint64_t, InFlight> in_flight_;
};

}  // namespace archlab::queueing
