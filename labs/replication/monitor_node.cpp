#include "labs/replication/monitor_node.h"

#include "labs/replication/repl_messages.h"

namespace archlab::replication {

namespace {
constexpr std::uint64_t kBeat = 1;
}

void MonitorNode::start(Context& ctx) {
    for (int i = 0; i < cfg_->data_nodes(); ++i) data_.push_back(ctx.lookup(data_node_name(i)));
    client_ = ctx.lookup("client");
    seen_.assign(data_.size(), Seen{});
    const std::int64_t now = ctx.now().count();
    for (Seen& s : seen_) s.last_reply_ns = now;  // everyone gets detect_after_ms to answer first
    ctx.set_timer(from_ms(cfg_->heartbeat_ms), kBeat);
}

bool MonitorNode::alive(const Context& ctx, int ordinal) const {
    return ctx.now().count() - seen_[static_cast<std::size_t>(ordinal)].last_reply_ns <
           from_ms(cfg_->detect_after_ms).count();
}

void MonitorNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kBeat) return;
    const int asked = cfg_->promote_request.exchange(-1);
    if (asked >= 0 && asked < static_cast<int>(data_.size())) {
        wanted_ = asked;
        wanted_until_ns_ = ctx.now().count() + from_ms(cfg_->detect_after_ms).count();
    }
    if (wanted_ >= 0) consider_wanted(ctx);
    if (cfg_->mode != Mode::Quorum && (primary_declined_ || !alive(ctx, primary_))) {
        // A primary that declined is a candidate too: it may hold writes nobody else applied.
        const int best = most_up_to_date(ctx);
        if (best >= 0) {
            if (cfg_->mode == Mode::Sync && !isr_known_) {
                m_->note_event(ctx.now().count(), "failover without the in-sync set: this monitor restarted and never heard it "
                                                  "from the primary, so it promotes the most up-to-date node, which may lack "
                                                  "acknowledged writes");
            }
            // The event log says when the cluster changed leader, and why.
            const std::string why = data_node_name(primary_) +
                                    (primary_declined_ ? " declined to lead after its restart"
                                                       : " did not answer heartbeats for " +
                                                             std::to_string(int(cfg_->detect_after_ms)) + " ms");
            promote(ctx, best);
            m_->note_event(ctx.now().count(), "failover: " + data_node_name(best) + " is primary (term " +
                                                  std::to_string(term_) + "): " + why);
        } else if (cfg_->mode == Mode::Sync && no_candidate_term_ != term_) {
            no_candidate_term_ = term_;
            m_->note_event(ctx.now().count(), "no failover: no member of the in-sync set answers (sync promises no lost acknowledged write)");
        }
    }
    for (NodeIndex n : data_) announce(ctx, n, kHeartbeat);
    if (client_ != kNoNode) announce(ctx, client_, kNewPrimary);  // clients learn who answers (service discovery)
    ctx.set_timer(from_ms(cfg_->heartbeat_ms), kBeat);
}

void MonitorNode::consider_wanted(Context& ctx) {
    if (wanted_ == primary_) {  // it leads already (or the failover picked it meanwhile)
        wanted_ = -1;
        return;
    }
    const bool safe_only = cfg_->mode == Mode::Sync || cfg_->mode == Mode::SemiSync;
    const std::string why = safe_only ? unsafe_to_promote(ctx, wanted_) : std::string();
    if (why.empty()) {
        promote(ctx, wanted_);
        m_->note_event(ctx.now().count(), data_node_name(wanted_) + " is primary (term " + std::to_string(term_) +
                                              "): promoted as asked");
        wanted_ = -1;
        return;
    }
    if (ctx.now().count() < wanted_until_ns_) return;  // it may catch up by the next beat
    m_->promotions_refused.add();
    m_->note_event(ctx.now().count(), "promote " + data_node_name(wanted_) + " refused: " + why + " (" +
                                          to_string(cfg_->mode) + " promises no lost acknowledged write)");
    wanted_ = -1;
}

