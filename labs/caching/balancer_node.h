#pragma once
// The load balancer: forwards each request to an app node, in turn (round-robin) or by a hash
// of its key (key-affinity: a key always lands on the same app, so exclusive caches do not
// hold duplicates). Stateless: the request carries its client, the reply goes back to it.
#include <memory>
#include <vector>

#include "core/runtime/node.h"
#include "labs/caching/caching_config.h"

namespace archlab::caching {

class BalancerNode : public Node {
public:
    explicit BalancerNode(std::shared_ptr<CachingConfig> cfg) : cfg_(std::move(cfg)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;

    /// App index (0-based) for a key under key-affinity routing.
    static std::size_t affinity(std::uint32_t key, std::size_t apps);

private:
    std::shared_ptr<CachingConfig> cfg_;
    std::vector<NodeIndex> apps_;
    std::size_t rr_next_ = 0;
};

}  // namespace archlab::caching
