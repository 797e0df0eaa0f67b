// DataNode's in-sync set in sync mode (the commit rule's side of monitor_node.h): the primary
// proposes which replicas are in sync, and a replica it proposed stays required for every
// acknowledgement until the monitor holds a later proposal, so the monitor, which fails over to
// a member of the set it holds, never promotes a replica missing an acknowledged write.
#include <tuple>

#include "labs/replication/data_node.h"

namespace archlab::replication {

int DataNode::ordinal_of(NodeIndex n) const {
    for (std::size_t i = 0; i < data_.size(); ++i) {
        if (data_[i] == n) return static_cast<int>(i);
    }
    return -1;
}

std::pair<std::uint64_t, std::uint64_t> DataNode::propose_isr(const Context& ctx) {
    std::uint64_t set = 1ULL << ordinal_;
    for (const auto& [to, f] : followers_) {
        // Answering lately is not enough to join: a replica back from a pause holds only what it
        // had; it joins once it has applied every write this primary acknowledged.
        const int o = ordinal_of(to);
        if (o >= 0 && in_sync(ctx, f) && f.acked >= acked_pos_) set |= 1ULL << o;
    }
    if (isr_proposals_.empty()) isr_proposals_[0] = ~0ULL;
    const auto& [latest_seq, latest_set] = *isr_proposals_.rbegin();
    if (latest_set == set) return {latest_seq, set};
    const std::uint64_t seq = latest_seq + 1;
    isr_proposals_[seq] = set;
    // Cut off from the monitor, a primary whose set keeps changing would gather proposals without
    // end: the two oldest become one, under the later number, holding both sets. Only more
    // replicas are waited for, and for no longer than the later one alone would be.
    while (isr_proposals_.size() > kMaxIsrProposals) {
        const auto oldest = isr_proposals_.begin();
        const std::uint64_t merged = oldest->second;
        isr_proposals_.erase(oldest);
        isr_proposals_.begin()->second |= merged;
    }
    return {seq, set};
}

void DataNode::isr_confirmed(std::uint64_t seq) {
    // The monitor holds proposal seq or a later one: older ones no longer bind. Never the last.
    while (isr_proposals_.size() > 1 && isr_proposals_.begin()->first < seq) isr_proposals_.erase(isr_proposals_.begin());
}

}  // namespace archlab::replication
