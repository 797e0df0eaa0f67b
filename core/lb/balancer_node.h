#pragma once
// The load balancer node: takes WebRequests from any node (the lab's client or the front door's
// gateway), asks its strategy which alive instance serves each, forwards it, and answers the
// sender with the instance's WebResponse under the sender's own message id. Alive = what
// discovery last said (every pool node when the cluster has no "discovery"). 503
// "no-alive-node" when none is, 504 "timeout" when the instance does not answer in time,
// 502 "bad-response" when its answer cannot be read.
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/lb/balancer_config.h"
#include "core/lb/strategy.h"
#include "core/net/web_message.h"
#include "core/runtime/node.h"

namespace archlab::lb {

class BalancerNode : public Node {
public:
    BalancerNode(std::shared_ptr<BalancerConfig> cfg, std::shared_ptr<BalancerWatch> watch)
        : cfg_(std::move(cfg)), watch_(std::move(watch)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Forwarded {
        NodeIndex origin = kNoNode;  ///< who asked
        std::uint64_t origin_id = 0; ///< the id they used
        std::size_t slot = 0;        ///< position of the instance in cfg_->pool
        Nanos sent{0};
        std::string set_cookie;      ///< sticky pin to add to the answer, "" = none
    };
    struct Instance {
        int in_flight = 0;
        double ewma_ms = 0.0;  ///< 0 until the first answer
    };

    void on_request(Context& ctx, const Message& msg);
    void on_response(Context& ctx, const Message& msg);
    void on_members(Context& ctx, const Message& msg);
    void reply(Context& ctx, NodeIndex to, std::uint64_t id, const net::WebResponse& response);
    void fail(Context& ctx, NodeIndex to, std::uint64_t id, std::uint16_t status, std::string cause,
              std::string node = {});
    void expire(Context& ctx);
    void refresh_strategy();
    void settle(std::size_t slot);

    std::shared_ptr<BalancerConfig> cfg_;
    std::shared_ptr<BalancerWatch> watch_;
    std::unique_ptr<Strategy> strategy_;
    std::uint64_t strategy_version_ = ~std::uint64_t{0};
    NodeIndex discovery_ = kNoNode;
    std::vector<NodeIndex> pool_index_;   ///< node index per pool slot
    std::map<std::string, std::size_t, std::less<>> slot_of_;  ///< pool slot by node id
    std::vector<Instance> instances_;     ///< per pool slot
    std::set<std::size_t> alive_;         ///< pool slots discovery lists as alive
    std::unordered_map<std::uint64_t, Forwarded> forwarded_;  ///< by the balancer's own id
    std::uint64_t next_id_ = 1;
};

}  // namespace archlab::lb
