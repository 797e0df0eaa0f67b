// The shard's migration side: moving the keys it loses to their new owners, and taking in the
// keys it gains. Batches go at the shard's share of migrate_rate; a batch unacknowledged for
// kResendAfter is sent again (its rows are applied by version, so twice is harmless).
#include <algorithm>
#include <cmath>

#include "labs/partitioning/shard_node.h"
#include "labs/partitioning/shard_store.h"

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kBatchTimer = 1;
constexpr double kBatchPeriod_ms = 50.0;
constexpr double kResendAfter_ms = 500.0;
constexpr std::size_t kMaxBatchKeys = 500;  ///< keys per tick, whatever the rate
}  // namespace

void ShardNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kBatchTimer) return;
    batch_timer_on_ = false;
    if (target_ == 0) return;
    send_batches(ctx);
    const std::int64_t now = ctx.now().count();
    for (auto& [id, b] : batches_) {
        if (b.sent_ns != 0 && now - b.sent_ns > from_ms(kResendAfter_ms).count()) send_batch(ctx, id, b);
    }
    batch_timer_on_ = true;
    ctx.set_timer(from_ms(kBatchPeriod_ms), kBatchTimer);
}

void ShardNode::on_begin(Context& ctx, const Message& msg) {
    Migration mig;
    if (!unpack(msg.body, mig) || mig.to <= committed_) return;
    adopt_commit(mig.from);  // a migration starts from a committed map
    if (target_ == mig.to) {  // asked again: say where it stands
        done_sent_ = 0;
        maybe_done(ctx);
        return;
    }
    start_migration(ctx, mig.to, double(mig.rate_mkeys_per_s) / 1e3);
}

void ShardNode::start_migration(Context& ctx, std::uint64_t to, double rate_keys_per_s) {
    target_ = to;
    tmap_ = book_->version(to);
    rate_keys_per_s_ = rate_keys_per_s;
    budget_ = 0.0;
    keys_before_ = index_.size();
    outgoing_.clear();
    for (const std::string& k : index_) note_key(k);
    if (!batch_timer_on_) {
        batch_timer_on_ = true;
        ctx.set_timer(from_ms(kBatchPeriod_ms), kBatchTimer);
    }
    maybe_done(ctx);
}

void ShardNode::note_key(const std::string& key) {
    if (target_ != 0 && tmap_->owner(key) != id_ && in_flight_.count(key) == 0) outgoing_.insert(key);
}

void ShardNode::send_batches(Context& ctx) {
    const double per_tick = rate_keys_per_s_ * kBatchPeriod_ms / 1e3;
    budget_ = std::min(budget_ + per_tick, std::max(per_tick, 1.0) * 2.0);
    std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::floor(budget_)), kMaxBatchKeys);
    n = std::min(n, outgoing_.size());
    if (n == 0) return;
    budget_ -= double(n);
    // One batch per new owner, keys in key order.
    std::map<std::string, std::vector<std::string>> by_owner;
    for (std::size_t i = 0; i < n; ++i) {
        auto it = outgoing_.begin();
        by_owner[tmap_->owner(*it)].push_back(*it);
        outgoing_.erase(it);
    }
    for (auto& [owner, keys] : by_owner) {
        const std::uint64_t id = next_batch_++;
        for (const std::string& k : keys) in_flight_[k] = id;
        BatchOut& b = batches_[id];
        b.to = ctx.lookup(owner);
        b.keys = keys;
        // Read the rows on the worker thread, after every write queued before (writes to these
        // keys that come from now on wait for the acknowledgement).
        auto rows = std::make_shared<std::vector<Row>>();
        Job job;
        job.hold = from_ms(cfg_->db_ms);
        auto db = db_;
        job.compute = [db, keys = std::move(keys), rows] { db->with([&](sqlite3* conn) { *rows = store_rows(conn, keys); }); };
        job.done = [this, &ctx, id, rows](Nanos) {
            auto it = batches_.find(id);
            if (it == batches_.end()) return;
            it->second.rows = std::move(*rows);
            send_batch(ctx, id, it->second);
        };
        // Not read: the keys stay here and go in a later batch; writes that waited for them are
        // served here, in the order they came.
        job.shed = [this, &ctx, id] {
            m_->migration_jobs_shed.add();
            auto it = batches_.find(id);
            if (it == batches_.end()) return;
            const std::vector<std::string> back = std::move(it->second.keys);
            batches_.erase(it);
            for (const std::string& k : back) {
                in_flight_.erase(k);
                note_key(k);
                auto p = parked_.find(k);
                if (p == parked_.end()) continue;
                std::vector<Parked> waiting = std::move(p->second);
                parked_.erase(p);
                for (Parked& w : waiting) serve_local(ctx, w.req, w.key, std::move(w.reply));
            }
            maybe_done(ctx);
        };
        ctx.execute(std::move(job));
    }
}

