#include "labs/partitioning/coordinator.h"

#include "core/lab/settings.h"
#include "labs/partitioning/part_messages.h"

namespace archlab::partlab {

namespace {
constexpr std::uint32_t kSlotsPerMove = 1024;  ///< move-slots: slots handed over at once
constexpr int kRepeatEvery = 4;                ///< ticks between repeats of Begin / the committed epoch
}  // namespace

Coordinator::Coordinator(std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics,
                         std::shared_ptr<MapBook> book)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), book_(std::move(book)) {}

void Coordinator::start(Context& ctx) {
    const std::uint64_t target = book_->target_epoch();
    if (target != 0) {  // restarted mid-migration: ask every source again
        for (const std::string& s : book_->committed()->shards()) send_begin(ctx, s);
    }
    kick(ctx);
}

RebalanceRecord* Coordinator::record(std::uint64_t to_epoch) {
    for (RebalanceRecord& r : m_->rebalances) {
        if (r.to_epoch == to_epoch) return &r;
    }
    return nullptr;
}

void Coordinator::kick(Context& ctx) {
    if (planning_ || book_->target_epoch() != 0) return;
    RebalanceRequest r;
    while (!planning_ && book_->target_epoch() == 0 && book_->pop_request(r)) plan(ctx, r);
}

std::string Coordinator::spare() const {
    const MapPtr c = book_->committed();
    for (int i = 1; i <= cfg_->shard_nodes(); ++i) {
        if (!c->has(shard_name(i))) return shard_name(i);
    }
    return {};
}

void Coordinator::reject(Context& ctx, const std::string& action, const std::string& reason) {
    RebalanceRecord rec;
    rec.action = action;
    rec.status = "rejected";
    rec.reason = reason;
    rec.started_s = to_s(ctx.now());
    rec.ended_s = rec.started_s;
    std::lock_guard lock(m_->log_mu);
    m_->rebalances.push_back(rec);
}

void Coordinator::plan(Context& ctx, const RebalanceRequest& r) {
    const MapPtr c = book_->committed();
    const bool range = cfg_->strategy == "range";
    const bool shard_target = r.target.rfind("shard-", 0) == 0;
    if (r.action == "add-shard" || r.action == "split") {
        if (r.action == "add-shard" && shard_target && c->has(r.target)) {
            return reject(ctx, r.text(), r.target + " is in the map already");
        }
        const std::string fresh = r.action == "add-shard" && shard_target ? r.target : spare();
        if (fresh.empty()) return reject(ctx, r.text(), "no spare shard node left (raise spare_shards)");
        if (r.action == "split" && !range) return reject(ctx, r.text(), "split needs the range strategy");
        if (r.action == "split" && !c->has(r.target)) return reject(ctx, r.text(), r.target + " is not in the map");
        if (!range) return begin(ctx, r.text(), MapOp{MapOp::Kind::Add, fresh, {}, {}, 0, 0});
        // Range grows by splitting a shard at its median key: ask the shard (add-shard: every
        // shard, to split the fullest) for its key count and median.
        planning_ = true;
        planning_ticks_ = 0;
        stats_for_ = r;
        stats_.clear();
        stats_due_.clear();
        ++stats_round_;
        for (const std::string& s : c->shards()) {
            if (r.action == "split" && s != r.target) continue;
            stats_due_.insert(s);
            ctx.send(ctx.lookup(s), kStatsQuery, stats_round_, pack(EpochMsg{c->epoch()}));
        }
        return;
    }
    if (r.action == "remove-shard") {
        if (!shard_target || !c->has(r.target)) return reject(ctx, r.text(), r.target + " is not in the map");
        if (c->shards().size() < 2) return reject(ctx, r.text(), "the last shard cannot go");
        return begin(ctx, r.text(), MapOp{MapOp::Kind::Remove, r.target, {}, {}, 0, 0});
    }
    if (r.action == "move-slots") {
        if (cfg_->strategy != "hash-slot") return reject(ctx, r.text(), "move-slots needs the hash-slot strategy");
        if (!shard_target || !c->has(r.target)) return reject(ctx, r.text(), r.target + " is not in the map");
        std::string fullest;
        for (const std::string& s : c->shards()) {
            if (s != r.target && (fullest.empty() || c->slot_count(s) > c->slot_count(fullest))) fullest = s;
        }
        if (fullest.empty()) return reject(ctx, r.text(), "no other shard has slots to give");
        const auto [first, last] = c->top_slots(fullest, kSlotsPerMove);
        if (first > last) return reject(ctx, r.text(), fullest + " has no slots");
        return begin(ctx, r.text(), MapOp{MapOp::Kind::MoveSlots, r.target, {}, {}, first, last});
    }
    reject(ctx, r.text(), "unknown rebalance action");
}

