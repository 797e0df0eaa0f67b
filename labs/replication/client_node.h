#pragma once
// The workload and the measurement: `clients` logical processes issue reads, writes and
// compare-and-sets at Poisson moments (open loop), each recorded with invocation and completion
// time. Writes go to whoever is primary now (the monitor says); reads go where read_from says.
// In quorum mode the client is the coordinator: it writes to all N and waits for W acks, reads
// all N, answers from the first R and repairs the stale copies it saw.
#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/runtime/node.h"
#include "labs/replication/repl_config.h"
#include "labs/replication/repl_messages.h"
#include "labs/replication/repl_metrics.h"

namespace archlab::replication {

class ClientNode : public Node {
public:
    ClientNode(std::shared_ptr<ReplConfig> cfg, std::shared_ptr<ReplMetrics> metrics)
        : cfg_(std::move(cfg)), m_(std::move(metrics)) {}

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Process {
        std::int64_t id = 0;   ///< Jepsen process number
        bool busy = false;
    };
    /// An operation in flight, keyed by its record index (also the message id).
    struct InFlight {
        int process = 0;                    ///< slot in processes_
        TimerId timeout = 0;
        OpF f = OpF::Read;
        std::uint32_t key = 0;
        std::int64_t value = 0;             ///< write/cas: the value written
        LogEntry quorum_value;              ///< quorum write: what was sent
        int acks = 0;                       ///< quorum: replies so far
        bool done = false;                  ///< quorum: answered, still collecting replies to repair
        std::vector<std::pair<NodeIndex, ReadReply>> replies;  ///< quorum read: replies so far
        ReadReply best;                     ///< quorum read: newest reply seen
    };

    void arrive(Context& ctx);
    void issue(Context& ctx, int slot);
    NodeIndex read_target(Context& ctx);
    void finish(Context& ctx, std::size_t op, OpStatus status, bool found, std::int64_t value,
                std::uint64_t version, NodeIndex from);
    void on_quorum_reply(Context& ctx, const Message& msg);
    int ordinal_of(NodeIndex n) const;

    std::shared_ptr<ReplConfig> cfg_;
    std::shared_ptr<ReplMetrics> m_;
    std::vector<NodeIndex> data_;                       ///< by ordinal
    NodeIndex primary_ = kNoNode;                       ///< where writes go now
    std::uint64_t term_ = 1;                            ///< term of the last primary announcement
    std::uint64_t alive_ = ~0ULL;                       ///< data nodes (bit per ordinal) the monitor last saw answer
    std::vector<Process> processes_;
    std::unordered_map<std::size_t, InFlight> inflight_;
    std::unordered_map<std::uint32_t, std::int64_t> last_seen_;  ///< key -> value last read or written (cas expectation)
    std::uint64_t last_quorum_version_ = 0;             ///< quorum versions: strictly increasing timestamps
};

}  // namespace archlab::replication
