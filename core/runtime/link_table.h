#pragma once
// The transport's one place for link faults: per directed link, the configured faults, the
// decision what happens to each message, and the traffic counters. Both runtimes use it.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <random>
#include <vector>

#include "core/runtime/faults.h"
#include "core/runtime/runtime.h"

namespace archlab {

/// What the transport does with one message.
struct Delivery {
    int copies = 1;            ///< 0 = lost, 1 = normal, 2 = duplicated
    Nanos delay[2]{};          ///< extra one-way delay of each copy
};

class LinkTable {
public:
    explicit LinkTable(NodeIndex nodes = 0);
    /// Grows the table to `nodes`, keeping what was set; call before traffic flows. Storage
    /// grows by doubling, so adding nodes one at a time costs O(n^2) in all, not O(n^3).
    void resize(NodeIndex nodes);
    NodeIndex size() const { return n_; }

    void set(NodeIndex from, NodeIndex to, const LinkFaults& faults);
    LinkFaults get(NodeIndex from, NodeIndex to) const;
    /// Cuts (or heals) every link to and from node, on top of per-link settings.
    void set_partitioned(NodeIndex node, bool cut);
    bool partitioned(NodeIndex node) const;

    /// Decides the fate of one message on from->to and counts it as sent (and as dropped
    /// when lost). rng is the sender's transport random source.
    Delivery decide(NodeIndex from, NodeIndex to, std::mt19937_64& rng);
    /// Counts a message handed to the receiving node.
    void count_delivered(NodeIndex from, NodeIndex to);
    /// Counts a message lost after the decision (receiver down, connection gone).
    void count_dropped(NodeIndex from, NodeIndex to);
    /// True when the link is cut right now (partition of either end or of the link).
    bool cut(NodeIndex from, NodeIndex to) const;

    std::vector<LinkStats> stats() const;

private:
    struct Counters {
        std::atomic<std::uint64_t> sent{0}, delivered{0}, dropped{0};
    };
    void refresh_any_locked();  ///< recomputes any_fault_; mu_ held
    std::size_t idx(NodeIndex from, NodeIndex to) const { return std::size_t(from) * cap_ + to; }

    NodeIndex n_ = 0;
    NodeIndex cap_ = 0;                           ///< row stride of faults_ and counters_ (>= n_)
    mutable std::mutex mu_;                       ///< guards faults_ and node_cut_
    std::vector<LinkFaults> faults_;
    std::vector<char> node_cut_;
    std::atomic<bool> any_fault_{false};          ///< fast path: no lock while nothing is faulted
    std::unique_ptr<Counters[]> counters_;
};

}  // namespace archlab
