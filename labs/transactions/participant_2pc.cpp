// The 2pc participant side of ServiceNode: row locks from prepare to decision, in-doubt orders
// that ask the coordinator until it answers, and the prepared rows reloaded after a restart.
#include <sqlite3.h>

#include "core/runtime/packed_body.h"
#include "labs/transactions/service_node.h"

namespace archlab::txnlab {

std::uint64_t ServiceNode::lock_key(const OrderFields& o) const {
    // +1: key 0 means "no lock".
    if (svc_ == Service::Payment) return std::uint64_t(o.account) + 1;
    if (svc_ == Service::Inventory) return std::uint64_t(o.item) + 1;
    return 0;
}

void ServiceNode::publish_waiters() {
    std::size_t waiting = 0;
    for (const auto& [key, q] : lock_queue_) waiting += q.size();
    m_->lock_waiters[static_cast<std::size_t>(svc_)].set(double(waiting));
}

void ServiceNode::on_prepare(Context& ctx, const TxnHeader& h) {
    const std::uint64_t id = h.order.order_id;
    if (auto it = txns_.find(id); it != txns_.end()) {
        if (it->second.state == TxnState::Prepared) reply(ctx, coordinator_, kVote, h.order, Op::Prepare, Result::Ok);
        return;  // already waiting or preparing: its vote comes
    }
    // Until the prepared rows are reloaded their locks are unknown: no vote (the coordinator's
    // timeout aborts the order).
    if (!recovered_) return;
    Participation p;
    p.order = h.order;
    p.arrived_ns = ctx.now().count();
    txns_[id] = p;
    if (const std::uint64_t key = lock_key(h.order)) {
        auto holder = lock_holder_.find(key);
        if (holder != lock_holder_.end()) {
            lock_queue_[key].push_back(id);
            publish_waiters();
            return;
        }
        lock_holder_[key] = id;
    }
    begin_prepare(ctx, id);
}

void ServiceNode::begin_prepare(Context& ctx, std::uint64_t id) {
    Participation& p = txns_.at(id);
    p.state = TxnState::Preparing;
    if (lock_key(p.order)) m_->lock_wait_ns.record(std::uint64_t(ctx.now().count() - p.arrived_ns));
    run_prepare(ctx, id);
}

void ServiceNode::run_prepare(Context& ctx, std::uint64_t id) {
    const Participation& p = txns_.at(id);
    run_txn(ctx, txn_for(Op::Prepare, p.order, ctx), [this, id](Context& c, const LocalResult& r) {
        auto it = txns_.find(id);
        if (it == txns_.end()) return;
        Participation& q = it->second;
        if (r.result == Result::Ok) {
            q.state = TxnState::Prepared;
            q.prepared_ns = c.now().count();
            reply(c, coordinator_, kVote, q.order, Op::Prepare, Result::Ok);
            if (q.decided != Op::None) apply_decision(c, id, q.decided);
            return;
        }
        const OrderFields o = q.order;
        const bool decided = q.decided != Op::None;
        reply(c, coordinator_, kVote, o, Op::Prepare, r.result);
        release_lock(c, o);
        txns_.erase(id);
        if (decided) reply(c, coordinator_, kDecisionAck, o, Op::Abort, Result::Ok);
    }, retry_later(id));
}

void ServiceNode::on_decision(Context& ctx, const TxnHeader& h) {
    const std::uint64_t id = h.order.order_id;
    const Op op = static_cast<Op>(h.op);
    auto it = txns_.find(id);
    if (it == txns_.end() || it->second.state == TxnState::Waiting) {
        if (it != txns_.end()) {
            auto& q = lock_queue_[lock_key(it->second.order)];
            std::erase(q, id);
            txns_.erase(it);
            publish_waiters();
        }
        if (!recovered_) return;  // the reloaded rows may hold it: the coordinator resends
        // Not prepared here (a no vote, or already applied): the statements find nothing to
        // change, except that the order service records an abort it never prepared. Once per
        // decision while it runs: resent copies would otherwise queue one job each.
        run_command(ctx, {id, h.op}, txn_for(op, h.order, ctx), [this, h, op](Context& c, const LocalResult&) {
            reply(c, coordinator_, kDecisionAck, h.order, op, Result::Ok);
        });
        return;
    }
    if (it->second.state == TxnState::Preparing) {
        it->second.decided = op;
        return;
    }
    if (it->second.state == TxnState::Prepared) apply_decision(ctx, id, op);
}

void ServiceNode::apply_decision(Context& ctx, std::uint64_t id, Op op) {
    Participation& p = txns_.at(id);
    p.state = TxnState::Finishing;
    p.decided = op;
    run_txn(ctx, txn_for(op, p.order, ctx), [this, id, op](Context& c, const LocalResult&) {
        auto it = txns_.find(id);
        if (it == txns_.end()) return;
        const OrderFields o = it->second.order;
        txns_.erase(it);
        release_lock(c, o);
        m_->decisions_applied.add();
        reply(c, coordinator_, kDecisionAck, o, op, Result::Ok);
    }, retry_later(id));
}

void ServiceNode::release_lock(Context& ctx, const OrderFields& o) {
    const std::uint64_t key = lock_key(o);
    if (!key) return;
    auto holder = lock_holder_.find(key);
    if (holder == lock_holder_.end() || holder->second != o.order_id) return;
    lock_holder_.erase(holder);
    auto q = lock_queue_.find(key);
    while (q != lock_queue_.end() && !q->second.empty()) {
        const std::uint64_t next = q->second.front();
        q->second.pop_front();
        auto it = txns_.find(next);
        if (it == txns_.end() || it->second.state != TxnState::Waiting) continue;
        lock_holder_[key] = next;
        begin_prepare(ctx, next);
        break;
    }
    if (q != lock_queue_.end() && q->second.empty()) lock_queue_.erase(q);
    publish_waiters();
}

void ServiceNode::recover_prepared(Context& ctx) {
    recovering_ = true;
    auto rows = std::make_shared<std::vector<OrderFields>>();
    auto ok = std::make_shared<bool>(true);
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    job.compute = [db = db_, svc = svc_, rows, ok] {
        try {
            db->with([&](sqlite3* conn) { *rows = prepared_orders(conn, svc); });
        } catch (const std::exception&) {
            *ok = false;
        }
    };
    job.done = [this, &ctx, rows, ok](Nanos) {
        recovering_ = false;
        // Not read (SQLite refused): still not recovered, so no votes yet; the tick reads again.
        if (!*ok) return;
        // Prepared before the restart and not decided: in doubt, locked again, and asked about.
        for (const OrderFields& o : *rows) {
            Participation p;
            p.order = o;
            p.state = TxnState::Prepared;
            p.prepared_ns = ctx.now().count();
            p.arrived_ns = p.prepared_ns;
            txns_[o.order_id] = p;
            if (const std::uint64_t key = lock_key(o)) lock_holder_[key] = o.order_id;
        }
        recovered_ = true;
        for (auto& [id, p] : txns_) p.prepared_ns -= std::int64_t(cfg_->inquire_ms * 1e6);  // ask at the first tick
        inquire(ctx);
    };
    job.shed = [this] { recovering_ = false; };  // not read: the tick tries again
    ctx.execute(std::move(job));
}

void ServiceNode::inquire(Context& ctx) {
    if (!recovered_ && !recovering_) recover_prepared(ctx);
    retry_failed(ctx);
    const std::int64_t now = ctx.now().count();
    const auto every = std::int64_t(cfg_->inquire_ms * 1e6);
    for (auto& [id, p] : txns_) {
        if (p.state != TxnState::Prepared) continue;
        if (now - std::max(p.prepared_ns, p.asked_ns) < every) continue;
        p.asked_ns = now;
        m_->inquiries.add();
        TxnHeader h;
        h.order = p.order;
        h.service = static_cast<std::uint8_t>(svc_);
        ctx.send(coordinator_, kInquire, id, pack(h));
    }
}

std::function<void(Context&)> ServiceNode::retry_later(std::uint64_t id) {
    // Still Preparing or Finishing, its lock held: retry_failed runs it again.
    return [this, id](Context&) {
        if (auto it = txns_.find(id); it != txns_.end()) it->second.retry = true;
    };
}

void ServiceNode::retry_failed(Context& ctx) {
    // Neither call changes txns_ now (their transactions run later), so one pass does.
    for (auto& [id, p] : txns_) {
        if (!p.retry) continue;
        p.retry = false;
        m_->local_retries.add();
        if (p.state == TxnState::Preparing) run_prepare(ctx, id);
        else if (p.state == TxnState::Finishing) apply_decision(ctx, id, p.decided);
    }
}

}  // namespace archlab::txnlab
