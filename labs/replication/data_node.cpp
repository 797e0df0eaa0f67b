#include "labs/replication/data_node.h"

#include <algorithm>
#include <functional>
#include <random>
#include <string_view>

#include "labs/replication/kv_store.h"

namespace archlab::replication {

namespace {
constexpr std::uint64_t kShipTimer = 1;
constexpr std::size_t kMaxBatch = 512;  ///< entries per append message
constexpr std::size_t kRememberedWrites = 2048;  ///< client writes remembered to drop duplicate deliveries (20 s at the default rate; an op times out after 1.1 s)

std::int64_t ns(Nanos t) { return t.count(); }
}  // namespace

DataNode::DataNode(int ordinal, std::shared_ptr<ReplConfig> cfg, std::shared_ptr<ReplMetrics> metrics,
                   std::shared_ptr<SqlitePool> db, bool first_boot)
    : ordinal_(ordinal),
      cfg_(std::move(cfg)),
      m_(std::move(metrics)),
      db_(std::move(db)),
      first_boot_(first_boot),
      log_(static_cast<std::size_t>(cfg_->backlog_entries)) {}

void DataNode::start(Context& ctx) {
    self_ = ctx.self();
    for (int i = 0; i < cfg_->data_nodes(); ++i) data_.push_back(ctx.lookup(data_node_name(i)));
    if (first_boot_) {
        term_ = 1;
        primary_ = data_[0];
        if (ordinal_ == 0 && cfg_->mode != Mode::Quorum) become_primary(ctx);
    } else if (cfg_->mode != Mode::Quorum) {
        recover(ctx);
    }  // quorum: the rows are all a node has, and they stayed in its database
    publish();
    if (cfg_->mode != Mode::Quorum) {
        // A random phase: batches are not lined up with whole seconds, so a fault at "4s" does
        // not always land just after a batch was shipped (which would hide async's lost writes).
        std::uniform_real_distribution<double> phase(0.0, 1.0);
        ctx.set_timer(from_ms(ship_period_ms() * (1.0 - phase(ctx.random()))), kShipTimer);
    }
}

double DataNode::ship_period_ms() const {
    return cfg_->mode == Mode::Async ? cfg_->repl_batch_ms : std::min(cfg_->heartbeat_ms, 20.0);
}

void DataNode::publish() {
    DataNodeGauges& g = m_->nodes[static_cast<std::size_t>(ordinal_)];
    g.head = log_.head();
    g.applied = applied_;
    g.rebuilding = rebuilding_;
    g.term = term_;
    g.is_primary = is_primary_;
}

void DataNode::on_message(Context& ctx, const Message& msg) {
    // Recovering: reads are answered from the database, writes refused (not primary), the rest
    // waits for the monitor's next heartbeat and the primary's next append.
    if (recovering_ && msg.type != kRead && msg.type != kWrite) return;
    switch (msg.type) {
        case kWrite: on_client_write(ctx, msg); break;
        case kRead: on_read(ctx, msg, kReadReply); break;
        case kAppend: on_append(ctx, msg); break;
        case kAppendAck: on_append_ack(ctx, msg); break;
        case kSnapshot: on_snapshot(ctx, msg); break;
        case kQuorumWrite: on_quorum_write(ctx, msg); break;
        case kQuorumRead: on_read(ctx, msg, kQuorumReadReply); break;
        case kHeartbeat:
        case kNewPrimary: {
            Leadership l;
            if (!unpack(msg.body, l)) return;
            if (cfg_->mode != Mode::Quorum) adopt(ctx, l.term, l.primary);
            if (msg.type == kHeartbeat) answer_heartbeat(ctx, msg, l);
            break;
        }
        default: break;
    }
}

void DataNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kShipTimer) return;
    retry_shed(ctx);
    if (is_primary_) {
        const std::int64_t now = ns(ctx.now());
        const std::int64_t resend_after = ns(from_ms(std::max(50.0, 4.0 * cfg_->link_latency_ms)));
        for (auto& [to, f] : followers_) {
            // Nothing acknowledged for a while although entries are out: they were lost, go back.
            // Not for a follower that has not answered this primary at all (dead, cut off): where
            // it stands is unknown, so the keep-alives at the head go on until its answer says
            // (going back to its acked 0 would send a dead node a snapshot, counted as a resync).
            if (f.answered && f.acked + 1 < f.next && now - f.last_ack_ns > resend_after && now - f.last_send_ns > resend_after) {
                f.next = f.acked + 1;
            }
            const bool batch_due = cfg_->mode == Mode::Async;
            const bool idle = now - f.last_send_ns >= ns(from_ms(cfg_->heartbeat_ms));
            if (batch_due || idle || f.next <= log_.head()) ship(ctx, to, f);
        }
        try_commit(ctx);  // a replica may have dropped out of the in-sync set
    }
    ctx.set_timer(from_ms(ship_period_ms()), kShipTimer);
}

