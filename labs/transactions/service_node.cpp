#include "labs/transactions/service_node.h"

#include <sqlite3.h>

#include "core/runtime/packed_body.h"
#include "labs/transactions/db_job.h"

namespace archlab::txnlab {

namespace {
constexpr std::uint64_t kInquireTimer = 1;  ///< 2pc: in-doubt orders ask the coordinator
constexpr std::uint64_t kRelayTimer = 2;    ///< choreography with the outbox: relay unsent events
}  // namespace

ServiceNode::ServiceNode(Service service, std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics,
                         std::shared_ptr<SqlitePool> db)
    : svc_(service), cfg_(std::move(cfg)), m_(std::move(metrics)), db_(std::move(db)) {}

void ServiceNode::start(Context& ctx) {
    coordinator_ = ctx.lookup("coordinator");
    switch (cfg_->strategy) {
        case Strategy::TwoPhase:
            recover_prepared(ctx);  // the inquiry tick tries again if SQLite refuses it
            ctx.set_timer(from_ms(cfg_->inquire_ms / 2), kInquireTimer);
            break;
        case Strategy::Orchestrated: break;
        case Strategy::Choreography:
            broker_.start(ctx);
            consume_events(ctx);
            // The relay (outbox on), or the order service storing confirmed orders (outbox off).
            ctx.set_timer(from_ms(cfg_->relay_ms), kRelayTimer);
            break;
    }
}

void ServiceNode::on_message(Context& ctx, const Message& msg) {
    if (cfg_->strategy == Strategy::Choreography && broker_.on_message(ctx, msg)) return;
    switch (msg.type) {
        case kStep: on_step(ctx, msg); break;
        case kPrepare:
        case kDecision: {
            TxnHeader h;
            if (!unpack(msg.body, h)) return;
            if (msg.type == kPrepare) on_prepare(ctx, h);
            else on_decision(ctx, h);
            break;
        }
        case kPlaceOrder: on_place_order(ctx, msg); break;
        default: break;
    }
}

void ServiceNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (cfg_->strategy == Strategy::Choreography && broker_.on_timer(ctx, tag)) return;
    if (tag == kInquireTimer) {
        inquire(ctx);
        ctx.set_timer(from_ms(cfg_->inquire_ms / 2), kInquireTimer);
    } else if (tag == kRelayTimer) {
        if (cfg_->outbox) relay_outbox(ctx);
        else if (svc_ == Service::Order) store_published_orders(ctx);
        ctx.set_timer(from_ms(cfg_->relay_ms), kRelayTimer);
    }
}

LocalTxn ServiceNode::txn_for(Op op, const OrderFields& o, Context& ctx) const {
    LocalTxn t;
    t.service = svc_;
    t.op = op;
    t.order = o;
    t.now_ns = ctx.now().count();
    t.refuse_address = svc_ == Service::Shipment && address_refused(o.order_id, cfg_->seed, cfg_->reject_ratio.load());
    return t;
}

void ServiceNode::run_txn(Context& ctx, LocalTxn txn, Done done, std::function<void(Context&)> failed) {
    auto result = std::make_shared<LocalResult>();
    run_db_job(ctx, db_, cfg_->db_ms, [txn = std::move(txn), result](sqlite3* conn) { *result = run_local_txn(conn, txn); },
               [done = std::move(done), failed = std::move(failed), result](Context& c, bool ok) {
                   if (ok) done(c, *result);
                   else if (failed) failed(c);
               });
}

void ServiceNode::reply(Context& ctx, NodeIndex to, MsgType type, const OrderFields& o, Op op, Result r) {
    TxnHeader h;
    h.order = o;
    h.op = static_cast<std::uint8_t>(op);
    h.result = static_cast<std::uint8_t>(r);
    h.service = static_cast<std::uint8_t>(svc_);
    ctx.send(to, type, o.order_id, pack(h));
}

// ---- saga-orchestrated -------------------------------------------------------------------------

void ServiceNode::on_step(Context& ctx, const Message& msg) {
    TxnHeader h;
    if (!unpack(msg.body, h)) return;
    const Op op = static_cast<Op>(h.op);
    LocalTxn t = txn_for(op, h.order, ctx);
    const std::string id = std::to_string(h.order.order_id);
    // A resent command gets its first answer; an undo that overtakes its step marks the step
    // cancelled, so the step arriving late is refused instead of applied after its undo.
    t.dedup_key = "cmd:" + std::string(to_string(op)) + ":" + id;
    if (op == Op::Undo) t.cancel_key = "cmd:do:" + id;
    const NodeIndex from = msg.from;
    run_command(ctx, {h.order.order_id, h.op}, std::move(t), [this, from, h, op](Context& c, const LocalResult& r) {
        if (op == Op::Undo && r.changed) m_->compensations.add();
        reply(c, from, kStepReply, h.order, op, r.result);
    });
}

void ServiceNode::run_command(Context& ctx, std::pair<std::uint64_t, std::uint8_t> key, LocalTxn txn, Done done) {
    if (!commands_running_.insert(key).second) return;  // queued or running: its answer goes out when it ends
    run_txn(
        ctx, std::move(txn),
        [this, key, done = std::move(done)](Context& c, const LocalResult& r) {
            commands_running_.erase(key);
            done(c, r);
        },
        [this, key](Context&) { commands_running_.erase(key); });  // refused by SQLite or shed: a resend runs it
}

}  // namespace archlab::txnlab
