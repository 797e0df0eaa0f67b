#pragma once
// The workload and the observer: open-loop Poisson arrivals of reads and writes to the
// balancer (or a fixed script), each reply timed from its invoke time and judged against the
// database's commit log: a read is stale when its version is older than the one committed
// when it was invoked.
#include <map>
#include <memory>

#include "core/runtime/node.h"
#include "labs/caching/caching_config.h"
#include "labs/caching/caching_metrics.h"
#include "labs/caching/commit_log.h"
#include "labs/caching/key_picker.h"
#include "labs/caching/messages.h"

namespace archlab::caching {

class ClientNode : public Node {
public:
    ClientNode(std::shared_ptr<CachingConfig> cfg, std::shared_ptr<CachingMetrics> metrics,
               std::shared_ptr<const CommitLog> log, std::shared_ptr<const KeyPicker> keys)
        : cfg_(std::move(cfg)), m_(std::move(metrics)), log_(std::move(log)), keys_(std::move(keys)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    enum Timer : std::uint64_t { kArrival = 1, kTimeoutScan = 2 };
    struct Outstanding {
        Nanos invoked{0};
        std::uint32_t key = 0;
        bool write = false;
    };

    void send(Context& ctx, Nanos invoked, bool write, std::uint32_t key);
    void send_due_arrivals(Context& ctx);
    void send_due_script(Context& ctx);
    void record_read(const Outstanding& op, const ReplyHeader& r, Nanos latency);
    void scan_timeouts(Context& ctx);

    std::shared_ptr<CachingConfig> cfg_;
    std::shared_ptr<CachingMetrics> m_;
    std::shared_ptr<const CommitLog> log_;
    std::shared_ptr<const KeyPicker> keys_;
    NodeIndex lb_ = kNoNode;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, Outstanding> outstanding_;  ///< request id -> what and when
    Nanos next_arrival_{0};                             ///< intended time of the next request
    std::size_t script_next_ = 0;                       ///< next scripted op
};

}  // namespace archlab::caching