// ---- primary ----

void DataNode::on_client_write(Context& ctx, const Message& msg) {
    WriteRequest w;
    if (!unpack(msg.body, w)) return;
    if (!seen_writes_.emplace(msg.from, msg.id).second) return;  // a duplicate: the original is answered
    seen_order_.emplace_back(msg.from, msg.id);
    if (seen_order_.size() > kRememberedWrites) {
        seen_writes_.erase(seen_order_.front());
        seen_order_.pop_front();
    }
    if (!is_primary_) {
        ctx.send(msg.from, kWriteReply, msg.id, pack(WriteReply{WriteStatus::NotPrimary, 0}));
        return;
    }
    const auto it = keys_.find(w.key);
    const KeyState cur = it == keys_.end() ? KeyState{} : it->second;
    if (w.kind == WriteKind::Cas && cur.value != w.expected) {  // absent keys hold 0 = nil
        ctx.send(msg.from, kWriteReply, msg.id, pack(WriteReply{WriteStatus::CasMismatch, 0}));
        return;
    }
    LogEntry e;
    e.pos = log_.head() + 1;
    e.key = w.key;
    e.value = w.value;
    e.version = (term_ << 32) | ((cur.version & 0xffffffffULL) + 1);
    e.commit_ns = ns(ctx.now());
    append_to_log(e);
    pending_.push_back({e.pos, msg.from, msg.id, e.version});
    apply(ctx, {e}, [this, &ctx, e] {
        note_applied(e.pos, e.version);
        publish();
        try_commit(ctx);
    });
    if (cfg_->mode != Mode::Async) {
        for (auto& [to, f] : followers_) ship(ctx, to, f);
    }
    publish();
}

bool DataNode::in_sync(const Context& ctx, const Follower& f) const {
    return ns(ctx.now()) - f.last_ack_ns < ns(from_ms(cfg_->detect_after_ms));
}

void DataNode::try_commit(Context& ctx) {
    // The pending writes up to what the mode counts as replicated are acknowledged.
    const std::uint64_t replicated = replicated_pos(ctx);
    while (!pending_.empty() && pending_.front().pos <= replicated) {
        const PendingWrite& p = pending_.front();
        ctx.send(p.client, kWriteReply, p.id, pack(WriteReply{WriteStatus::Ok, p.version}));
        acked_pos_ = std::max(acked_pos_, p.pos);
        pending_.pop_front();
    }
    if (!is_primary_ || (cfg_->mode != Mode::Sync && cfg_->mode != Mode::SemiSync)) return;
    if (!waiting_reads_.empty()) serve_waiting_reads(ctx);  // what is replicated may have moved on
    // Tell the replicas at once how far the log is replicated (in the next append it could be a
    // heartbeat away): their reads of the keys just written wait for it.
    if (replicated > replicated_sent_) {
        replicated_sent_ = replicated;
        for (auto& [to, f] : followers_) ship(ctx, to, f);
    }
}

void DataNode::ship(Context& ctx, NodeIndex to, Follower& f) {
    const std::uint64_t head = log_.head();
    std::uint64_t first = std::min(f.next, head + 1);
    if (!log_.knows(first - 1)) {  // the entry before the ones it needs has left the backlog
        // A snapshot not answered yet (lost, or the replica is cut off): no other one until the
        // replica answers a keep-alive at the head, which says where it stands.
        if (f.snapshot_sent_ns < 0 || f.last_ack_ns > f.snapshot_sent_ns) {
            send_snapshot(ctx, to, f);
            return;
        }
        first = head + 1;
    }
    const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(head + 1 - first, kMaxBatch));
    AppendHeader h;
    h.term = term_;
    h.prev = first - 1;
    if (cfg_->mode == Mode::Sync || cfg_->mode == Mode::SemiSync) {
        h.replicated = replicated_pos(ctx);
        replicated_sent_ = std::max(replicated_sent_, h.replicated);
    }
    if (h.prev > 0) {
        h.prev_version = log_.at(h.prev).version;
        h.prev_commit_ns = log_.at(h.prev).commit_ns;
    }
    const std::vector<LogEntry> batch = log_.slice(first, count);
    ctx.send(to, kAppend, 0, pack_append(h, batch.data(), batch.size()));
    f.next = first + count;
    f.last_send_ns = ns(ctx.now());
}

