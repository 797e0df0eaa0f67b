#pragma once
// What the clients record: every operation with its invocation and completion time, as Jepsen
// does. Stale reads are judged here, from these records alone, when a read completes.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::replication {

enum class OpF : std::uint8_t { Read, Write, Cas };
enum class OpStatus : std::uint8_t { Pending, Ok, Fail, Info };

struct OpRecord {
    std::int64_t process = 0;     ///< Jepsen process: a new one after an operation ends in :info
    OpF f = OpF::Read;
    std::uint32_t key = 0;
    std::int64_t value = 0;       ///< write: value written; cas: the new value; read: value returned
    std::int64_t expected = 0;    ///< cas: value the key had to hold (0 = absent)
    bool found = false;           ///< read: the key existed (false = nil)
    std::uint64_t version = 0;    ///< read: version returned; write/cas: version assigned (ok)
    std::int64_t invoke_ns = 0;   ///< client clock (run time) at invocation
    std::int64_t complete_ns = -1;///< at completion; -1 while pending
    OpStatus status = OpStatus::Pending;
    bool stale = false;           ///< read returned an older version than one acknowledged before it began
    int node = -1;                ///< data-node ordinal that answered (reads), -1 unknown
    std::uint64_t invoke_seq = 0;  ///< order of events as the client recorded them (ties in time)
    std::uint64_t complete_seq = 0;
};

/// Thread-safe log of operations: the client appends and completes, the sampler reads.
class OpRecorder {
public:
    /// Records an invocation; returns its index.
    std::size_t invoke(const OpRecord& op);
    /// Completes op `index`. For ok reads pass found/value/version; for ok writes the version.
    void complete(std::size_t index, OpStatus status, std::int64_t now_ns, bool found, std::int64_t value,
                  std::uint64_t version, int node);

    std::vector<OpRecord> snapshot() const;
    /// Runs f(records) under the lock, without copying them: the per-sample figures scan the
    /// whole history every sample, and a copy each time made the heap grow with the run.
    template <class F>
    auto visit(F&& f) const {
        std::lock_guard lock(mu_);
        return f(static_cast<const std::deque<OpRecord>&>(ops_));
    }
    /// Copies of the records from index `from` on.
    std::vector<OpRecord> since(std::size_t from) const;
    std::size_t size() const;
    /// Operations invoked and not yet completed.
    std::size_t pending() const;

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

    mutable std::mutex mu_;
    /// Every operation, by index. A deque: it grows for the whole run in blocks, never copied
    /// into a buffer twice its size (each such copy left the old buffer as a hole in the heap).
    std::deque<OpRecord> ops_;
    /// key -> acknowledged writes in acknowledgement order: (ack time, running max version).
    std::map<std::uint32_t, std::vector<std::pair<std::int64_t, std::uint64_t>>> acked_;
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
/// The same count over the recorder's own records (OpRecorder::visit) against the values as a
/// sorted vector: the per-sample figure, with no copy of either.
std::uint64_t count_lost_writes(const std::deque<OpRecord>& ops, const std::vector<std::int64_t>& sorted_values);

/// Acknowledged writes the final primary's database holds (`primary_values`) and no other data
/// node's does (`replica_values`): not lost, but a failover at the end would lose them.
std::uint64_t count_unreplicated_writes(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& primary_values,
                                        const std::set<std::int64_t>& replica_values);

}  // namespace archlab::replication
