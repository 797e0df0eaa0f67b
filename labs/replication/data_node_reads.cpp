// DataNode's read path: reads served from the node's database, and in sync and semi-sync mode
// held back while the key has a write not yet replicated (a read must never show a write that
// a failover could still lose). The rest of the node is in data_node.cpp.
#include <algorithm>
#include <functional>
#include <iterator>

#include "labs/replication/data_node.h"
#include "labs/replication/kv_store.h"

namespace archlab::replication {

void DataNode::on_read(Context& ctx, const Message& msg, std::uint16_t reply_type) {
    ReadRequest r;
    if (!unpack(msg.body, r)) return;
    if (reply_type == kReadReply && cfg_->read_from == ReadFrom::Primary && !is_primary_) {
        // Sent here as to the primary: this node no longer is (or not yet), and a deposed primary
        // may already have wiped its copy to rebuild it; answering would show the client the past.
        ReadReply refused;
        refused.not_primary = 1;
        ctx.send(msg.from, reply_type, msg.id, pack(refused));
        return;
    }
    // An apply the runtime shed is missing from the database until it runs again, behind reads
    // that came after it: those reads go unanswered (the client times out, as for a shed read)
    // rather than show an order of writes no client saw.
    if (!unapplied_.empty() || resync_) return;
    const WaitingRead w{msg.from, msg.id, reply_type, r.key};
    if (cfg_->mode == Mode::Sync || cfg_->mode == Mode::SemiSync) {
        // A node's database holds writes before they are replicated (the primary's as it sends
        // them, a replica's as it applies them). A read that showed one could be followed by a
        // failover that loses it (it was never acknowledged), and then by reads of the older
        // value: not linearizable. So a read of a key with a write not yet replicated waits
        // until it is (the primary counts it as a write's acknowledgement does; a replica hears
        // it in the primary's next append).
        if (!read_replicated(ctx, w) && waiting_reads_.size() < kMaxWaitingReads) waiting_reads_.push_back(w);
        return;
    }
    queue_read(ctx, w);
}

std::uint64_t DataNode::replicated_pos(const Context& ctx) const {
    std::uint64_t upto = applied_;
    if (cfg_->mode != Mode::Sync && cfg_->mode != Mode::SemiSync) return upto;  // acknowledged once applied here
    if (cfg_->mode == Mode::Sync) {
        // Every replica that answers lately, and every one in a proposal of the in-sync set the
        // monitor may hold (data_node_isr.cpp), answering or not: the monitor may promote it.
        const std::uint64_t bound = isr_bound();
        for (const auto& [to, f] : followers_) {
            if (in_sync(ctx, f) || ((bound >> f.ordinal) & 1) != 0) upto = std::min(upto, f.acked);
        }
        return upto;
    }
    // Semi-sync: sync_replicas of them (fewer while fewer are in sync), as try_commit.
    std::size_t in_sync_count = 0;
    std::vector<std::uint64_t> acked;
    for (const auto& [to, f] : followers_) {
        in_sync_count += in_sync(ctx, f) ? 1 : 0;
        acked.push_back(f.acked);
    }
    const std::size_t need = std::min(static_cast<std::size_t>(cfg_->sync_replicas), in_sync_count);
    if (need == 0) return upto;
    std::nth_element(acked.begin(), acked.begin() + static_cast<std::ptrdiff_t>(need - 1), acked.end(), std::greater<>());
    return std::min(upto, acked[need - 1]);
}

bool DataNode::read_replicated(Context& ctx, const WaitingRead& r) {
    const std::uint64_t done = is_primary_ ? replicated_pos(ctx) : known_replicated_;
    const std::uint64_t head = log_.head();
    if (done < head) {
        // Entries past the backlog's start are no longer in memory: wait for all of them.
        if (done < log_.base()) return false;
        for (std::uint64_t pos = head; pos > done; --pos) {
            if (log_.at(pos).key == r.key) return false;
        }
    }
    // The database job runs after every apply queued so far: none of them writes this key
    // beyond what is replicated, and later ones run after the read.
    queue_read(ctx, r);
    return true;
}

void DataNode::serve_waiting_reads(Context& ctx) {
    for (auto it = waiting_reads_.begin(); it != waiting_reads_.end();) {
        it = read_replicated(ctx, *it) ? waiting_reads_.erase(it) : std::next(it);
    }
}

void DataNode::queue_read(Context& ctx, const WaitingRead& r) {
    auto result = std::make_shared<ReadReply>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    const std::uint32_t key = r.key;
    job.compute = [db, key, result] { db->with([&](sqlite3* conn) { *result = kv_read(conn, key); }); };
    job.done = [this, &ctx, r, result, sheds = apply_sheds_](Nanos) {
        if (apply_sheds_ != sheds) return;  // an apply queued before this read may have been shed
        ctx.send(r.from, r.reply_type, r.id, pack(*result));
    };
    ctx.execute(std::move(job));
}

}  // namespace archlab::replication
