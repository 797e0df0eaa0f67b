#pragma once
// The failover monitor: heartbeats every data node; when the primary has not answered for
// detect_after_ms, or answers without leading (restarted: it declines the term it may have led
// before), it promotes the most up-to-date node that answers (the highest term of the last
// applied entry, then the highest applied log position) in a new term and tells every data
// node and client. Also promotes a replica by hand (the "promote" fault): at once in async mode
// (a person's override, which may lose acknowledged writes), but in sync and semi-sync only a
// replica that holds every write the primary acknowledged: it waits up to detect_after_ms for
// the replica to catch up, then refuses and says so in the run's event log, as a safe
// switchover does (Patroni's to a synchronous standby only, for one).
// In sync mode it fails over only to a member of the in-sync set, as Kafka's controller elects
// from the ISR: the primary proposes the set (the replicas that answer and hold every write it
// acknowledged), the monitor keeps the latest proposal and sends it back, and the primary stops
// waiting for a replica only once the monitor holds a set without it. Without this, a primary
// that dropped a slow replica kept acknowledging writes, and the monitor, from positions heard
// one heartbeat ago, promoted that replica when the primary died: the writes were lost.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/node.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

class MonitorNode : public Node {
public:
    /// first_boot: false for a restarted monitor, which knows no in-sync set until the primary
    /// reports one. A primary that restarted too declines its term and never reports it: rather
    /// than leave the cluster without a primary for good, such a monitor promotes the most
    /// up-to-date node as in the other modes, and says so in the event log (it may lose writes).
    MonitorNode(std::shared_ptr<ReplConfig> cfg, std::shared_ptr<ReplMetrics> metrics, bool first_boot = true)
        : cfg_(std::move(cfg)), m_(std::move(metrics)), isr_known_(first_boot) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Seen {
        std::int64_t last_reply_ns = 0;  ///< when it last answered a heartbeat
        std::uint64_t applied = 0;       ///< applied log position it reported
        std::uint64_t applied_term = 0;  ///< term of the entry at that position
        std::uint64_t acked = 0;         ///< primary: last position it acknowledged (0 on replicas)
    };
    void promote(Context& ctx, int ordinal);
    /// The promotion by hand asked for (wanted_): done, refused, or left waiting for a beat.
    void consider_wanted(Context& ctx);
    /// Why promoting `ordinal` now could lose an acknowledged write, "" when it cannot.
    std::string unsafe_to_promote(const Context& ctx, int ordinal) const;
    /// The most up-to-date data node that answers heartbeats, -1 when none does; in sync mode
    /// only a member of the in-sync set, when it is known.
    int most_up_to_date(const Context& ctx) const;
    bool in_isr(int ordinal) const { return isr_known_ && ((isr_ >> ordinal) & 1) != 0; }
    void announce(Context& ctx, NodeIndex to, std::uint16_t type);
    bool alive(const Context& ctx, int ordinal) const;

    std::shared_ptr<ReplConfig> cfg_;
    std::shared_ptr<ReplMetrics> m_;
    std::vector<NodeIndex> data_;   ///< by ordinal
    NodeIndex client_ = kNoNode;
    std::vector<Seen> seen_;        ///< by ordinal
    std::uint64_t term_ = 1;
    int primary_ = 0;               ///< ordinal of the current primary
    bool primary_declined_ = false; ///< the primary answered without leading: fail over at the next beat
    int wanted_ = -1;               ///< ordinal a person asked to promote, still waiting (-1 none)
    std::int64_t wanted_until_ns_ = 0;  ///< run time after which that request is refused
    // Sync mode: the in-sync set of the current term, as the primary last proposed it.
    bool isr_known_;                ///< false in a restarted monitor until the primary reports
    std::uint64_t isr_seq_ = 0;     ///< number of the proposal held (0: the term's start, every node)
    std::uint64_t isr_ = ~0ULL;     ///< bit i: data node of ordinal i
    std::uint64_t no_candidate_term_ = 0;  ///< term for which "no failover" was logged (once per term)
};

}  // namespace archlab::replication
