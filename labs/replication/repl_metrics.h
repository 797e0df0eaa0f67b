#pragma once
// What the replication lab measures. Clients record every operation (op_history.h); data nodes
// publish only their log positions, so lag is the primary's position minus each replica's.
#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/lab.h"
#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"
#include "labs/replication/op_history.h"

namespace archlab::replication {

/// Published by one data node (primary or replica), read by the sampler.
struct DataNodeGauges {
    std::atomic<std::uint64_t> head{0};            ///< last position in its log
    std::atomic<std::uint64_t> applied{0};         ///< last position applied to its database
    std::atomic<std::uint64_t> term{0};
    std::atomic<bool> is_primary{false};
    std::atomic<int> incarnations{0};              ///< instances built so far (1 = never restarted)
    std::atomic<bool> recovering{false};           ///< a restarted instance still reading its database
    /// Longest commit-to-applied delay of the entries applied here since the sampler last took it.
    std::atomic<std::int64_t> window_max_lag_ns{0};

    void note_applied_lag(std::int64_t lag_ns) {
        std::int64_t seen = window_max_lag_ns.load();
        while (lag_ns > seen && !window_max_lag_ns.compare_exchange_weak(seen, lag_ns)) {
        }
    }

    /// Commit time (on the primary that first logged it) of each entry of this node's log.
    void log_append(std::int64_t commit_ns) {
        std::lock_guard lock(log_mu_);
        commit_ns_.push_back(commit_ns);
    }
    void log_clear() {
        std::lock_guard lock(log_mu_);
        commit_ns_.clear();
    }
    /// Commit time of the entry at 1-based position pos, or -1 when this log has none there.
    std::int64_t commit_at(std::uint64_t pos) const {
        std::lock_guard lock(log_mu_);
        return pos >= 1 && pos <= commit_ns_.size() ? commit_ns_[pos - 1] : -1;
    }

private:
    mutable std::mutex log_mu_;
    std::deque<std::int64_t> commit_ns_;           ///< by position - 1 (a deque: grows in blocks, see DataNode::log_)
};

struct ReplMetrics {
    explicit ReplMetrics(int data_nodes) : nodes(static_cast<std::size_t>(data_nodes)) {}

    OpRecorder ops;                       ///< client: every operation
    std::vector<DataNodeGauges> nodes;    ///< by data-node ordinal (0 = "primary", N = "replica-N")
    Histogram apply_lag_ns;               ///< replicas: primary commit -> applied here, per entry, ns (not while rebuilding from scratch)
    std::atomic<int> primary_now{0};      ///< monitor: ordinal of the node it made primary last
    Counter failovers;                    ///< monitor: promotions (automatic and by hand)
    Counter promotions_refused;           ///< monitor: promotions by hand refused (sync, semi-sync: the replica was behind)
    Counter skipped;                      ///< client: arrivals dropped because every process was busy
    Counter read_repairs;                 ///< client (quorum): stale copies rewritten after a read
    /// Kept outside the client node so a restarted client neither reuses a process number nor
    /// writes a value twice (lost-write and linearizability checks need unique values).
    std::atomic<std::int64_t> next_process{0};
    std::atomic<std::int64_t> next_value{0};

    /// Monitor: a line for the run's event log, at run time t_ns.
    void note_event(std::int64_t t_ns, std::string text) {
        std::lock_guard lock(events_mu_);
        events_.push_back({static_cast<double>(t_ns) / 1e9, std::move(text)});
    }
    /// The lines noted since the last call.
    std::vector<LabEvent> take_events() {
        std::lock_guard lock(events_mu_);
        return std::exchange(events_, {});
    }

private:
    std::mutex events_mu_;
    std::vector<LabEvent> events_;
};

}  // namespace archlab::replication
