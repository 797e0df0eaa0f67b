#pragma once
// The workload: open-loop Poisson arrivals of reads, writes and range scans. It records every
// outcome and the last acknowledged version of each key it wrote (the audit's reference). With
// routing=router it sends everything to the router; with routing=client it routes by its own
// cached map (op_router.h) and is redirected by the shards when that map is stale.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/runtime/node.h"
#include "labs/partitioning/key_chooser.h"
#include "labs/partitioning/op_router.h"

namespace archlab::partlab {

class ClientNode : public Node {
public:
    ClientNode(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics, std::shared_ptr<MapBook> book);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Pending {
        OpKind kind = OpKind::Read;
        std::string key;
        std::int64_t value = 0;
        std::int64_t started_ns = 0;
        bool existed = false;  ///< read: the key had an acknowledged write when the read began
    };
    void issue(Context& ctx);
    void complete(Context& ctx, std::uint64_t id, const OpReply& r);
    void schedule_arrival(Context& ctx);

    std::shared_ptr<PartConfig> cfg_;
    std::shared_ptr<PartMetrics> m_;
    std::shared_ptr<MapBook> book_;
    KeyChooser keys_;
    std::optional<OpRouter> router_;   ///< routing=client: its own routing
    NodeIndex router_node_ = kNoNode;  ///< routing=router: where everything goes
    std::map<std::uint64_t, Pending> pending_;  ///< by id (ids grow with time)
    std::uint64_t next_id_ = 1;
};

}  // namespace archlab::partlab