void ShardNode::send_batch(Context& ctx, std::uint64_t id, BatchOut& b) {
    b.sent_ns = ctx.now().count();
    m_->migration_batches.add();
    ctx.send(b.to, kBatch, id, pack(BatchHeader{target_, id}, encode_rows(b.rows)));
}

void ShardNode::on_batch(Context& ctx, const Message& msg) {
    BatchHeader h;
    std::string_view tail;
    std::vector<Row> rows;
    if (!unpack(msg.body, h, &tail) || !decode_rows(tail, rows)) return;
    const NodeIndex from = msg.from;
    if (h.to <= committed_) {  // a late copy of a batch from a migration that is over: it is in already
        ctx.send(from, kBatchAck, msg.id, pack(h));
        return;
    }
    auto keys = std::make_shared<std::vector<std::string>>();
    for (const Row& r : rows) keys->push_back(r.key);
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, rows = std::move(rows)] { db->with([&](sqlite3* conn) { store_upsert(conn, rows); }); };
    job.done = [this, &ctx, keys, from, h, id = msg.id](Nanos) {
        for (const std::string& k : *keys) index_.insert(k);
        publish();
        ctx.send(from, kBatchAck, id, pack(h));
    };
    // Not stored: no acknowledgement, so the source's timer sends the batch again.
    job.shed = [m = m_] { m->migration_jobs_shed.add(); };
    ctx.execute(std::move(job));
}

void ShardNode::on_batch_ack(Context& ctx, const Message& msg) {
    BatchHeader h;
    if (!unpack(msg.body, h) || h.to != target_) return;
    auto it = batches_.find(h.batch);
    if (it == batches_.end() || it->second.sent_ns == 0) return;  // acknowledged before (a duplicate)
    auto keys = std::make_shared<std::vector<std::string>>(it->second.keys);
    const std::uint64_t moved = it->second.rows.size();
    const std::string owner = ctx.name(it->second.to);
    auto saved = std::make_shared<BatchOut>(std::move(it->second));
    batches_.erase(it);
    // The new owner has them: drop them here, then send the writes that waited on to it.
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, keys] { db->with([&](sqlite3* conn) { store_erase(conn, *keys); }); };
    job.done = [this, &ctx, keys, moved, owner, to = h.to](Nanos) {
        for (const std::string& k : *keys) {
            index_.erase(k);
            in_flight_.erase(k);
            auto p = parked_.find(k);
            if (p == parked_.end()) continue;
            for (Parked& w : p->second) redirect(ctx, OpStatus::Ask, owner, w.reply);
            parked_.erase(p);
        }
        m_->note_moved(to, moved);
        publish();
        maybe_done(ctx);
    };
    // Not erased: the batch is back as sent, so the timer sends it again and its next
    // acknowledgement erases the rows.
    job.shed = [this, saved, id = h.batch, to = h.to] {
        m_->migration_jobs_shed.add();
        if (target_ == to) batches_.emplace(id, std::move(*saved));
    };
    ctx.execute(std::move(job));
}

void ShardNode::maybe_done(Context& ctx) {
    if (target_ == 0 || done_sent_ == target_) return;
    if (!outgoing_.empty() || !in_flight_.empty() || !batches_.empty() || writes_pending_ > 0) return;
    done_sent_ = target_;
    ctx.send(coordinator_, kDone, 0, pack(Done{target_, keys_before_}));
}

void ShardNode::on_stats_query(Context& ctx, const Message& msg) {
    std::string median;
    if (!index_.empty()) median = *std::next(index_.begin(), std::ptrdiff_t(index_.size() / 2));
    ctx.send(msg.from, kStats, msg.id, pack(StatsHeader{index_.size()}, encode_keys({median})));
}

}  // namespace archlab::partlab
