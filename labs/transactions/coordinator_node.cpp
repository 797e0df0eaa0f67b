#include "labs/transactions/coordinator_node.h"

#include <algorithm>

#include "core/runtime/packed_body.h"
#include "labs/transactions/db_job.h"
#include "labs/transactions/node_timing.h"
#include "labs/transactions/decision_log.h"

namespace archlab::txnlab {

namespace {
constexpr double kResendMs = 300.0;  ///< an unacknowledged decision is sent again after this long,
constexpr int kResendDoublings = 4;  ///< doubled after each resend up to 16x (4.8 s): a participant
                                     ///< down for long is not sent thousands of copies a second
constexpr std::uint8_t kAll = (1u << kServices) - 1;
}  // namespace

CoordinatorNode::CoordinatorNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics,
                                 std::shared_ptr<SqlitePool> log)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), log_(std::move(log)) {}

void CoordinatorNode::start(Context& ctx) {
    for (int i = 0; i < kServices; ++i) services_[std::size_t(i)] = ctx.lookup(service_name(service_at(i)));
    broker_.start(ctx);
    ctx.set_timer(from_ms(kTickMs), kTickTimer);
    recover(ctx);
}

void CoordinatorNode::recover(Context& ctx) {
    // Decisions logged and not yet acknowledged everywhere are sent again.
    recovering_ = true;
    auto open = std::make_shared<std::vector<LoggedDecision>>();
    run_db_job(ctx, log_, cfg_->db_ms, [open](sqlite3* db) { *open = open_decisions(db); },
               [this, open](Context& c, bool ok) {
                   recovering_ = false;
                   if (!ok) return;  // not read (SQLite refused, or the job was shed): the tick reads again
                   for (const LoggedDecision& d : *open) {
                       Txn t;
                       t.order = d.order;
                       t.phase = Phase::Decided;
                       t.decision = d.decision;
                       t.started_ns = c.now().count();
                       auto& stored = txns_[d.order.order_id] = t;
                       send_decision(c, stored);
                   }
                   recovered_ = true;
               });
}

void CoordinatorNode::on_message(Context& ctx, const Message& msg) {
    if (broker_.on_message(ctx, msg)) return;
    if (msg.type == kPlaceOrder) return on_place_order(ctx, msg);
    if (msg.type == kInquire) return on_inquire(ctx, msg);
    TxnHeader h;
    if (!unpack(msg.body, h)) return;
    if (msg.type == kVote) on_vote(ctx, h);
    else if (msg.type == kDecisionAck) on_ack(ctx, h);
}

void CoordinatorNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (broker_.on_timer(ctx, tag)) return;
    if (tag != kTickTimer) return;
    tick(ctx);
    ctx.set_timer(from_ms(kTickMs), kTickTimer);
}

void CoordinatorNode::on_place_order(Context& ctx, const Message& msg) {
    TxnHeader h;
    if (!unpack(msg.body, h) || txns_.count(h.order.order_id) || ended_.count(h.order.order_id)) return;
    if (txns_.size() >= static_cast<std::size_t>(cfg_->max_open_orders)) {
        return ctx.send(msg.from, kOrderDone, msg.id, refusal_body(h.order.order_id));
    }
    Txn& t = txns_[h.order.order_id];
    t.order = h.order;
    t.started_ns = ctx.now().count();
    t.client = msg.from;
    t.client_msg = msg.id;
    TxnHeader p;
    p.order = h.order;
    p.op = static_cast<std::uint8_t>(Op::Prepare);
    for (NodeIndex s : services_) ctx.send(s, kPrepare, h.order.order_id, pack(p));
}

void CoordinatorNode::on_vote(Context& ctx, const TxnHeader& h) {
    auto it = txns_.find(h.order.order_id);
    if (it == txns_.end() || it->second.phase != Phase::Voting) return;
    if (static_cast<Result>(h.result) != Result::Ok) return decide(ctx, h.order.order_id, Op::Abort);
    it->second.votes |= std::uint8_t(1u << h.service);
    if (it->second.votes == kAll) decide(ctx, h.order.order_id, Op::Commit);
}

