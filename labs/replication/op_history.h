#pragma once
// What the clients record: every operation with its invocation and completion time, as Jepsen
// does. Stale reads are judged here, from these records alone, when a read completes. Memory
// holds only what the next verdict windows and stale-read checks can still need; completed
// operations go to the spill files (op_spill.h), read back for the end-of-run checks.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"
#include "labs/replication/op_record.h"
#include "labs/replication/op_spill.h"

namespace archlab::replication {

/// What later verdict windows still need of one key's retired operations (completed before
/// any later window opened, and spilled).
struct RetiredKey {
    /// Acknowledged writes that may yet be the last one acknowledged before a window opens,
    /// (index, record) in index order; the rest were dropped (OpRecorder::retire says which).
    std::vector<std::pair<std::size_t, OpRecord>> acked;
    /// Writes that ended with no answer (:info): they may take effect at any later time.
    std::vector<std::pair<std::size_t, OpRecord>> unknown;
};

/// The recorder's memory as a verdict window reads it (history_check.h: window_history).
struct RecorderView {
    const std::map<std::size_t, OpRecord>& live;           ///< records not retired, by index
    const std::map<std::uint32_t, RetiredKey>& retired;    ///< by key
};

/// Thread-safe log of operations: the client appends and completes, the sampler reads.
class OpRecorder {
public:
    /// spill_dir: where completed operations go (the run's folder); empty: temporary files.
    explicit OpRecorder(const std::filesystem::path& spill_dir = {}) : spill_(spill_dir) {}

    /// Records an invocation; returns its index.
    std::size_t invoke(const OpRecord& op);
    /// Completes op `index`. For ok reads pass found/value/version; for ok writes the version.
    void complete(std::size_t index, OpStatus status, std::int64_t now_ns, bool found, std::int64_t value,
                  std::uint64_t version, int node);

    /// Every record, by index: the spill read back and the ones still in memory.
    std::vector<OpRecord> snapshot() const;
    /// Runs f(view, from, to) under the lock over the operations invoked since the last call
    /// (indexes [from, to)), then retires the records no later window needs. False (f not
    /// called) when none was invoked since.
    template <class F>
    bool next_window(F&& f) {
        std::lock_guard lock(mu_);
        const std::size_t from = window_from_, to = next_index_;
        if (from >= to) return false;
        f(RecorderView{live_, retired_}, from, to);
        window_from_ = to;
        retire();
        return true;
    }
    /// Writes acknowledged so far.
    std::size_t acked_writes() const;
    /// Calls f(block) with the values of acknowledged writes [from, to), in acknowledgement
    /// order, a block at a time (read from the spill: no copy of them all). f runs outside the
    /// lock: the lost-write count looks each block up in the databases, and under the lock the
    /// client's thread (its invoke and complete take it) would wait for those lookups, which
    /// after a failover cover every acknowledged write of the run.
    template <class F>
    void for_each_acked_value_block(std::size_t from, std::size_t to, F&& f) const {
        std::vector<std::int64_t> block;
        while (from < to) {
            {
                std::lock_guard lock(mu_);
                if (!spill_.read_values(from, to, block)) return;
            }
            from += block.size();
            f(static_cast<const std::vector<std::int64_t>&>(block));
        }
    }
    std::size_t size() const;
    /// Operations invoked and not yet completed.
    std::size_t pending() const;
    /// Records held in memory now (not spilled), for the tests of the bound.
    std::size_t in_memory() const;

    struct Totals {
        std::uint64_t reads_ok = 0, stale_reads = 0, writes_ok = 0, writes_fail = 0, info = 0;
    };
    Totals totals() const;
    HistogramSnapshot read_latency() const { return read_latency_.snapshot(); }
    HistogramSnapshot write_latency() const { return write_latency_.snapshot(); }
    /// The same figures as counters and histograms the lab's series table reads.
    const Histogram& read_latency_ns() const { return read_latency_; }
    const Histogram& write_latency_ns() const { return write_latency_; }
    const Histogram& answered_latency_ns() const { return answered_latency_; }
    const Counter& answered() const { return answered_; }
    const Counter& unknown() const { return unknown_; }
    const Counter& reads_ok() const { return reads_ok_; }
    const Counter& stale_reads() const { return stale_reads_; }

private:
    /// Newest version acknowledged for `key` before time t (0 when none).
    std::uint64_t newest_acked_before(std::uint32_t key, std::int64_t t) const;
    /// Moves the completed records invoked before the window cursor to the spill, keeping what
    /// later windows and reads can still need, and forgets acknowledgements no read can ask for.
    void retire();

    mutable std::mutex mu_;
    mutable OpSpill spill_;
    std::size_t next_index_ = 0;                ///< index of the next invocation
    std::size_t window_from_ = 0;               ///< first index of the next verdict window
    std::map<std::size_t, OpRecord> live_;      ///< records not yet retired, by index
    std::map<std::uint32_t, RetiredKey> retired_;
    /// key -> acknowledged writes in acknowledgement order: (ack time, running max version); the
    /// ones before every read that may still begin are folded into one (retire()).
    std::map<std::uint32_t, std::deque<std::pair<std::int64_t, std::uint64_t>>> acked_;
    std::int64_t last_invoke_ns_ = 0;           ///< latest invocation time: no later read begins before it
    Totals totals_;
    std::size_t completed_ = 0;
    std::uint64_t next_seq_ = 1;  ///< event counter: invocations and completions (0 is left for synthetic events)
    Histogram read_latency_, write_latency_;  ///< ok operations, invoke to completion, ns
    Histogram answered_latency_;              ///< every answered operation (ok or fail), ns
    Counter answered_;                        ///< operations answered: ok or fail (a definite outcome)
    Counter unknown_;                         ///< operations that ended with no answer in time (:info)
    Counter reads_ok_, stale_reads_;          ///< as in totals_, for rates and ratios
};

/// Acknowledged writes (ok write or compare-and-set) whose value the final primary's database
/// never applied (`final_values`: every write value it applied, its ledger), in invocation order.
/// The database alone decides: a read that returned the value proves only that some node held
/// it then (a deposed primary that has not heard of the failover yet, a replica about to be
/// rebuilt), not that it survived.
std::vector<const OpRecord*> lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values);
/// How many lost_writes() there are.
std::uint64_t count_lost_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& final_values);

/// Acknowledged writes the final primary's database holds (`primary_values`) and no other data
/// node's does (`replica_values`): not lost, but a failover at the end would lose them.
std::uint64_t count_unreplicated_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& primary_values,
                                        const std::set<std::int64_t>& replica_values);

}  // namespace archlab::replication
