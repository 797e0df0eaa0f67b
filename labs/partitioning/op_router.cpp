#include "labs/partitioning/op_router.h"

#include "labs/partitioning/part_config.h"

namespace archlab::partlab {

namespace {
constexpr std::uint16_t kMaxRedirects = 8;
}

OpRouter::OpRouter(std::shared_ptr<MapBook> book, std::shared_ptr<PartMetrics> metrics)
    : book_(std::move(book)), m_(std::move(metrics)), map_(book_->version(1)) {}

void OpRouter::learn(std::uint64_t epoch) {
    if (epoch <= map_->epoch() || epoch > book_->committed_epoch()) return;
    if (MapPtr v = book_->version(epoch)) map_ = std::move(v);
}

void OpRouter::submit(Context& ctx, OpKind kind, std::string key, std::string end, std::int64_t value, Finish done) {
    const std::uint64_t id = next_op_++;
    Op& op = ops_[id];
    op.kind = kind;
    op.key = std::move(key);
    op.end = std::move(end);
    op.value = value;
    op.done = std::move(done);
    op.started_ns = ctx.now().count();
    dispatch(ctx, id);
}

void OpRouter::dispatch(Context& ctx, std::uint64_t id) {
    Op& op = ops_.at(id);
    if (op.kind != OpKind::Scan) {
        send(ctx, id, map_->owner(op.key), false);
        return;
    }
    ++op.round;
    op.rows.clear();
    op.asked.clear();
    const std::vector<std::string> shards = map_->shards_for_range(op.key, op.end);
    op.asked.insert(shards.begin(), shards.end());
    op.outstanding = int(shards.size());
    for (const std::string& s : shards) send(ctx, id, s, false);
}

void OpRouter::send(Context& ctx, std::uint64_t id, const std::string& shard, bool asking) {
    const Op& op = ops_.at(id);
    OpRequest req;
    req.epoch = map_->epoch();
    req.value = op.value;
    req.kind = op.kind;
    req.asking = asking ? 1 : 0;
    const std::uint64_t sid = next_sent_++;
    sent_[sid] = {id, op.round};
    std::vector<std::string> keys{op.key};
    if (op.kind == OpKind::Scan) keys.push_back(op.end);
    ctx.send(ctx.lookup(shard), kOp, sid, pack(req, encode_keys(keys)));
}

bool OpRouter::count_redirect(Context& ctx, std::uint64_t id) {
    Op& op = ops_.at(id);
    if (++op.redirects <= kMaxRedirects) return true;
    OpReply r;
    r.status = OpStatus::Failed;
    r.cause = FailCause::TooManyRedirects;
    finish(ctx, id, r);
    return false;
}

bool OpRouter::on_reply(Context& ctx, const Message& msg) {
    const auto s = sent_.find(msg.id);
    if (s == sent_.end()) return false;
    const auto [id, round] = s->second;
    sent_.erase(s);
    OpReply r;
    std::string_view tail;
    if (ops_.count(id) == 0 || !unpack(msg.body, r, &tail)) return true;
    Op& op = ops_.at(id);
    if (op.kind == OpKind::Scan) {
        if (round == op.round) on_scan_reply(ctx, id, r, tail);
        return true;
    }
    switch (r.status) {
        case OpStatus::Moved:
            m_->moved.add();
            learn(r.epoch);
            if (count_redirect(ctx, id)) dispatch(ctx, id);
            break;
        case OpStatus::Ask:
            m_->asked.add();
            if (count_redirect(ctx, id)) send(ctx, id, shard_name(r.shard), true);
            break;
        default: finish(ctx, id, r); break;
    }
    return true;
}

void OpRouter::on_scan_reply(Context& ctx, std::uint64_t id, const OpReply& r, std::string_view tail) {
    Op& op = ops_.at(id);
    if (r.status == OpStatus::Moved) {  // planned on an old map: plan again on the shard's
        m_->moved.add();
        learn(r.epoch);
        if (count_redirect(ctx, id)) dispatch(ctx, id);
        return;
    }
    std::vector<Row> rows;
    decode_rows(tail, rows);
    for (const Row& row : rows) {  // a key caught mid-move may come from two shards: keep the newest
        auto [it, fresh] = op.rows.try_emplace(row.key, row.version);
        if (!fresh && row.version > it->second) it->second = row.version;
    }
    if (r.epoch != 0) {
        // The shard is moving keys out: the range's owners in the new map may hold some already.
        if (MapPtr target = book_->version(r.epoch)) {
            for (const std::string& s : target->shards_for_range(op.key, op.end)) {
                if (!op.asked.insert(s).second) continue;
                ++op.outstanding;
                send(ctx, id, s, true);
            }
        }
    }
    if (--op.outstanding > 0) return;
    OpReply done;
    done.rows = static_cast<std::uint32_t>(op.rows.size());
    done.fanout = static_cast<std::uint16_t>(op.asked.size());
    finish(ctx, id, done);
}

void OpRouter::finish(Context& ctx, std::uint64_t id, OpReply reply) {
    auto it = ops_.find(id);
    if (it == ops_.end()) return;
    Finish done = std::move(it->second.done);
    reply.redirects = it->second.redirects;
    ops_.erase(it);
    done(ctx, reply);
}

void OpRouter::expire(Context& ctx, Nanos age) {
    const std::int64_t before = ctx.now().count() - age.count();
    for (auto it = ops_.begin(); it != ops_.end();) {
        it = it->second.started_ns < before ? ops_.erase(it) : std::next(it);
    }
    // Requests whose op is gone stay in sent_ until a reply comes (or forever): trim them too.
    for (auto it = sent_.begin(); it != sent_.end();) {
        it = ops_.count(it->second.first) == 0 ? sent_.erase(it) : std::next(it);
    }
}

}  // namespace archlab::partlab