void DataNode::send_snapshot(Context& ctx, NodeIndex to, Follower& f) {
    if (f.snapshotting) return;  // one is on its way out already
    // Every entry logged so far has its apply queued on the worker ahead of this job, so the
    // database read there holds exactly positions up to `at`; not while an apply the runtime
    // shed waits to run again (the snapshot would miss it): the ship tick tries later.
    if (!unapplied_.empty() || resync_) return;
    f.snapshotting = true;
    const LogEntry at = log_.at(log_.head());
    const std::uint64_t needed = std::min(f.next, log_.head() + 1);
    auto body = std::make_shared<std::string>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    SnapshotHeader h;
    h.term = term_;
    h.at = at;
    h.needed = needed;
    h.backlog_first = log_.base() + 1;
    h.backlog_last = log_.head();
    h.backlog_entries = log_.capacity();
    job.compute = [db, h, body] { db->with([&](sqlite3* conn) { *body = pack_snapshot(h, kv_read_snapshot(conn)); }); };
    const std::uint64_t term = term_;
    job.done = [this, &ctx, to, term, at, body, sheds = apply_sheds_](Nanos) {
        auto it = followers_.find(to);
        if (!is_primary_ || term_ != term || it == followers_.end()) return;  // deposed meanwhile
        Follower& fl = it->second;
        fl.snapshotting = false;
        if (apply_sheds_ != sheds) return;  // an apply queued before the read was shed: it may lack it
        ctx.send(to, kSnapshot, 0, *body);
        fl.next = at.pos + 1;
        fl.last_send_ns = fl.snapshot_sent_ns = ns(ctx.now());
    };
    job.shed = [this, to, term] {  // not read: the ship timer tries again
        auto it = followers_.find(to);
        if (is_primary_ && term_ == term && it != followers_.end()) it->second.snapshotting = false;
    };
    ctx.execute(std::move(job));
}

void DataNode::on_append_ack(Context& ctx, const Message& msg) {
    AppendAck a;
    if (!unpack(msg.body, a) || !is_primary_ || a.term > term_) return;  // a newer primary exists: the monitor will say
    auto it = followers_.find(msg.from);
    if (it == followers_.end()) return;
    Follower& f = it->second;
    f.answered = f.answered || a.term == term_;   // a late reply from this node's earlier term is no answer to it
    f.last_ack_ns = ns(ctx.now());
    f.acked = a.applied;  // may go down: a restarted replica starts over
    f.next = std::min<std::uint64_t>(a.gap ? a.received + 1 : std::max(f.next, a.received + 1), log_.head() + 1);
    if (f.next <= log_.head() && cfg_->mode != Mode::Async) ship(ctx, msg.from, f);
    try_commit(ctx);
}

void DataNode::become_primary(Context& ctx) {
    is_primary_ = true;
    primary_ = self_;
    followers_.clear();
    pending_.clear();
    replicated_sent_ = 0;
    acked_pos_ = log_.head();
    isr_proposals_ = {{0, ~0ULL}};  // the term starts with every data node in the set (monitor_node.cpp)
    for (std::size_t i = 0; i < data_.size(); ++i) {
        const NodeIndex n = data_[i];
        if (n == self_) continue;
        Follower f;
        f.ordinal = static_cast<int>(i);
        f.next = log_.head() + 1;
        f.last_ack_ns = ns(ctx.now());  // in sync until shown otherwise
        followers_[n] = f;
        ship(ctx, n, followers_[n]);    // learn where each replica stands
    }
    publish();
}

// ---- replica ----

void DataNode::adopt(Context& ctx, std::uint64_t term, NodeIndex primary) {
    if (term < term_) return;
    if (!heard_term_) {  // the first term heard since a restart: this node may have led it before
        heard_term_ = true;
        lead_after_term_ = std::max(lead_after_term_, term);
    }
    // Named primary of a term it may have led before a restart, the node declines: the monitor
    // sees a primary that does not lead and promotes the most up-to-date node in a new term.
    const bool lead = primary == self_ && term > lead_after_term_;
    if (term == term_ && primary == primary_ && lead == is_primary_) return;
    if (term > term_) check_tail_ = true;  // entries from the old term may not be in the new primary's log
    term_ = term;
    primary_ = primary;
    if (lead && !is_primary_) become_primary(ctx);
    else if (!lead && is_primary_) demote(ctx);
    publish();
}

