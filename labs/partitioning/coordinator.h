#pragma once
// The rebalancing coordinator (it runs in the router node, as a Redis Cluster resharding tool
// or MongoDB's balancer would beside the routing). One rebalance at a time: it turns a request
// (add-shard, remove-shard:K, split:K, move-slots:K) into a map operation, writes the next map
// version to the config store as the migration target, tells every source shard to begin, and
// once each has reported done commits the new map and tells every shard and the client. A
// restarted coordinator finds a running migration in the config store and asks its sources
// again; requests made meanwhile wait in the store.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/runtime/context.h"
#include "labs/partitioning/part_config.h"
#include "labs/partitioning/part_metrics.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

class Coordinator {
public:
    Coordinator(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics, std::shared_ptr<MapBook> book);

    void start(Context& ctx);
    /// Starts the next waiting rebalance if none runs.
    void kick(Context& ctx);
    /// kDone, kStats; false for other messages.
    bool on_message(Context& ctx, const Message& msg);
    /// Every kTick_ms: asks unfinished sources again, repeats the committed epoch to everyone.
    void tick(Context& ctx);

    static constexpr double kTick_ms = 250.0;

private:
    /// Turns the request into an op (asking shards for their key counts first when a range split needs them).
    void plan(Context& ctx, const RebalanceRequest& r);
    void begin(Context& ctx, const std::string& action, const MapOp& op);
    void reject(Context& ctx, const std::string& action, const std::string& reason);
    void send_begin(Context& ctx, const std::string& shard);
    void commit(Context& ctx);
    void broadcast_epoch(Context& ctx);
    /// The first shard node not in the committed map, "" when every one is in.
    std::string spare() const;
    void on_stats(Context& ctx, const Message& msg);
    RebalanceRecord* record(std::uint64_t to_epoch);

    std::shared_ptr<PartConfig> cfg_;
    std::shared_ptr<PartMetrics> m_;
    std::shared_ptr<MapBook> book_;
    bool planning_ = false;                         ///< waiting for key counts (a range split)
    std::uint64_t stats_round_ = 0;                 ///< id of the key-count queries in flight
    RebalanceRequest stats_for_;                    ///< the request they serve
    std::map<std::string, std::pair<std::uint64_t, std::string>> stats_;  ///< shard -> {keys, median key}
    std::set<std::string> stats_due_;
    std::map<std::string, std::uint64_t> done_;     ///< sources done with the running migration -> keys they had
    int ticks_ = 0;
    int planning_ticks_ = 0;                        ///< ticks spent waiting for key counts
};

}  // namespace archlab::partlab
