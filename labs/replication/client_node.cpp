#include "labs/replication/client_node.h"

#include <algorithm>
#include <random>

namespace archlab::replication {

namespace {
constexpr std::uint64_t kArrival = 1;
constexpr std::uint64_t kTimeoutBase = 16;  ///< tag = kTimeoutBase + op index
constexpr double kCasShare = 0.2;           ///< share of writes sent as compare-and-set
constexpr std::uint64_t kRepairId = ~std::uint64_t{0};  ///< message id of read-repair writes (no reply expected)
}  // namespace

void ClientNode::start(Context& ctx) {
    for (int i = 0; i < cfg_->data_nodes(); ++i) data_.push_back(ctx.lookup(data_node_name(i)));
    primary_ = data_[0];
    processes_.resize(static_cast<std::size_t>(cfg_->clients));
    for (Process& p : processes_) p.id = m_->next_process++;
    ctx.set_timer(Nanos(0), kArrival);
}

void ClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrival) {
        if (cfg_->stopping) return;
        arrive(ctx);
        std::exponential_distribution<double> gap(cfg_->arrival_rps);
        ctx.set_timer(Nanos(static_cast<std::int64_t>(gap(ctx.random()) * 1e9)), kArrival);
        return;
    }
    if (tag < kTimeoutBase) return;
    const std::size_t op = tag - kTimeoutBase;
    auto it = inflight_.find(op);
    if (it == inflight_.end()) return;
    if (it->second.done) {  // quorum read answered; stop waiting for the slow copies
        inflight_.erase(it);
        return;
    }
    // No answer in time: the operation may or may not have happened. The process is retired
    // (Jepsen's rule) and its slot continues under a new process number.
    Process& p = processes_[std::size_t(it->second.process)];
    finish(ctx, op, OpStatus::Info, false, 0, 0, kNoNode);
    p.id = m_->next_process++;
}

void ClientNode::arrive(Context& ctx) {
    std::vector<int> idle;
    for (std::size_t i = 0; i < processes_.size(); ++i) {
        if (!processes_[i].busy) idle.push_back(static_cast<int>(i));
    }
    if (idle.empty()) {
        m_->skipped.add();
        return;
    }
    std::uniform_int_distribution<std::size_t> pick(0, idle.size() - 1);
    issue(ctx, idle[pick(ctx.random())]);
}

NodeIndex ClientNode::read_target(Context& ctx) {
    if (cfg_->read_from == ReadFrom::Primary) return primary_;
    std::vector<NodeIndex> options;
    for (std::size_t i = 0; i < data_.size(); ++i) {
        const bool answers = (alive_ >> i) & 1;  // skip nodes the monitor cannot reach
        if (answers && (cfg_->read_from == ReadFrom::Any || data_[i] != primary_)) options.push_back(data_[i]);
    }
    if (options.empty()) return primary_;
    std::uniform_int_distribution<std::size_t> pick(0, options.size() - 1);
    return options[pick(ctx.random())];
}

void ClientNode::issue(Context& ctx, int slot) {
    Process& p = processes_[std::size_t(slot)];
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::uniform_int_distribution<std::uint32_t> key_pick(0, static_cast<std::uint32_t>(cfg_->keys - 1));
    OpRecord op;
    op.process = p.id;
    op.key = key_pick(ctx.random());
    const bool write = u(ctx.random()) < cfg_->write_ratio;
    const bool cas = write && cfg_->mode != Mode::Quorum && u(ctx.random()) < kCasShare;
    op.f = !write ? OpF::Read : cas ? OpF::Cas : OpF::Write;
    if (write) op.value = ++m_->next_value;
    if (cas) {
        auto seen = last_seen_.find(op.key);
        op.expected = seen == last_seen_.end() ? 0 : seen->second;
    }
    op.invoke_ns = ctx.now().count();
    const std::size_t index = m_->ops.invoke(op);
    p.busy = true;

    InFlight f;
    f.process = slot;
    f.f = op.f;
    f.key = op.key;
    f.value = op.value;
    f.timeout = ctx.set_timer(from_ms(cfg_->op_timeout_ms()), kTimeoutBase + index);
    if (cfg_->mode == Mode::Quorum) {
        if (write) {
            LogEntry e;
            e.key = op.key;
            e.value = op.value;
            e.version = last_quorum_version_ = std::max<std::uint64_t>(last_quorum_version_ + 1,
                                                                        static_cast<std::uint64_t>(op.invoke_ns));
            e.commit_ns = op.invoke_ns;
            f.quorum_value = e;
            for (NodeIndex n : data_) ctx.send(n, kQuorumWrite, index, pack(e));
        } else {
            for (NodeIndex n : data_) ctx.send(n, kQuorumRead, index, pack(ReadRequest{op.key}));
        }
    } else if (write) {
        WriteRequest w{cas ? WriteKind::Cas : WriteKind::Write, op.key, op.value, op.expected};
        ctx.send(primary_, kWrite, index, pack(w));
    } else {
        ctx.send(read_target(ctx), kRead, index, pack(ReadRequest{op.key}));
    }
    inflight_[index] = std::move(f);
}

