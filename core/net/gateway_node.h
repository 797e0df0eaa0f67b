#pragma once
// The cluster side of the front door: a node that turns requests posted from outside into
// WebRequest messages to a target node ("lb"), matches the WebResponses by message id, and
// answers 504 when none comes within the timeout. Node logic only: everything goes through Context.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/net/web_dispatch.h"
#include "core/runtime/node.h"
#include "core/runtime/runtime.h"

namespace archlab::net {

/// Counters a gateway keeps; shared, so they outlive instances and can be read from any thread.
struct GatewayStats {
    std::atomic<std::uint64_t> submitted{0};   ///< requests handed to submit()
    std::atomic<std::uint64_t> answered{0};    ///< completed with a response from the target
    std::atomic<std::uint64_t> timed_out{0};   ///< completed 504 by the timer
    std::atomic<std::uint64_t> refused{0};     ///< completed 503 at once (no target node by that name)
    std::atomic<std::uint64_t> shed{0};        ///< completed 503 "gateway-busy" at once: max_pending were waiting
    std::atomic<std::uint64_t> abandoned{0};   ///< completed 503 because the gateway itself died
    std::atomic<std::uint64_t> late{0};        ///< responses for ids no longer waiting (timed out, unknown)
    std::atomic<std::uint64_t> malformed{0};   ///< responses that did not decode (answered 502)
};

struct GatewayConfig {
    std::string target = "lb";                  ///< node the requests go to
    Nanos timeout = std::chrono::seconds(5);    ///< a request with no response by then is answered 504
    std::shared_ptr<GatewayStats> stats;        ///< optional counters
    std::size_t max_pending = 10000;            ///< requests waiting at once; one more is answered 503 "gateway-busy"
};

class GatewayNode final : public Node {
public:
    explicit GatewayNode(GatewayConfig config);
    /// Completes every request still waiting with 503 "gateway-down" (the node was killed or stopped).
    ~GatewayNode() override;
    GatewayNode(const GatewayNode&) = delete;
    GatewayNode& operator=(const GatewayNode&) = delete;

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

    /// Node thread: sends the request to the target; done runs exactly once, on the node thread
    /// (or in the destructor if the node dies first).
    void submit(Context& ctx, WebRequest request, WebCompletion done);
    /// Requests sent and not yet answered.
    std::size_t in_flight() const { return pending_.size(); }

private:
    struct Pending {
        WebCompletion done;   ///< who waits for the answer
        TimerId timer = 0;    ///< the timeout
    };
    void complete(std::uint64_t id, WebResponse response);
    void count(std::atomic<std::uint64_t> GatewayStats::*counter);

    GatewayConfig config_;                               ///< target, timeout, counters
    NodeIndex target_ = kNoNode;                         ///< the target's index, found at start
    std::uint64_t next_id_ = 1;                          ///< message id of the next request
    std::unordered_map<std::uint64_t, Pending> pending_; ///< by message id
};

/// The gateway as a cluster node: name "gateway", kind "gateway", no worker threads.
NodeSpec gateway_spec(GatewayConfig config, std::string name = "gateway");

/// A response made here rather than by a node (node = "", cause says why).
WebResponse gateway_error(std::uint16_t status, std::string cause);

/// A WebDispatch that posts each request to the gateway node `gateway` of a running LiveRuntime
/// (callable from any thread). If the gateway is down the request is answered 503 "gateway-down".
WebDispatch gateway_dispatch(Runtime& runtime, NodeIndex gateway);

}  // namespace archlab::net
