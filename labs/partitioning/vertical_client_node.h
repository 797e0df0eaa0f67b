#pragma once
// The vertical layout's workload: open-loop Poisson arrivals of requests of the four types in
// the mix (get-user, get-product, place-order, order-history), each naming a user and a product
// (uniform or Zipf), all sent to the api. It records every outcome by request type with the
// cross-service calls its answer says it took.
#include <array>
#include <cstdint>
#include <map>
#include <memory>

#include "core/runtime/node.h"
#include "labs/partitioning/key_chooser.h"
#include "labs/partitioning/vertical_messages.h"
#include "labs/partitioning/vertical_metrics.h"

namespace archlab::partlab {

class VerticalClientNode : public Node {
public:
    VerticalClientNode(std::shared_ptr<VerticalConfig> cfg, std::shared_ptr<VerticalMetrics> metrics);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Pending {
        VOp op = VOp::GetUser;
        std::int64_t started_ns = 0;
    };
    void issue(Context& ctx);
    VOp pick_type(Context& ctx);
    void complete(Context& ctx, std::uint64_t id, const VReply& r);
    void schedule_arrival(Context& ctx);

    std::shared_ptr<VerticalConfig> cfg_;
    std::shared_ptr<VerticalMetrics> m_;
    KeyChooser users_, products_;
    std::array<double, kRequestTypes> cumulative_{};  ///< the mix's running sums
    NodeIndex api_ = kNoNode;
    std::map<std::uint64_t, Pending> pending_;  ///< by id (ids grow with time)
    std::uint64_t next_id_ = 1;
};

}  // namespace archlab::partlab