void DataNode::recover(Context& ctx) {
    recovering_ = true;
    m_->nodes[static_cast<std::size_t>(ordinal_)].recovering = true;
    heard_term_ = false;
    m_->nodes[static_cast<std::size_t>(ordinal_)].log_clear();  // the gauges still show the last instance's log
    auto loaded = std::make_shared<LoadedLog>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    const std::size_t capacity = log_.capacity();
    job.compute = [db, loaded, capacity] { db->with([&](sqlite3* conn) { *loaded = kv_load_log(conn, capacity); }); };
    job.done = [this, loaded](Nanos) {
        log_.reset_to(loaded->base);
        m_->nodes[static_cast<std::size_t>(ordinal_)].log_reset(loaded->base.pos, loaded->base.commit_ns);
        for (const LogEntry& e : loaded->entries) append_to_log(e);
        // The database holds exactly the entries it applied.
        note_applied(log_.head(), log_.head() == 0 ? 0 : log_.at(log_.head()).version);
        term_ = std::max(term_, applied_term());
        lead_after_term_ = std::max(lead_after_term_, term_);
        recovering_ = false;
        m_->nodes[static_cast<std::size_t>(ordinal_)].recovering = false;
        publish();
    };
    ctx.execute(std::move(job));
}

void DataNode::note_applied(std::uint64_t pos, std::uint64_t version) {
    if (pos > done_pos_) {
        done_pos_ = pos;
        done_version_ = version;
    }
    if (resync_) return;  // a wipe or snapshot install was shed: nothing counts as applied until it is redone
    std::uint64_t upto = done_pos_, upto_version = done_version_;
    if (!unapplied_.empty() && unapplied_.begin()->first <= upto) {
        upto = unapplied_.begin()->first - 1;
        upto_version = upto > 0 && log_.knows(upto) ? log_.at(upto).version : applied_version_;
    }
    if (upto <= applied_) return;
    applied_ = upto;
    applied_version_ = upto_version;
    rebuilding_ = false;
}

void DataNode::retry_shed(Context& ctx) {
    if (resync_ && !is_primary_) {
        // As for a diverged log: wipe, and tell the primary this node holds nothing.
        apply(ctx, {}, nullptr);
        if (primary_ != kNoNode) ctx.send(primary_, kAppendAck, 0, pack(AppendAck{term_, applied_, log_.head(), 1}));
    }
    for (auto& [first, u] : unapplied_) {
        if (u.retrying) continue;
        u.retrying = true;
        apply(ctx, u.entries, [this, first = first] {
            auto it = unapplied_.find(first);
            if (it == unapplied_.end()) return;
            std::function<void()> done = std::move(it->second.done);
            unapplied_.erase(it);
            if (done) done();
        });
    }
}

std::string DataNode::name_of(NodeIndex n) const {
    for (std::size_t i = 0; i < data_.size(); ++i) {
        if (data_[i] == n) return data_node_name(static_cast<int>(i));
    }
    return "node " + std::to_string(n);
}

void DataNode::demote(Context& ctx) {
    // A deposed primary may hold writes the new primary never got: it drops its data and
    // copies the new primary's again (the log from the start, or a snapshot once the start has
    // left the backlog).
    is_primary_ = false;
    followers_.clear();
    pending_.clear();  // never answered: the clients record them as unknown (:info)
    for (const WaitingRead& r : waiting_reads_) {  // no longer this node's to answer
        if (r.reply_type != kReadReply) continue;
        ReadReply refused;
        refused.not_primary = 1;
        ctx.send(r.from, r.reply_type, r.id, pack(refused));
    }
    waiting_reads_.clear();
    apply(ctx, {}, nullptr);
}

