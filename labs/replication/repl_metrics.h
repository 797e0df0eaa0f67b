#pragma once
// What the replication lab measures. Clients record every operation (op_history.h); data nodes
// publish only their log positions, so lag is the primary's position minus each replica's.
#include <atomic>
#include <cstdint>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"
#include "labs/replication/op_history.h"

namespace archlab::replication {

/// Published by one data node (primary or replica), read by the sampler.
struct DataNodeGauges {
    std::atomic<std::uint64_t> head{0};            ///< last position in its log
    std::atomic<std::uint64_t> applied{0};         ///< last position applied to its database
    std::atomic<std::int64_t> head_commit_ns{0};   ///< primary commit time of the entry at head, ns
    std::atomic<std::int64_t> applied_commit_ns{0};///< primary commit time of the entry last applied, ns
    std::atomic<std::uint64_t> term{0};
    std::atomic<bool> is_primary{false};
    std::atomic<int> incarnations{0};              ///< instances built so far (1 = never restarted)
};

struct ReplMetrics {
    explicit ReplMetrics(int data_nodes) : nodes(static_cast<std::size_t>(data_nodes)) {}

    OpRecorder ops;                       ///< client: every operation
    std::vector<DataNodeGauges> nodes;    ///< by data-node ordinal (0 = "primary", N = "replica-N")
    Histogram apply_lag_ns;               ///< replicas: primary commit -> applied here, per entry, ns (not while rebuilding from scratch)
    std::atomic<int> primary_now{0};      ///< monitor: ordinal of the node it made primary last
    Counter failovers;                    ///< monitor: promotions (automatic and by hand)
    Counter skipped;                      ///< client: arrivals dropped because every process was busy
    Counter read_repairs;                 ///< client (quorum): stale copies rewritten after a read
};

}  // namespace archlab::replication