int ClientNode::ordinal_of(NodeIndex n) const {
    for (std::size_t i = 0; i < data_.size(); ++i) {
        if (data_[i] == n) return static_cast<int>(i);
    }
    return -1;
}

void ClientNode::finish(Context& ctx, std::size_t op, OpStatus status, bool found, std::int64_t value,
                        std::uint64_t version, NodeIndex from) {
    auto it = inflight_.find(op);
    if (it == inflight_.end()) return;
    InFlight& f = it->second;
    m_->ops.complete(op, status, ctx.now().count(), found, value, version, ordinal_of(from));
    processes_[std::size_t(f.process)].busy = false;
    if (status == OpStatus::Ok && (f.f != OpF::Read || found)) {
        last_seen_[f.key] = f.f == OpF::Read ? value : f.value;
    }
    const bool keep_for_repair = cfg_->mode == Mode::Quorum && f.f == OpF::Read && status == OpStatus::Ok &&
                                 f.replies.size() < data_.size();
    if (keep_for_repair) {
        f.done = true;  // the timeout timer erases it
    } else {
        ctx.cancel_timer(f.timeout);
        inflight_.erase(it);
    }
}

void ClientNode::on_message(Context& ctx, const Message& msg) {
    switch (msg.type) {
        case kNewPrimary: {
            Leadership l;
            if (!unpack(msg.body, l) || l.term < term_) return;
            term_ = l.term;
            primary_ = l.primary;
            alive_ = l.alive;
            break;
        }
        case kWriteReply: {
            WriteReply r;
            if (!unpack(msg.body, r)) return;
            finish(ctx, msg.id, r.status == WriteStatus::Ok ? OpStatus::Ok : OpStatus::Fail, false, 0, r.version,
                   msg.from);
            break;
        }
        case kReadReply: {
            ReadReply r;
            if (!unpack(msg.body, r)) return;
            // Refused by a node that is not the primary: a definite "did not happen" (:fail).
            if (r.not_primary) finish(ctx, msg.id, OpStatus::Fail, false, 0, 0, msg.from);
            else finish(ctx, msg.id, OpStatus::Ok, r.found != 0, r.value, r.version, msg.from);
            break;
        }
        case kQuorumWriteAck:
        case kQuorumReadReply: on_quorum_reply(ctx, msg); break;
        default: break;
    }
}

void ClientNode::on_quorum_reply(Context& ctx, const Message& msg) {
    ReadReply r;
    if (!unpack(msg.body, r)) return;
    auto it = inflight_.find(msg.id);
    if (it == inflight_.end()) return;
    InFlight& f = it->second;
    if (msg.type == kQuorumWriteAck) {
        if (++f.acks == cfg_->quorum_w) finish(ctx, msg.id, OpStatus::Ok, false, 0, f.quorum_value.version, msg.from);
        return;
    }
    f.replies.emplace_back(msg.from, r);
    if (r.version > f.best.version) f.best = r;
    if (!f.done && static_cast<int>(f.replies.size()) == cfg_->quorum_r) {
        // Read repair: every copy seen so far that is older than the newest gets the newest.
        for (const auto& [node, reply] : f.replies) {
            if (reply.version >= f.best.version || !f.best.found) continue;
            LogEntry e;
            e.key = f.key;
            e.value = f.best.value;
            e.version = f.best.version;
            ctx.send(node, kQuorumWrite, kRepairId, pack(e));
            m_->read_repairs.add();
        }
        const ReadReply best = f.best;
        finish(ctx, msg.id, OpStatus::Ok, best.found != 0, best.value, best.version, msg.from);
        return;
    }
    if (f.done && f.best.found && r.version < f.best.version) {  // a late stale copy
        LogEntry e;
        e.key = f.key;
        e.value = f.best.value;
        e.version = f.best.version;
        ctx.send(msg.from, kQuorumWrite, kRepairId, pack(e));
        m_->read_repairs.add();
    }
    if (f.done && f.replies.size() >= data_.size()) {
        ctx.cancel_timer(f.timeout);
        inflight_.erase(it);
    }
}

}  // namespace archlab::replication
