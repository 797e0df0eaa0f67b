#include "labs/caching/app_node.h"

namespace archlab::caching {

namespace {
constexpr Nanos kSweepEvery = std::chrono::milliseconds(500);
}  // namespace

void AppNode::start(Context& ctx) {
    db_ = ctx.lookup("db");
    cache_ = ctx.lookup("cache");
    ctx.set_timer(kSweepEvery, kSweepTag);
    // A fresh process: an in-process cache starts empty.
    if (local_) {
        flush_store(*local_);
        ctx.set_timer(kExpirySweepEvery, 0);
    }
}

void AppNode::on_message(Context& ctx, const Message& msg) {
    switch (msg.type) {
        case kRequest: on_request(ctx, msg); break;
        case kCacheValue: on_cache_value(ctx, msg); break;
        case kDbValue: on_db_value(ctx, msg); break;
        case kDbCommitted: on_committed(ctx, msg); break;
        default: break;
    }
}

void AppNode::on_request(Context& ctx, const Message& msg) {
    Op op;
    op.request = msg.id;
    op.reply_to = msg.from;
    op.started = ctx.now();
    if (!unpack(msg.body, op.header)) return;
    const std::uint64_t id = next_op_++;
    Op& o = ops_.emplace(id, op).first->second;
    const std::uint32_t key = o.header.key;
    if (o.header.write) {
        o.stage = Stage::db;
        o.outcome = Outcome::write;
        ctx.send(db_, kDbWrite, id, pack(KeyHeader{key}, value_));
        return;
    }
    if (local_) {
        const auto found = local_->locked([&](cache::CacheStore& s, Nanos t) { return s.get(key_name(key), t); });
        if (found) reply(ctx, id, Outcome::hit, found->version);
        else read_db(ctx, id, o, Outcome::miss);
        return;
    }
    if (ctx.now() < skip_cache_until_ || cache_ == kNoNode) {
        read_db(ctx, id, o, Outcome::bypass);
        return;
    }
    o.stage = Stage::cache;
    o.timer = ctx.set_timer(from_ms(cfg_->cache_timeout_ms), id);
    ctx.send(cache_, kCacheGet, id, pack(KeyHeader{key}));
}

void AppNode::read_db(Context& ctx, std::uint64_t op_id, Op& op, Outcome outcome) {
    op.stage = Stage::db;
    op.outcome = outcome;
    ctx.send(db_, kDbRead, op_id, pack(KeyHeader{op.header.key}));
}

void AppNode::on_cache_value(Context& ctx, const Message& msg) {
    auto it = ops_.find(msg.id);
    if (it == ops_.end() || it->second.stage != Stage::cache) return;  // timed out already
    CacheValueHeader h;
    if (!unpack(msg.body, h)) return;
    ctx.cancel_timer(it->second.timer);
    if (h.found) reply(ctx, msg.id, Outcome::hit, h.version);
    else read_db(ctx, msg.id, it->second, Outcome::miss);
}

void AppNode::sweep_abandoned(Context& ctx) {
    const Nanos limit = from_ms(cfg_->request_timeout_ms);
    const Nanos now = ctx.now();
    // Erasing sends nothing, so the map's order cannot show in the run.
    for (auto it = ops_.begin(); it != ops_.end();) {
        if (now - it->second.started > limit) {
            if (it->second.stage == Stage::cache) ctx.cancel_timer(it->second.timer);
            it = ops_.erase(it);
        } else {
            ++it;
        }
    }
}

void AppNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kSweepTag) {
        sweep_abandoned(ctx);
        ctx.set_timer(kSweepEvery, kSweepTag);
        return;
    }
    if (tag == 0) {  // active expiry of the local cache
        sweep_expired(*local_);
        ctx.set_timer(kExpirySweepEvery, 0);
        return;
    }
    auto it = ops_.find(tag);
    if (it == ops_.end() || it->second.stage != Stage::cache) return;
    skip_cache_until_ = ctx.now() + from_ms(cfg_->cache_retry_ms);
    read_db(ctx, tag, it->second, Outcome::bypass);
}

void AppNode::on_db_value(Context& ctx, const Message& msg) {
    auto it = ops_.find(msg.id);
    if (it == ops_.end()) return;
    VersionHeader v;
    std::string_view value;
    if (!unpack(msg.body, v, &value)) return;
    if (it->second.outcome == Outcome::miss) fill(ctx, it->second.header.key, v.version, value);
    reply(ctx, msg.id, it->second.outcome, v.version);
}

void AppNode::on_committed(Context& ctx, const Message& msg) {
    auto it = ops_.find(msg.id);
    if (it == ops_.end()) return;
    VersionHeader v;
    if (!unpack(msg.body, v)) return;
    const std::uint32_t key = it->second.header.key;
    switch (cfg_->current_write_policy()) {
        case WritePolicy::Invalidate: invalidate(ctx, key); break;
        case WritePolicy::WriteThrough: fill(ctx, key, v.version, value_); break;
        case WritePolicy::TtlOnly: break;
    }
    reply(ctx, msg.id, Outcome::write, v.version);
}

void AppNode::fill(Context& ctx, std::uint32_t key, std::uint64_t version, std::string_view value) {
    const Nanos ttl = cfg_->current_ttl();
    if (local_) {
        local_->locked([&](cache::CacheStore& s, Nanos t) {
            return s.set(key_name(key), std::string(value), fill_options(version, ttl), t);
        });
    } else if (cache_ != kNoNode) {
        CacheSetHeader h;
        h.key = key;
        h.version = version;
        h.ttl_ns = ttl.count();
        ctx.send(cache_, kCacheSet, 0, pack(h, value));
    }
}

void AppNode::invalidate(Context& ctx, std::uint32_t key) {
    if (local_) {
        local_->locked([&](cache::CacheStore& s, Nanos t) { return s.erase(key_name(key), t); });
    } else if (cache_ != kNoNode) {
        ctx.send(cache_, kCacheDel, 0, pack(KeyHeader{key}));
    }
}

void AppNode::reply(Context& ctx, std::uint64_t op_id, Outcome outcome, std::uint64_t version) {
    auto it = ops_.find(op_id);
    if (it == ops_.end()) return;
    ReplyHeader r;
    r.outcome = static_cast<std::uint8_t>(outcome);
    r.app = static_cast<std::uint16_t>(number_);
    r.client = it->second.header.client;
    r.version = version;
    ctx.send(it->second.reply_to, kReply, it->second.request, pack(r));
    ops_.erase(it);
}

}  // namespace archlab::caching
