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
    /// Sizes the table for `nodes` nodes; call before traffic flows. Links among the nodes kept
    /// keep their faults and counters. Storage grows by doubling, so adding nodes one at a time
    /// costs O(n^2) in all rather than O(n^2) per node.
    void resize(NodeIndex nodes);
    /// Counters are bumped from one thread only (the simulated runtime), which calls
    /// flush_counts() after each event: each count's cache line is fetched at once and the count
    /// added at flush time (a plain load and store, no locked add), so a miss on a big table
    /// overlaps with the rest of the event. stats() leaves out counts not flushed yet.
    void set_single_writer(bool on) {
        flush_counts();
        single_writer_ = on;
    }
    /// Adds the counts held since the last flush (single-writer mode; a no-op otherwise).
    void flush_counts() {
        for (std::size_t i = 0; i < held_; ++i) {
            std::atomic<std::uint64_t>& c = *held_counts_[i];
            c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
        }
        held_ = 0;
    }
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
    void refresh_any_locked();  ///< recounts shaped_links_ and cut_nodes_, sets any_fault_; mu_ held
    /// Adds one to a counter, or holds it for flush_counts() (see set_single_writer).
    void bump(std::atomic<std::uint64_t>& counter) {
        if (!single_writer_) {
            counter.fetch_add(1, std::memory_order_relaxed);
            return;
        }
#if defined(__GNUC__) || defined(__clang__)
        __builtin_prefetch(&counter, 1);  // for writing; the add waits for flush_counts()
#endif
        held_counts_[held_++] = &counter;
        if (held_ == kHeldMax) flush_counts();
    }
    std::size_t idx(NodeIndex from, NodeIndex to) const { return std::size_t(from) * stride_ + to; }

    NodeIndex n_ = 0;
    std::size_t stride_ = 0;                      ///< nodes the storage has room for (>= n_)
    mutable std::mutex mu_;                       ///< guards faults_ and node_cut_
    std::vector<LinkFaults> faults_;
    std::vector<char> node_cut_;
    std::size_t shaped_links_ = 0;                ///< links with a fault or a latency (mu_)
    std::size_t cut_nodes_ = 0;                   ///< nodes partitioned off (mu_)
    std::atomic<bool> any_fault_{false};          ///< fast path: no lock while nothing is faulted
    std::unique_ptr<Counters[]> counters_;
    bool single_writer_ = false;                  ///< see set_single_writer
    static constexpr std::size_t kHeldMax = 32;   ///< counts held before a flush is forced
    std::atomic<std::uint64_t>* held_counts_[kHeldMax]{};  ///< counters to add one to at flush
    std::size_t held_ = 0;                        ///< entries of held_counts_ in use
};

}  // namespace archlab