void DataNode::on_append(Context& ctx, const Message& msg) {
    AppendHeader h;
    std::vector<LogEntry> entries;
    if (cfg_->mode == Mode::Quorum || !unpack_append(msg.body, h, entries)) return;
    const auto ack = [&](std::uint8_t gap) {
        AppendAck a{term_, applied_, log_.head(), gap};
        ctx.send(msg.from, kAppendAck, 0, pack(a));
    };
    if (h.term < term_) {
        ack(0);  // tells a deposed primary it is stale
        return;
    }
    if (h.term > term_ || msg.from != primary_) adopt(ctx, h.term, msg.from);
    if (is_primary_) return;
    const std::uint64_t received = log_.head();
    if (h.prev > received) {
        ack(1);
        return;
    }
    // Log matching: an entry here that differs from the primary's at the same position, or (first
    // append of a new term) entries past what the primary sent, come from a deposed primary's tail.
    // An entry this node no longer holds (older than its backlog) cannot be matched: it starts
    // over, from a snapshot when the primary's backlog does not reach back far enough either.
    const auto same = [&](std::uint64_t pos, std::uint64_t version, std::int64_t commit_ns) {
        return log_.knows(pos) && log_.at(pos).version == version && log_.at(pos).commit_ns == commit_ns;
    };
    bool diverged = (h.prev > 0 && !same(h.prev, h.prev_version, h.prev_commit_ns)) ||
                    (check_tail_ && received > h.prev + h.count);
    for (const LogEntry& e : entries) diverged = diverged || (e.pos <= received && !same(e.pos, e.version, e.commit_ns));
    check_tail_ = false;
    if (diverged) {
        apply(ctx, {}, nullptr);  // wipe
        ack(1);                   // received 0: the primary resends from position 1
        return;
    }
    // The log matches the primary's up to the last entry sent: what the primary counts as
    // replicated there is replicated here too, and reads waiting for it may go.
    const std::uint64_t matched = std::min<std::uint64_t>(h.replicated, h.prev + h.count);
    if (matched > known_replicated_) {
        known_replicated_ = matched;
        if (!waiting_reads_.empty()) serve_waiting_reads(ctx);
    }
    std::vector<LogEntry> fresh;
    for (const LogEntry& e : entries) {
        if (e.pos > log_.head()) {
            append_to_log(e);
            fresh.push_back(e);
        }
    }
    if (fresh.empty()) {
        ack(0);
        return;
    }
    publish();
    const std::uint64_t last = fresh.back().pos;
    const NodeIndex from = msg.from;
    const std::uint64_t last_version = fresh.back().version;
    std::vector<std::int64_t> commits;
    for (const LogEntry& e : fresh) commits.push_back(e.commit_ns);
    apply(ctx, std::move(fresh), [this, &ctx, last, last_version, from, commits] {
        note_applied(last, last_version);
        const std::int64_t now = ns(ctx.now());
        for (std::int64_t c : commits) {
            if (c < copying_before_ns_) continue;
            const std::int64_t lag = std::max<std::int64_t>(0, now - c);
            m_->apply_lag_ns.record(static_cast<std::uint64_t>(lag));
            m_->nodes[static_cast<std::size_t>(ordinal_)].note_applied_lag(lag);
        }
        publish();
        AppendAck a{term_, applied_, log_.head(), 0};
        ctx.send(from, kAppendAck, 0, pack(a));
    });
}

