#pragma once
// The workload and the observer: open-loop Poisson arrivals to the balancer, every reply
// timed from its intended send time (so a slow system cannot slow the clock that judges it).
// Before the workload it sends sequential probes that measure the path's own no-load cost.
#include <map>
#include <memory>

#include "core/runtime/node.h"
#include "labs/queueing/queueing_config.h"
#include "labs/queueing/queueing_metrics.h"

namespace archlab::queueing {

class ClientNode : public Node {
public:
    ClientNode(std::shared_ptr<QueueingConfig> cfg, std::shared_ptr<QueueingMetrics> metrics)
        : cfg_(std::move(cfg)), m_(std::move(metrics)) {}

    static constexpr int kProbes = 200;  ///< calibration probes before the workload

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    enum Timer : std::uint64_t { kArrival = 1, kTimeoutScan = 2, kProbeRetry = 3 };

    void send_probe(Context& ctx);
    void on_probe_reply(Context& ctx, const Message& msg);
    void begin_workload(Context& ctx);
    void send_due_arrivals(Context& ctx);
    void scan_timeouts(Context& ctx);

    std::shared_ptr<QueueingConfig> cfg_;
    std::shared_ptr<QueueingMetrics> m_;
    NodeIndex lb_ = kNoNode;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Nanos> outstanding_;   ///< request id -> intended send time
    Nanos next_arrival_{0};                        ///< intended time of the next request
    // Probe phase.
    int probes_done_ = 0;
    std::uint64_t probe_id_ = 0;
    Nanos probe_sent_{0};
    double probe_overhead_sum_ms_ = 0.0;
    int probe_retries_ = 0;
    bool workload_ = false;
};

}  // namespace archlab::queueing