void CoordinatorNode::decide(Context& ctx, std::uint64_t id, Op decision) {
    Txn& t = txns_.at(id);
    t.phase = Phase::Logging;
    t.decision = decision;
    // Logged before anyone hears it: a coordinator killed now has decided nothing, and its
    // participants, prepared, wait for it.
    const OrderFields o = t.order;
    run_db_job(ctx, log_, cfg_->db_ms, [o, decision](sqlite3* db) { log_decision(db, o, decision); },
               [this, id](Context& c, bool ok) {
                   auto it = txns_.find(id);
                   if (it == txns_.end()) return;
                   if (!ok) {
                       it->second.phase = Phase::Voting;  // not logged: the prepare timeout decides again
                       return;
                   }
                   Txn& txn = it->second;
                   txn.phase = Phase::Decided;
                   send_decision(c, txn);
                   const bool commit = txn.decision == Op::Commit;
                   if (txn.client != kNoNode) {
                       TxnHeader done;
                       done.order = txn.order;
                       done.result = static_cast<std::uint8_t>(commit ? Outcome::Completed : Outcome::Compensated);
                       c.send(txn.client, kOrderDone, txn.client_msg, pack(done));
                   }
                   broker_.publish(c, commit ? "orders.committed" : "orders.aborted", order_text(txn.order));
               });
}

void CoordinatorNode::send_decision(Context& ctx, Txn& t, int only_service) {
    TxnHeader d;
    d.order = t.order;
    d.op = static_cast<std::uint8_t>(t.decision);
    t.sent_ns = ctx.now().count();
    for (int i = 0; i < kServices; ++i) {
        if (only_service >= 0 && i != only_service) continue;
        if (t.acks & (1u << i)) continue;
        ctx.send(services_[std::size_t(i)], kDecision, t.order.order_id, pack(d));
    }
}

void CoordinatorNode::on_ack(Context& ctx, const TxnHeader& h) {
    auto it = txns_.find(h.order.order_id);
    if (it == txns_.end() || it->second.phase != Phase::Decided) return;
    it->second.acks |= std::uint8_t(1u << h.service);
    if (it->second.acks != kAll) return;
    const std::uint64_t id = it->first;
    txns_.erase(it);
    ended_.insert(id);
    ended_order_.push_back(id);
    if (ended_order_.size() > kRememberEnded) {
        ended_.erase(ended_order_.front());
        ended_order_.pop_front();
    }
    run_db_job(ctx, log_, cfg_->db_ms, [id](sqlite3* db) { log_done(db, {id}); }, [](Context&, bool) {});
}

void CoordinatorNode::on_inquire(Context& ctx, const Message& msg) {
    TxnHeader h;
    if (!unpack(msg.body, h) || !recovered_) return;
    auto it = txns_.find(h.order.order_id);
    if (it != txns_.end()) {
        // Still voting or logging: the decision comes when it is made.
        if (it->second.phase == Phase::Decided) {
            m_->decisions_resent.add();
            send_decision(ctx, it->second, h.service);
        }
        return;
    }
    // Not in memory: the log knows, or nothing was decided (presumed abort).
    const OrderFields o = h.order;
    const NodeIndex from = msg.from;
    auto found = std::make_shared<std::optional<Op>>();
    run_db_job(ctx, log_, cfg_->db_ms, [o, found](sqlite3* db) { *found = logged_decision(db, o.order_id); },
               [this, o, from, found](Context& c, bool ok) {
                   if (!ok) return;
                   TxnHeader d;
                   d.order = o;
                   d.op = static_cast<std::uint8_t>(found->value_or(Op::Abort));
                   m_->decisions_resent.add();
                   c.send(from, kDecision, o.order_id, pack(d));
               });
}

void CoordinatorNode::tick(Context& ctx) {
    if (!recovered_ && !recovering_) recover(ctx);
    const std::int64_t now = ctx.now().count();
    std::vector<std::uint64_t> timed_out;
    for (auto& [id, t] : txns_) {
        if (t.phase == Phase::Voting && now - t.started_ns > std::int64_t(cfg_->prepare_timeout_ms * 1e6)) {
            timed_out.push_back(id);
        } else if (t.phase == Phase::Decided &&
                   now - t.sent_ns > std::int64_t(kResendMs * 1e6) << std::min(t.resends, kResendDoublings)) {
            m_->decisions_resent.add();
            ++t.resends;
            send_decision(ctx, t);
        }
    }
    for (std::uint64_t id : timed_out) decide(ctx, id, Op::Abort);
}

}  // namespace archlab::txnlab