void DataNode::on_snapshot(Context& ctx, const Message& msg) {
    SnapshotHeader h;
    auto store = std::make_shared<StoreSnapshot>();
    if (cfg_->mode == Mode::Quorum || !unpack_snapshot(msg.body, h, *store)) return;
    if (h.term < term_) {
        ctx.send(msg.from, kAppendAck, 0, pack(AppendAck{term_, applied_, log_.head(), 0}));  // tells a deposed primary it is stale
        return;
    }
    if (h.term > term_ || msg.from != primary_) adopt(ctx, h.term, msg.from);
    if (is_primary_) return;
    const LogEntry& at = h.at;
    if (at.pos > 0 && log_.knows(at.pos) && log_.at(at.pos).version == at.version &&
        log_.at(at.pos).commit_ns == at.commit_ns) {
        // Already holds that entry, so everything before it (a duplicate, or caught up meanwhile).
        ctx.send(msg.from, kAppendAck, 0, pack(AppendAck{term_, applied_, log_.head(), 0}));
        return;
    }
    // Everything up to the snapshot is replaced: the store, the log (it goes on after `at`), the
    // keys' latest values. Jobs queued before it are void, those queued after run on the new store.
    begin_rebuild(ctx);
    check_tail_ = false;
    log_.reset_to(at);
    m_->nodes[static_cast<std::size_t>(ordinal_)].log_reset(at.pos, at.commit_ns);
    for (const StoreRow& r : store->keys) keys_[r.key] = {r.value, r.version};
    publish();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, store, at, m = m_, ordinal = ordinal_] {
        db->with([&](sqlite3* conn) { kv_install_snapshot(conn, *store, at); });
        ++m->nodes[static_cast<std::size_t>(ordinal)].ledger_resets;
    };
    const std::uint64_t gen = generation_;
    const NodeIndex from = msg.from;
    job.done = [this, &ctx, gen, h, from](Nanos) {
        if (gen != generation_) return;
        note_applied(h.at.pos, h.at.version);
        // Counted here, where it happened: a snapshot lost on the way (a dead or cut-off
        // replica), a duplicate, or one whose install was shed is no resync.
        m_->full_resyncs.add();
        m_->note_event(ns(ctx.now()), data_node_name(ordinal_) + " needs log position " + std::to_string(h.needed) +
                                          ", older than " + name_of(from) + "'s backlog (positions " +
                                          std::to_string(h.backlog_first) + " to " + std::to_string(h.backlog_last) +
                                          ", backlog_entries " + std::to_string(h.backlog_entries) +
                                          "): full resync from a snapshot at position " + std::to_string(h.at.pos));
        publish();
        ctx.send(from, kAppendAck, 0, pack(AppendAck{term_, applied_, log_.head(), 0}));
    };
    job.shed = [this, gen] {
        if (gen != generation_) return;
        ++apply_sheds_;
        resync_ = true;  // not installed: copied again from the start
    };
    ctx.execute(std::move(job));
}

// ---- both ----

void DataNode::begin_rebuild(Context& ctx) {
    ++generation_;                       // jobs queued before this are void
    unapplied_.clear();
    done_pos_ = done_version_ = 0;
    resync_ = false;
    copying_before_ns_ = ns(ctx.now());  // entries committed before now are a copy, not lag
    keys_.clear();
    applied_ = 0;
    applied_version_ = 0;
    rebuilding_ = true;
}

void DataNode::append_to_log(const LogEntry& e) {
    log_.push(e);
    m_->nodes[static_cast<std::size_t>(ordinal_)].log_append(e.pos, e.commit_ns);
    KeyState& k = keys_[e.key];
    if (e.version > k.version) k = {e.value, e.version};
}

void DataNode::apply(Context& ctx, std::vector<LogEntry> entries, std::function<void()> done) {
    const bool wipe = entries.empty() && !done;
    if (wipe) {
        begin_rebuild(ctx);
        log_.clear();
        m_->nodes[static_cast<std::size_t>(ordinal_)].log_clear();
        publish();
    }
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    auto kept = std::make_shared<const std::vector<LogEntry>>(std::move(entries));
    job.compute = [db, wipe, kept, m = m_, ordinal = ordinal_] {
        db->with([&](sqlite3* conn) {
            if (wipe) kv_wipe(conn);
            else kv_apply(conn, *kept);
        });
        if (wipe) ++m->nodes[static_cast<std::size_t>(ordinal)].ledger_resets;
    };
    const std::uint64_t gen = generation_;
    auto then = std::make_shared<std::function<void()>>(std::move(done));
    job.done = [this, gen, then](Nanos) {
        if (*then && gen == generation_) (*then)();
    };
    // Not applied: kept for the ship tick (an apply), or the store copied again (a wipe).
    job.shed = [this, gen, wipe, kept, then] {
        if (gen != generation_) return;
        ++apply_sheds_;
        if (wipe) {
            resync_ = true;
            return;
        }
        auto it = unapplied_.find(kept->front().pos);
        if (it != unapplied_.end()) it->second.retrying = false;  // a retry shed again
        else unapplied_[kept->front().pos] = Unapplied{*kept, *then, false};
    };
    ctx.execute(std::move(job));
}

void DataNode::on_quorum_write(Context& ctx, const Message& msg) {
    LogEntry e;
    if (!unpack(msg.body, e)) return;
    auto result = std::make_shared<ReadReply>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, e, result] {
        db->with([&](sqlite3* conn) {
            kv_apply(conn, {e});
            *result = kv_read(conn, e.key);
        });
    };
    const NodeIndex from = msg.from;
    const std::uint64_t id = msg.id;
    job.done = [&ctx, from, id, result](Nanos) { ctx.send(from, kQuorumWriteAck, id, pack(*result)); };
    ctx.execute(std::move(job));
}

}  // namespace archlab::replication