std::string MonitorNode::unsafe_to_promote(const Context& ctx, int ordinal) const {
    if (!alive(ctx, ordinal)) return "it has not answered heartbeats for " + std::to_string(int(cfg_->detect_after_ms)) + " ms";
    // The primary's last report says up to where it acknowledged writes; with the primary silent
    // the failover below picks the most up-to-date node first, and the request waits for that.
    if (!alive(ctx, primary_)) return "the primary does not answer, so what it acknowledged is unknown";
    if (cfg_->mode == Mode::Sync && isr_known_ && !in_isr(ordinal)) return "it is not in the in-sync set the primary reported";
    const Seen& c = seen_[std::size_t(ordinal)];
    const Seen& p = seen_[std::size_t(primary_)];
    // Behind the primary's acknowledged position, or still without the primary's latest term.
    if (c.applied >= p.acked && c.applied_term >= p.applied_term) return {};
    return "it has applied the log up to position " + std::to_string(c.applied) + ", the primary acknowledged writes up to " +
           std::to_string(p.acked);
}

int MonitorNode::most_up_to_date(const Context& ctx) const {
    int best = -1;
    for (int i = 0; i < static_cast<int>(data_.size()); ++i) {
        if (!alive(ctx, i)) continue;
        if (cfg_->mode == Mode::Sync && isr_known_ && !in_isr(i)) continue;
        const Seen& s = seen_[std::size_t(i)];
        const Seen* b = best < 0 ? nullptr : &seen_[std::size_t(best)];
        // A later term first: entries of an older term past the newer primary's log were never committed.
        const bool ahead = !b || s.applied_term > b->applied_term ||
                           (s.applied_term == b->applied_term && s.applied > b->applied);
        if (ahead) best = i;
    }
    return best;
}

void MonitorNode::promote(Context& ctx, int ordinal) {
    ++term_;
    primary_ = ordinal;
    primary_declined_ = false;
    seen_[std::size_t(ordinal)].last_reply_ns = ctx.now().count();  // give the new primary time to answer
    m_->primary_now = ordinal;
    m_->failovers.add();
    // A new term's set starts as every data node: the new primary waits for each until its own
    // first proposal comes back.
    isr_known_ = true;
    isr_seq_ = 0;
    isr_ = ~0ULL;
    for (NodeIndex n : data_) announce(ctx, n, kNewPrimary);
    if (client_ != kNoNode) announce(ctx, client_, kNewPrimary);
}

void MonitorNode::announce(Context& ctx, NodeIndex to, std::uint16_t type) {
    Leadership l;
    l.term = term_;
    l.primary = data_[std::size_t(primary_)];
    l.alive = 0;
    for (int i = 0; i < static_cast<int>(data_.size()); ++i) {
        if (alive(ctx, i)) l.alive |= 1ULL << i;
    }
    l.isr_seq = isr_known_ ? isr_seq_ : 0;
    l.isr = isr_;
    ctx.send(to, type, 0, pack(l));
}

void MonitorNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type != kHeartbeatReply) return;
    NodeStatus s;
    if (!unpack(msg.body, s)) return;
    for (std::size_t i = 0; i < data_.size(); ++i) {
        if (data_[i] != msg.from) continue;
        seen_[i].last_reply_ns = ctx.now().count();
        seen_[i].applied = s.applied;
        seen_[i].applied_term = s.applied_term;
        seen_[i].acked = s.acked;
        const int ordinal = static_cast<int>(i);
        // A restarted monitor learns the term and primary from the nodes (one primary per term).
        if (s.term > term_ || (s.term == term_ && s.is_primary && ordinal != primary_)) {
            if (s.term > term_) isr_known_ = false;  // that term's set is the primary's to say
            term_ = s.term;
            if (s.is_primary) {
                primary_ = ordinal;
                primary_declined_ = false;
                m_->primary_now = primary_;
            }
        }
        // The primary's proposal of the in-sync set; a later one only (messages may be reordered).
        if (ordinal == primary_ && s.term == term_ && s.is_primary && (!isr_known_ || s.isr_seq > isr_seq_)) {
            isr_known_ = true;
            isr_seq_ = s.isr_seq;
            isr_ = s.isr | (1ULL << ordinal);
        }
        if (ordinal == primary_ && s.term == term_ && !s.is_primary) primary_declined_ = true;
        // A node that missed a promotion (restarted, paused, cut off) hears it again.
        if (s.term < term_ || (s.is_primary && static_cast<int>(i) != primary_)) announce(ctx, msg.from, kNewPrimary);
    }
}

}  // namespace archlab::replication
