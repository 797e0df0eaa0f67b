#include "labs/transactions/orchestrator_node.h"

#include "core/runtime/packed_body.h"
#include "labs/transactions/db_job.h"
#include "labs/transactions/node_timing.h"

namespace archlab::txnlab {

OrchestratorNode::OrchestratorNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics,
                                   std::shared_ptr<SqlitePool> log)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), log_(std::move(log)) {}

void OrchestratorNode::start(Context& ctx) {
    for (int i = 0; i < kServices; ++i) services_[i] = ctx.lookup(service_name(service_at(i)));
    broker_.start(ctx);
    ctx.set_timer(from_ms(kTickMs), kTickTimer);
    recover(ctx);
}

void OrchestratorNode::recover(Context& ctx) {
    // A restart continues every saga from its record (its client is gone: nobody is answered).
    recovering_ = true;
    auto open = std::make_shared<std::vector<SagaRecord>>();
    run_db_job(ctx, log_, cfg_->db_ms, [open](sqlite3* db) { *open = open_sagas(db); },
               [this, open](Context& c, bool ok) {
                   recovering_ = false;
                   if (!ok) return;  // not read (SQLite refused, or the job was shed): the tick reads again
                   recovered_ = true;
                   for (const SagaRecord& r : *open) {
                       if (sagas_.count(r.order.order_id)) continue;
                       Saga& s = sagas_[r.order.order_id];
                       s.rec = r;
                       send_step(c, s);
                   }
               });
}

void OrchestratorNode::on_message(Context& ctx, const Message& msg) {
    if (broker_.on_message(ctx, msg)) return;
    if (msg.type == kPlaceOrder) return on_place_order(ctx, msg);
    TxnHeader h;
    if (msg.type == kStepReply && unpack(msg.body, h)) on_reply(ctx, h);
}

void OrchestratorNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (broker_.on_timer(ctx, tag)) return;
    if (tag != kTickTimer) return;
    tick(ctx);
    ctx.set_timer(from_ms(kTickMs), kTickTimer);
}

void OrchestratorNode::on_place_order(Context& ctx, const Message& msg) {
    TxnHeader h;
    if (!unpack(msg.body, h) || sagas_.count(h.order.order_id) || ended_.count(h.order.order_id)) return;
    if (sagas_.size() >= static_cast<std::size_t>(cfg_->max_open_orders)) {
        return ctx.send(msg.from, kOrderDone, msg.id, refusal_body(h.order.order_id));
    }
    Saga& s = sagas_[h.order.order_id];
    s.rec.order = h.order;
    s.client = msg.from;
    s.client_msg = msg.id;
    persist_then_go(ctx, h.order.order_id);
}

void OrchestratorNode::persist_then_go(Context& ctx, std::uint64_t id) {
    Saga& s = sagas_.at(id);
    s.writing = true;
    s.unwritten = false;
    const SagaRecord rec = s.rec;
    ++log_jobs_;
    run_db_job(ctx, log_, cfg_->db_ms, [rec](sqlite3* db) { saga_write(db, rec); }, [this, id](Context& c, bool ok) {
        --log_jobs_;
        auto it = sagas_.find(id);
        if (it == sagas_.end()) return;
        it->second.writing = false;
        if (!ok) {
            // Not written (SQLite refused, or the log's queue was full): written again after a
            // step timeout, not at the next tick, which under overload would be a retry storm.
            it->second.unwritten = true;
            it->second.sent_ns = c.now().count();
            return;
        }
        if (it->second.rec.ended) return finish(c, id);
        it->second.tries = 0;
        send_step(c, it->second);
    });
}

void OrchestratorNode::send_step(Context& ctx, Saga& s) {
    const SagaStep& step = kSagaSteps[s.rec.step];
    TxnHeader h;
    h.order = s.rec.order;
    h.op = static_cast<std::uint8_t>(s.rec.compensating ? Op::Undo : step.op);
    ++s.tries;
    s.sent_ns = ctx.now().count();
    ctx.send(services_[static_cast<int>(step.service)], kStep, s.rec.order.order_id, pack(h));
}

void OrchestratorNode::on_reply(Context& ctx, const TxnHeader& h) {
    auto it = sagas_.find(h.order.order_id);
    if (it == sagas_.end() || it->second.writing || it->second.rec.ended) return;
    Saga& s = it->second;
    const SagaStep& step = kSagaSteps[s.rec.step];
    const Op expected = s.rec.compensating ? Op::Undo : step.op;
    if (h.service != static_cast<std::uint8_t>(step.service) || h.op != static_cast<std::uint8_t>(expected)) return;  // stale
    const bool ok = static_cast<Result>(h.result) == Result::Ok;
    if (s.rec.compensating) {
        // Compensations cannot be refused; a missing answer is resent by the tick.
        if (--s.rec.step < 0) {
            s.rec.step = 0;
            s.rec.ended = true;
        }
    } else if (ok) {
        if (s.rec.step + 1 == kSagaStepCount) s.rec.ended = true;
        else ++s.rec.step;
    } else {
        // This step changed nothing: undo the ones before it, last first.
        s.rec.compensating = true;
        --s.rec.step;
    }
    persist_then_go(ctx, h.order.order_id);
}

void OrchestratorNode::finish(Context& ctx, std::uint64_t id) {
    auto it = sagas_.find(id);
    const Saga& s = it->second;
    const bool completed = !s.rec.compensating;
    if (s.client != kNoNode) {
        TxnHeader done;
        done.order = s.rec.order;
        done.result = static_cast<std::uint8_t>(completed ? Outcome::Completed : Outcome::Compensated);
        ctx.send(s.client, kOrderDone, s.client_msg, pack(done));
    }
    broker_.publish(ctx, completed ? "orders.completed" : "orders.compensated", order_text(s.rec.order));
    sagas_.erase(it);
    ended_.insert(id);
    ended_order_.push_back(id);
    if (ended_order_.size() > kRememberEnded) {
        ended_.erase(ended_order_.front());
        ended_order_.pop_front();
    }
}

void OrchestratorNode::tick(Context& ctx) {
    if (!recovered_ && !recovering_) recover(ctx);
    const std::int64_t now = ctx.now().count();
    const auto timeout = std::int64_t(cfg_->step_timeout_ms * 1e6);
    std::vector<std::uint64_t> rewrite;
    int compensating = 0;
    for (auto& [id, s] : sagas_) {
        if (s.rec.compensating) ++compensating;
        if (s.writing || now - s.sent_ns < timeout) continue;
        if (s.unwritten) {
            rewrite.push_back(id);
            continue;
        }
        if (!s.rec.compensating && s.rec.step <= kLastUndoableStep && s.tries >= cfg_->step_tries) {
            // No answer: the step may or may not have run. Undo it too (an undo of a step that
            // never ran changes nothing, and refuses the step if it arrives later).
            s.rec.compensating = true;
            rewrite.push_back(id);
            continue;
        }
        m_->steps_resent.add();
        send_step(ctx, s);
    }
    m_->sagas_compensating.set(double(compensating));
    // No more than the log's queue takes: the rest wait for a later tick rather than be shed.
    for (std::uint64_t id : rewrite) {
        if (log_jobs_ < cfg_->db_queue_limit) persist_then_go(ctx, id);
        else sagas_.at(id).unwritten = true;  // its change (compensating) is written before it acts on it
    }
}

}  // namespace archlab::txnlab
