#include "labs/partitioning/shard_node.h"

#include <optional>

#include "labs/partitioning/shard_store.h"

namespace archlab::partlab {

ShardNode::ShardNode(int ordinal, std::shared_ptr<PartConfig> cfg, std::shared_ptr<PartMetrics> metrics,
                     std::shared_ptr<MapBook> book, std::shared_ptr<SqlitePool> db)
    : ordinal_(ordinal), id_(shard_name(ordinal)), cfg_(std::move(cfg)), m_(std::move(metrics)),
      book_(std::move(book)), db_(std::move(db)) {}

void ShardNode::start(Context& ctx) {
    coordinator_ = ctx.lookup("router");
    // The map from the config store: what is committed, and whether a migration runs (a shard
    // restarted in the middle of one goes on moving what it still holds).
    committed_ = book_->committed_epoch();
    cmap_ = book_->version(committed_);
    auto keys = std::make_shared<std::vector<std::string>>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, keys] { db->with([&](sqlite3* conn) { *keys = store_keys(conn); }); };
    job.done = [this, &ctx, keys](Nanos) {
        index_.insert(keys->begin(), keys->end());
        recovering_ = false;
        publish();
        const std::uint64_t target = book_->target_epoch();
        if (target > committed_ && cmap_->has(id_)) {
            start_migration(ctx, target, cfg_->migrate_rate / double(cmap_->shards().size()));
        }
        while (!held_.empty()) {
            auto fn = std::move(held_.front());
            held_.pop_front();
            fn(ctx);
        }
    };
    ctx.execute(std::move(job));
}

void ShardNode::publish() { m_->shards[static_cast<std::size_t>(ordinal_ - 1)].keys = std::int64_t(index_.size()); }

void ShardNode::on_message(Context& ctx, const Message& msg) {
    if (recovering_) {
        held_.push_back([this, msg](Context& c) { on_message(c, msg); });
        return;
    }
    switch (msg.type) {
        case kOp: {
            OpRequest req;
            std::string_view tail;
            std::vector<std::string> keys;
            if (!unpack(msg.body, req, &tail) || !decode_keys(tail, keys) || keys.empty()) return;
            const NodeIndex from = msg.from;
            const std::uint64_t id = msg.id;
            serve(ctx, req, keys[0], keys.size() > 1 ? keys[1] : std::string(),
                  [from, id](Context& c, const OpReply& r, std::string rows) { c.send(from, kOpReply, id, pack(r, rows)); });
            break;
        }
        case kBegin: on_begin(ctx, msg); break;
        case kCommit: {
            EpochMsg e;
            if (unpack(msg.body, e)) adopt_commit(e.epoch);
            break;
        }
        case kBatch: on_batch(ctx, msg); break;
        case kBatchAck: on_batch_ack(ctx, msg); break;
        case kStatsQuery: on_stats_query(ctx, msg); break;
        default: break;
    }
}

void ShardNode::adopt_commit(std::uint64_t epoch) {
    // Any epoch a router or client names is committed (they learn only committed maps).
    if (epoch <= committed_ || epoch > book_->committed_epoch()) return;
    MapPtr v = book_->version(epoch);
    if (!v) return;
    committed_ = epoch;
    cmap_ = std::move(v);
    if (target_ != 0 && target_ <= epoch) {  // its migration is over: every source reported done
        target_ = 0;
        tmap_.reset();
        outgoing_.clear();
    }
}

void ShardNode::redirect(Context& ctx, OpStatus how, const std::string& shard, const Reply& reply) const {
    OpReply r;
    r.status = how;
    r.epoch = committed_;
    r.shard = static_cast<std::uint16_t>(shard_ordinal(shard));
    reply(ctx, r, {});
}

bool ShardNode::moving_away(const std::string& key) const { return target_ != 0 && tmap_->owner(key) != id_; }

void ShardNode::serve(Context& ctx, const OpRequest& req, const std::string& key, const std::string& end, Reply reply) {
    if (recovering_) {
        held_.push_back([this, req, key, end, reply = std::move(reply)](Context& c) mutable {
            serve(c, req, key, end, std::move(reply));
        });
        return;
    }
    if (req.epoch > committed_) adopt_commit(req.epoch);
    if (req.kind == OpKind::Scan) {
        serve_scan(ctx, req, key, end, std::move(reply));
        return;
    }
    if (!req.asking) {
        const std::string& owner = cmap_->owner(key);
        if (owner != id_) {
            redirect(ctx, OpStatus::Moved, owner, reply);
            return;
        }
        if (moving_away(key)) {
            if (index_.count(key) == 0) {  // moved already, or new: its new owner has it
                redirect(ctx, OpStatus::Ask, tmap_->owner(key), reply);
                return;
            }
            if (req.kind == OpKind::Write && in_flight_.count(key) != 0) {
                parked_[key].push_back(Parked{req, key, std::move(reply)});  // answered Ask once the batch is in
                return;
            }
        }
    }
    serve_local(ctx, req, key, std::move(reply));
}

void ShardNode::serve_local(Context& ctx, const OpRequest& req, const std::string& key, Reply reply) {
    m_->shards[static_cast<std::size_t>(ordinal_ - 1)].requests.add();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    if (req.kind == OpKind::Read) {
        auto found = std::make_shared<std::optional<Row>>();
        job.compute = [db, key, found] { db->with([&](sqlite3* conn) { *found = store_read(conn, key); }); };
        job.done = [&ctx, found, reply = std::move(reply)](Nanos) {
            OpReply r;
            r.status = *found ? OpStatus::Ok : OpStatus::NotFound;
            if (*found) r.value = (*found)->value;
            reply(ctx, r, {});
        };
    } else {
        ++writes_pending_;
        const Row row{key, req.value, static_cast<std::uint64_t>(req.value)};
        job.compute = [db, row] { db->with([&](sqlite3* conn) { store_upsert(conn, {row}); }); };
        job.done = [this, &ctx, key, reply = std::move(reply)](Nanos) {
            --writes_pending_;
            if (index_.insert(key).second) publish();
            note_key(key);
            reply(ctx, OpReply{}, {});  // acknowledged: it is in the database
            maybe_done(ctx);
        };
        // Not written: no answer (the router times it out), and a migration waiting for the
        // writes under way goes on.
        job.shed = [this, &ctx] {
            --writes_pending_;
            maybe_done(ctx);
        };
    }
    ctx.execute(std::move(job));
}

void ShardNode::serve_scan(Context& ctx, const OpRequest& req, const std::string& lo, const std::string& hi, Reply reply) {
    if (!req.asking && req.epoch < committed_) {  // planned on an old map: plan again
        redirect(ctx, OpStatus::Moved, id_, reply);
        return;
    }
    m_->shards[static_cast<std::size_t>(ordinal_ - 1)].requests.add();
    auto rows = std::make_shared<std::vector<Row>>();
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    auto db = db_;
    job.compute = [db, lo, hi, rows] { db->with([&](sqlite3* conn) { *rows = store_scan(conn, lo, hi); }); };
    job.done = [this, &ctx, rows, reply = std::move(reply)](Nanos) {
        OpReply r;
        r.rows = static_cast<std::uint32_t>(rows->size());
        r.epoch = target_;  // migrating: the router asks the new owners of the range too
        reply(ctx, r, encode_rows(*rows));
    };
    ctx.execute(std::move(job));
}

}  // namespace archlab::partlab
