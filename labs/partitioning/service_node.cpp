#include "labs/partitioning/service_node.h"

#include "labs/partitioning/vertical_store.h"

namespace archlab::partlab {

namespace {
constexpr std::uint64_t kServiceExpireTimer = 1;
constexpr double kExpireCheck_ms = 100.0;
}  // namespace

ServiceNode::ServiceNode(Domain domain, std::shared_ptr<VerticalConfig> cfg, std::shared_ptr<VerticalMetrics> metrics,
                         std::shared_ptr<SqlitePool> db)
    : domain_(domain), cfg_(std::move(cfg)), m_(std::move(metrics)), db_(std::move(db)) {}

void ServiceNode::start(Context& ctx) { ctx.set_timer(from_ms(kExpireCheck_ms), kServiceExpireTimer); }

void ServiceNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != kServiceExpireTimer) return;
    const std::int64_t before = ctx.now().count() - from_ms(cfg_->op_timeout_ms()).count();
    std::vector<std::uint64_t> late;
    for (const auto& [id, f] : flows_) {
        if (f.started_ns < before && f.waiting > 0) late.push_back(id);
    }
    for (std::uint64_t id : late) {
        VReply r;
        r.status = VStatus::Failed;
        finish(ctx, id, r);
    }
    for (auto it = calls_.begin(); it != calls_.end();) it = flows_.count(it->second) ? std::next(it) : calls_.erase(it);
    ctx.set_timer(from_ms(kExpireCheck_ms), kServiceExpireTimer);
}

void ServiceNode::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kVCallReply) {
        on_call_reply(ctx, msg);
        return;
    }
    if (msg.type != kVCall) return;
    VCall c;
    std::string_view tail;
    if (!unpack(msg.body, c, &tail) || owner_of(c.op) != domain_) return;
    m_->services[std::size_t(domain_)].requests.add();
    serve(ctx, msg.from, msg.id, c, tail);
}

void ServiceNode::serve(Context& ctx, NodeIndex from, std::uint64_t id, const VCall& c, std::string_view tail) {
    switch (c.op) {
        case VOp::GetUser:
            run_db(ctx, [c](sqlite3* db, VReply& r) {
                r.rows = vstore_user_exists(db, c.user) ? 1 : 0;
                r.status = r.rows ? VStatus::Ok : VStatus::NotFound;
            }, from, id);
            return;
        case VOp::GetProduct:
            run_db(ctx, [c](sqlite3* db, VReply& r) {
                const auto price = vstore_price(db, c.product);
                r.rows = price ? 1 : 0;
                r.value = price.value_or(0);
                r.status = price ? VStatus::Ok : VStatus::NotFound;
            }, from, id);
            return;
        case VOp::GetProducts: {
            std::vector<std::uint64_t> ids;
            if (!decode_ids(tail, ids)) return;
            run_db(ctx, [ids](sqlite3* db, VReply& r) { r.value = vstore_prices(db, ids, r.rows); }, from, id);
            return;
        }
        case VOp::PlaceOrder:
        case VOp::OrderHistory: {
            const std::uint64_t flow = next_flow_++;
            Flow& f = flows_[flow];
            f.from = from;
            f.from_id = id;
            f.call = c;
            f.started_ns = ctx.now().count();
            if (c.op == VOp::PlaceOrder) {
                place_order(ctx, flow);
            } else {
                order_history(ctx, flow);
            }
            return;
        }
    }
}

void ServiceNode::run_db(Context& ctx, std::function<void(sqlite3*, VReply&)> fn, NodeIndex to, std::uint64_t id) {
    auto reply = std::make_shared<VReply>();
    auto db = db_;
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    job.compute = [db, fn = std::move(fn), reply] { db->with([&](sqlite3* conn) { fn(conn, *reply); }); };
    job.done = [&ctx, to, id, reply](Nanos) { ctx.send(to, kVCallReply, id, pack(*reply)); };
    ctx.execute(std::move(job));
}

