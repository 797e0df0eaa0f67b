#pragma once
// What the replication lab measures. Clients record every operation (op_history.h); data nodes
// publish only their log positions, so lag is the primary's position minus each replica's.
#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
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

    /// Set while the node rebuilds its copy from nothing (wiped, nothing applied since): it has no
    /// lag to show then, only a gap (lag_ops).
    std::atomic<bool> rebuilding{false};
    /// Times its database's store was emptied or replaced (wiped, or a snapshot installed), each
    /// counted once the change is committed: its ledger only grows in between.
    std::atomic<std::uint64_t> ledger_resets{0};

    /// Commit times (on the primary that first logged each entry) of this node's log, from some
    /// position on: the node appends them, the sampler forgets the ones no lag figure can need.
    void log_append(std::uint64_t pos, std::int64_t commit_ns) {
        std::lock_guard lock(log_mu_);
        if (commit_ns_.empty()) first_pos_ = pos;
        commit_ns_.push_back(commit_ns);
    }
    /// The log starts over after `base` (pos 0: from position 1; else a snapshot's entry, kept).
    void log_reset(std::uint64_t base_pos, std::int64_t base_commit_ns) {
        std::lock_guard lock(log_mu_);
        commit_ns_.clear();
        first_pos_ = base_pos == 0 ? 1 : base_pos;
        if (base_pos != 0) commit_ns_.push_back(base_commit_ns);
    }
    void log_clear() { log_reset(0, 0); }
    /// Forgets the commit times of positions up to `pos`.
    void log_forget_through(std::uint64_t pos) {
        std::lock_guard lock(log_mu_);
        while (!commit_ns_.empty() && first_pos_ <= pos) {
            commit_ns_.pop_front();
            ++first_pos_;
        }
    }
    /// Last position whose commit time is held (0: none).
    std::uint64_t log_head() const {
        std::lock_guard lock(log_mu_);
        return commit_ns_.empty() ? 0 : first_pos_ + commit_ns_.size() - 1;
    }
    /// Commit time of the entry at 1-based position pos, or -1 when not held (never logged here, or forgotten).
    std::int64_t commit_at(std::uint64_t pos) const {
        std::lock_guard lock(log_mu_);
        return pos >= first_pos_ && pos - first_pos_ < commit_ns_.size() ? commit_ns_[pos - first_pos_] : -1;
    }

private:
    mutable std::mutex log_mu_;
    std::uint64_t first_pos_ = 1;                  ///< position of commit_ns_.front()
    std::deque<std::int64_t> commit_ns_;           ///< by position - first_pos_ (a deque: frees memory at the front in blocks)
};

struct ReplMetrics {
    /// spill_dir: where the clients' completed operations go (the run's folder; empty: temporary files).
    explicit ReplMetrics(int data_nodes, const std::filesystem::path& spill_dir = {})
        : ops(spill_dir), nodes(static_cast<std::size_t>(data_nodes)) {}

    OpRecorder ops;                       ///< client: every operation
    std::vector<DataNodeGauges> nodes;    ///< by data-node ordinal (0 = "primary", N = "replica-N")
    Histogram apply_lag_ns;               ///< replicas: primary commit -> applied here, per entry, ns (not while rebuilding from scratch)
    std::atomic<int> primary_now{0};      ///< monitor: ordinal of the node it made primary last
    Counter failovers;                    ///< monitor: promotions (automatic and by hand)
    std::atomic<int> monitor_incarnations{0};  ///< monitor instances built so far (1 = never restarted)
    Counter promotions_refused;           ///< monitor: promotions by hand refused (sync, semi-sync: the replica was behind)
    Counter skipped;                      ///< client: arrivals dropped because every process was busy
    Counter read_repairs;                 ///< client (quorum): stale copies rewritten after a read
    Counter full_resyncs;                 ///< replicas' installs of a snapshot (their next entry had left the primary's backlog)
    /// Kept outside the client node so a restarted client neither reuses a process number nor
    /// writes a value twice (lost-write and linearizability checks need unique values).
    std::atomic<std::int64_t> next_process{0};
    std::atomic<std::int64_t> next_value{0};

    /// A line for the run's event log, at run time t_ns (the monitor's refusals, full resyncs).
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
