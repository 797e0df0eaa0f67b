// DataNode's in-sync set in sync mode (the commit rule's side of monitor_node.h): the primary
// proposes which replicas are in sync, and a replica it proposed stays required for every
// acknowledgement until the monitor holds a later proposal, so the monitor, which fails over to
// a member of the set it holds, never promotes a replica missing an acknowledged write.
#include <tuple>

#include "labs/replication/data_node.h"

namespace archlab::replication {

void DataNode::answer_heartbeat(Context& ctx, const Message& msg, const Leadership& l) {
    NodeStatus s;
    s.term = term_;
    s.applied = applied_;
    s.is_primary = static_cast<std::uint8_t>(is_primary_);
    s.applied_term = applied_term();
    s.acked = is_primary_ ? acked_pos_ : 0;
    if (is_primary_ && cfg_->mode == Mode::Sync) {
        if (l.term == term_) isr_confirmed(l.isr_seq);
        std::tie(s.isr_seq, s.isr) = propose_isr(ctx);
    }
    ctx.send(msg.from, kHeartbeatReply, msg.id, pack(s));
}

std::pair<std::uint64_t, std::uint64_t> DataNode::propose_isr(const Context& ctx) {
    std::uint64_t set = 1ULL << ordinal_;
    for (const auto& [to, f] : followers_) {
        // Answering lately is not enough to join: a replica back from a pause holds only what it
        // had; it joins once it has applied every write this primary acknowledged.
        if (in_sync(ctx, f) && f.acked >= acked_pos_) set |= 1ULL << f.ordinal;
    }
    // become_primary() holds proposal 0; isr_confirmed() never removes the latest.
    const auto [latest_seq, latest_set] = *isr_proposals_.rbegin();
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

std::uint64_t DataNode::isr_bound() const {
    std::uint64_t bound = 0;
    for (const auto& [seq, set] : isr_proposals_) bound |= set;
    return bound;
}

void DataNode::isr_confirmed(std::uint64_t seq) {
    // The monitor holds proposal seq or a later one: older ones no longer bind. Never the last.
    while (isr_proposals_.size() > 1 && isr_proposals_.begin()->first < seq) isr_proposals_.erase(isr_proposals_.begin());
}

}  // namespace archlab::replication
