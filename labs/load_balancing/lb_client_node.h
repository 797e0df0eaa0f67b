#pragma once
// The workload and the observer: open-loop Poisson arrivals of WebRequests to the balancer from
// a pool of users (key "user-N", and each user's cookies kept like a browser's). Every answer is
// timed from its intended send time and credited to the node it names.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/node.h"
#include "labs/load_balancing/lb_config.h"
#include "labs/load_balancing/lb_metrics.h"

namespace archlab::lblab {

class LbClientNode : public Node {
public:
    LbClientNode(std::shared_ptr<LbLabConfig> cfg, std::shared_ptr<LbMetrics> metrics)
        : cfg_(std::move(cfg)), m_(std::move(metrics)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    enum Timer : std::uint64_t { kArrival = 1, kTimeoutScan = 2 };
    struct Outstanding {
        Nanos intended{0};
        std::uint64_t user = 0;
    };

    void send_due_arrivals(Context& ctx);
    void scan_timeouts(Context& ctx);

    std::shared_ptr<LbLabConfig> cfg_;
    std::shared_ptr<LbMetrics> m_;
    NodeIndex lb_ = kNoNode;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Outstanding> outstanding_;  ///< request id -> when and who
    std::vector<std::string> cookies_;                  ///< per user: the cookie jar, as a Cookie header
    std::vector<int> last_node_;                        ///< per user: K of the node-K that last served them (0 = none)
    Nanos next_arrival_{0};
};

}  // namespace archlab::lblab