void Coordinator::on_stats(Context& ctx, const Message& msg) {
    StatsHeader h;
    std::string_view tail;
    std::vector<std::string> keys;
    if (!planning_ || msg.id != stats_round_ || !unpack(msg.body, h, &tail) || !decode_keys(tail, keys)) return;
    const std::string& from = ctx.name(msg.from);
    if (stats_due_.erase(from) == 0) return;
    stats_[from] = {h.keys, keys.empty() ? std::string() : keys[0]};
    if (!stats_due_.empty()) return;
    planning_ = false;
    std::string fullest;
    for (const auto& [s, st] : stats_) {
        if (fullest.empty() || st.first > stats_[fullest].first) fullest = s;
    }
    const auto& [count, median] = stats_[fullest];
    if (count < 2) {
        reject(ctx, stats_for_.text(), fullest + " holds " + std::to_string(count) + " key(s): too few to split");
    } else {
        const bool named = stats_for_.action == "add-shard" && !stats_for_.target.empty();
        begin(ctx, stats_for_.text(), MapOp{MapOp::Kind::Split, fullest, named ? stats_for_.target : spare(), median, 0, 0});
    }
    kick(ctx);
}

void Coordinator::begin(Context& ctx, const std::string& action, const MapOp& op) {
    MapPtr target;
    try {
        target = book_->begin(op);
    } catch (const InputError& e) {
        return reject(ctx, action, e.what());
    }
    RebalanceRecord rec;
    rec.action = action;
    rec.op = op.describe();
    rec.status = "running";
    rec.to_epoch = target->epoch();
    rec.started_s = to_s(ctx.now());
    {
        std::lock_guard lock(m_->log_mu);
        m_->rebalances.push_back(rec);
    }
    m_->rebalancing = true;
    done_.clear();
    for (const std::string& s : book_->committed()->shards()) send_begin(ctx, s);
}

void Coordinator::send_begin(Context& ctx, const std::string& shard) {
    const MapPtr c = book_->committed();
    Migration mig;
    mig.from = c->epoch();
    mig.to = book_->target_epoch();
    mig.rate_mkeys_per_s = static_cast<std::uint64_t>(cfg_->migrate_rate * 1e3 / double(c->shards().size()));
    ctx.send(ctx.lookup(shard), kBegin, 0, pack(mig));
}

bool Coordinator::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kStats) {
        on_stats(ctx, msg);
        return true;
    }
    if (msg.type != kDone) return false;
    Done d;
    if (!unpack(msg.body, d) || d.to == 0 || d.to != book_->target_epoch()) return true;
    done_[ctx.name(msg.from)] = d.keys_before;
    for (const std::string& s : book_->committed()->shards()) {
        if (done_.count(s) == 0) return true;
    }
    commit(ctx);
    return true;
}

void Coordinator::commit(Context& ctx) {
    const MapPtr from = book_->committed();
    const MapPtr to = book_->version(book_->target_epoch());
    book_->commit();
    m_->epoch = to->epoch();
    m_->rebalancing = false;
    std::vector<std::pair<std::string, std::uint64_t>> keys_before(done_.begin(), done_.end());
    {
        std::lock_guard lock(m_->log_mu);
        if (RebalanceRecord* rec = record(to->epoch())) {
            rec->status = "done";
            rec->ended_s = to_s(ctx.now());
            rec->keys_before = 0;
            for (const auto& [s, n] : keys_before) rec->keys_before += n;
            rec->expected_fraction = expected_moved_fraction(*from, *to, to->ops().back(), keys_before);
        }
    }
    done_.clear();
    broadcast_epoch(ctx);
    kick(ctx);
}

void Coordinator::broadcast_epoch(Context& ctx) {
    const std::string body = pack(EpochMsg{book_->committed_epoch()});
    for (int i = 1; i <= cfg_->shard_nodes(); ++i) ctx.send(ctx.lookup(shard_name(i)), kCommit, 0, body);
    if (cfg_->routing == Routing::Client) ctx.send(ctx.lookup("client"), kCommit, 0, body);
}

void Coordinator::tick(Context& ctx) {
    if (planning_ && ++planning_ticks_ > 4 * kRepeatEvery) {  // a shard asked for its key count is down
        planning_ = false;
        reject(ctx, stats_for_.text(), "no key count from every shard asked (is one down?)");
    }
    if (++ticks_ % kRepeatEvery != 0) return;
    if (book_->target_epoch() != 0) {
        for (const std::string& s : book_->committed()->shards()) {
            if (done_.count(s) == 0) send_begin(ctx, s);
        }
    } else {
        broadcast_epoch(ctx);
    }
    kick(ctx);
}

}  // namespace archlab::partlab
