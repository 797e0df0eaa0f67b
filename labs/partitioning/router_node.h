#pragma once
// The router: clients send it every operation (routing=router) and it routes them by the map
// it knows (op_router.h); it also runs the rebalancing coordinator (coordinator.h), in both
// routing modes. A restarted router learns the committed map from the config store.
#include <memory>

#include "core/runtime/node.h"
#include "labs/partitioning/coordinator.h"
#include "labs/partitioning/op_router.h"

namespace archlab::partlab {

class RouterNode : public Node {
public:
    RouterNode(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics, std::shared_ptr<MapBook> book);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;
    /// A rebalance was put in the config store: start it if none runs.
    void kick(Context& ctx) { coordinator_.kick(ctx); }

private:
    std::shared_ptr<PartConfig> cfg_;
    std::shared_ptr<MapBook> book_;
    OpRouter router_;
    Coordinator coordinator_;
};

}  // namespace archlab::partlab