void ServiceNode::place_order(Context& ctx, std::uint64_t flow) {
    // The user and the product live in other services' databases: ask both at once.
    const VCall& c = flows_.at(flow).call;
    VCall user = c, product = c;
    user.op = VOp::GetUser;
    product.op = VOp::GetProduct;
    call(ctx, flow, Domain::Users, user);
    call(ctx, flow, Domain::Catalog, product);
}

void ServiceNode::order_history(Context& ctx, std::uint64_t flow) {
    auto products = std::make_shared<std::vector<std::uint64_t>>();
    auto db = db_;
    const std::uint64_t user = flows_.at(flow).call.user;
    const int limit = cfg_->history_limit;
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    job.compute = [db, products, user, limit] {
        db->with([&](sqlite3* conn) { *products = vstore_order_products(conn, user, limit); });
    };
    job.done = [this, &ctx, flow, products](Nanos) {
        if (!flows_.count(flow)) return;  // given up meanwhile
        if (products->empty()) {
            finish(ctx, flow, VReply{});
            return;
        }
        // The orders hold product ids only; the prices are the catalog's: one call for all.
        VCall c = flows_.at(flow).call;
        c.op = VOp::GetProducts;
        call(ctx, flow, Domain::Catalog, c, encode_ids(*products));
    };
    job.shed = [this, &ctx, flow] { fail_shed(ctx, flow); };
    ctx.execute(std::move(job));
}

void ServiceNode::call(Context& ctx, std::uint64_t flow, Domain to, const VCall& c, std::string tail) {
    const std::uint64_t id = next_call_++;
    calls_[id] = flow;
    Flow& f = flows_.at(flow);
    ++f.waiting;
    ++f.calls;
    m_->services[std::size_t(domain_)].calls_made.add();
    ctx.send(ctx.lookup(domain_name(to)), kVCall, id, pack(c, tail));
}

void ServiceNode::on_call_reply(Context& ctx, const Message& msg) {
    VReply r;
    auto cit = calls_.find(msg.id);
    if (cit == calls_.end() || !unpack(msg.body, r)) return;
    const std::uint64_t flow = cit->second;
    calls_.erase(cit);
    auto fit = flows_.find(flow);
    if (fit == flows_.end()) return;  // given up meanwhile
    Flow& f = fit->second;
    --f.waiting;
    f.calls = static_cast<std::uint16_t>(f.calls + r.calls);
    if (r.status > f.status) f.status = r.status;
    if (f.call.op == VOp::OrderHistory) {
        VReply out;
        out.value = r.value;
        out.rows = r.rows;
        out.status = f.status;
        finish(ctx, flow, out);
        return;
    }
    // place-order: the catalog's answer carries the price the order is written with.
    if (msg.from == ctx.lookup(domain_name(Domain::Catalog))) f.price = r.value;
    if (f.waiting > 0) return;
    if (f.status != VStatus::Ok) {
        VReply out;
        out.status = f.status;
        finish(ctx, flow, out);
        return;
    }
    auto id = std::make_shared<std::int64_t>(0);
    auto db = db_;
    const VCall c = f.call;
    const std::int64_t price = f.price;
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    job.compute = [db, id, c, price] { db->with([&](sqlite3* conn) { *id = vstore_insert_order(conn, c.user, c.product, price); }); };
    job.done = [this, &ctx, flow, id](Nanos) {
        m_->services[std::size_t(domain_)].keys.fetch_add(1);
        VReply out;
        out.value = *id;
        out.rows = 1;
        finish(ctx, flow, out);
    };
    job.shed = [this, &ctx, flow] { fail_shed(ctx, flow); };
    ctx.execute(std::move(job));
}

void ServiceNode::fail_shed(Context& ctx, std::uint64_t flow) {
    // The flow waits on no call now, so no expiry would end it: answer it failed.
    VReply r;
    r.status = VStatus::Failed;
    finish(ctx, flow, r);
}

void ServiceNode::finish(Context& ctx, std::uint64_t flow, VReply r) {
    auto it = flows_.find(flow);
    if (it == flows_.end()) return;
    r.calls = it->second.calls;
    ctx.send(it->second.from, kVCallReply, it->second.from_id, pack(r));
    flows_.erase(it);
}

}  // namespace archlab::partlab
