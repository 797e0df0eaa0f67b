// The saga-choreography side of ServiceNode: which events each service consumes and publishes,
// idempotent or not, through the outbox or straight after the local transaction.
//
//   client -> order: create             -> orders.placed
//   orders.placed    -> payment: charge  -> orders.paid | orders.declined
//   orders.paid      -> inventory: reserve -> orders.reserved | orders.out-of-stock
//   orders.reserved  -> shipment: schedule -> orders.shipped | orders.refused
//   orders.shipped   -> inventory: ship; order: completed
//   orders.refused   -> inventory: release -> orders.released
//   orders.released, orders.out-of-stock -> payment: refund -> orders.refunded
//   orders.refunded, orders.declined     -> order: compensated
#include <sqlite3.h>

#include "core/runtime/packed_body.h"
#include "labs/transactions/service_node.h"

namespace archlab::txnlab {

namespace {
struct Consumed {
    const char* topic;
    Op op;
};

std::vector<Consumed> consumed_by(Service s) {
    switch (s) {
        case Service::Payment: return {{"orders.placed", Op::Do}, {"orders.released", Op::Undo}, {"orders.out-of-stock", Op::Undo}};
        case Service::Inventory: return {{"orders.paid", Op::Do}, {"orders.shipped", Op::Finish}, {"orders.refused", Op::Undo}};
        case Service::Shipment: return {{"orders.reserved", Op::Do}};
        case Service::Order: return {{"orders.shipped", Op::Finish}, {"orders.refunded", Op::Undo}, {"orders.declined", Op::Undo}};
    }
    return {};
}

constexpr std::size_t kRelayBatch = 64;        ///< outbox rows read per relay tick
constexpr std::size_t kRelayUnconfirmed = 1000;  ///< no more rows read while this many wait for the broker
}  // namespace

void ServiceNode::consume_events(Context& ctx) {
    for (const Consumed& c : consumed_by(svc_)) {
        const Op op = c.op;
        broker_.consume(ctx, c.topic, service_name(svc_), [this, op](Context& cx, const broker::Delivery& d) { on_event(cx, d, op); });
    }
}

std::vector<OutEvent> ServiceNode::events_after(Service svc, const std::string& topic, Op op, Result r,
                                                const OrderFields& o) {
    const std::string text = order_text(o);
    const auto one = [&](const char* t) { return std::vector<OutEvent>{{t, text}}; };
    switch (svc) {
        case Service::Order:
            if (op == Op::Do && topic.empty()) return one("orders.placed");
            break;
        case Service::Payment:
            if (op == Op::Do) return one(r == Result::Ok ? "orders.paid" : "orders.declined");
            if (op == Op::Undo) return one("orders.refunded");
            break;
        case Service::Inventory:
            if (op == Op::Do) return one(r == Result::Ok ? "orders.reserved" : "orders.out-of-stock");
            if (op == Op::Undo) return one("orders.released");
            break;
        case Service::Shipment:
            if (op == Op::Do) return one(r == Result::Ok ? "orders.shipped" : "orders.refused");
            break;
    }
    return {};
}

void ServiceNode::publish_now(Context& ctx, const std::vector<OutEvent>& events) {
    for (const OutEvent& e : events) {
        broker_.publish(ctx, e.topic, e.payload);
        m_->events_published.add();
    }
}

void ServiceNode::on_event(Context& ctx, const broker::Delivery& d, Op op) {
    const auto o = parse_order_text(d.payload);
    if (!o) {
        broker_.ack(ctx, d);
        return;
    }
    LocalTxn t = txn_for(op, *o, ctx);
    // Idempotent: the event's key (its kind and order) is recorded in the same transaction as
    // its effect, so a second delivery finds it and changes nothing.
    if (cfg_->idempotent_consumers) t.dedup_key = "evt:" + d.topic + ":" + std::to_string(o->order_id);
    // The end of an order can overtake the order itself: with the outbox off the order service
    // announces an order before storing it, and the chain of events may come back first.
    t.needs_order = svc_ == Service::Order;
    const std::string topic = d.topic;
    if (cfg_->outbox) {
        // Runs on a database worker thread, which may outlive this node (a kill does not wait for
        // a running job): it captures values only, never `this`.
        t.outbox = [svc = svc_, topic, op, order = *o](Result r) { return events_after(svc, topic, op, r, order); };
    }
    const bool again = d.redelivered();
    run_txn(ctx, std::move(t), [this, d, op, topic, order = *o, again](Context& c, const LocalResult& r) {
        // Not acked: the broker delivers it again after ack_timeout_ms, by when the order is
        // stored. An order that never will be (invented by a crash) keeps coming back.
        if (r.unknown_order) return;
        if (op == Op::Undo && r.changed) m_->compensations.add();
        if (again && !r.duplicate && r.changed && op != Op::Finish && op != Op::Undo) m_->double_applied_seen.add();
        // Outbox off: the event goes out after the transaction committed; a crash in between
        // (the transaction done, this callback never run) loses it.
        if (!cfg_->outbox && !r.duplicate) publish_now(c, events_after(svc_, topic, op, r.result, order));
        if (svc_ == Service::Order && (op == Op::Finish || op == Op::Undo)) {
            answer_client(c, order.order_id, op == Op::Finish ? Outcome::Completed : Outcome::Compensated);
        }
        broker_.ack(c, d);
    });
}

void ServiceNode::on_place_order(Context& ctx, const Message& msg) {
    if (svc_ != Service::Order || cfg_->strategy != Strategy::Choreography) return;
    TxnHeader h;
    if (!unpack(msg.body, h)) return;
    if (!clients_.count(h.order.order_id) && clients_.size() >= static_cast<std::size_t>(cfg_->max_open_orders)) {
        return ctx.send(msg.from, kOrderDone, msg.id, refusal_body(h.order.order_id));
    }
    clients_[h.order.order_id] = {msg.from, msg.id};
    LocalTxn t = txn_for(Op::Do, h.order, ctx);
    t.dedup_key = "client:" + std::to_string(h.order.order_id);
    const auto events = events_after(svc_, "", Op::Do, Result::Ok, h.order);
    if (cfg_->outbox) {
        t.outbox = [events](Result) { return events; };
        // Not stored (SQLite refused, or the job queue was full): nothing happened, so the
        // client hears at once that the order was refused, and its place is free again.
        run_txn(ctx, std::move(t), [](Context&, const LocalResult&) {},
                [this, id = h.order.order_id, from = msg.from, msg_id = msg.id](Context& c) {
                    clients_.erase(id);
                    c.send(from, kOrderDone, msg_id, refusal_body(id));
                });
        return;
    }
    // Outbox off: announced first, stored once the broker has the event. A crash in between
    // leaves an event for an order that does not exist (the other services charge, reserve and
    // ship it anyway).
    const OutEvent& placed = events.front();
    awaiting_publish_[broker_.publish(ctx, placed.topic, placed.payload)] = std::move(t);
    m_->events_published.add();
}

void ServiceNode::store_published_orders(Context& ctx) {
    for (auto it = awaiting_publish_.begin(); it != awaiting_publish_.end();) {
        if (broker_.is_unconfirmed(it->first)) {
            ++it;
            continue;
        }
        // Not stored (refused or shed): kept, so the next relay tick stores it again (its event
        // is out already).
        const std::uint64_t producer_id = it->first;
        LocalTxn again = it->second;
        run_txn(ctx, std::move(it->second), [](Context&, const LocalResult&) {},
                [this, producer_id, again](Context&) { awaiting_publish_.emplace(producer_id, again); });
        it = awaiting_publish_.erase(it);
    }
}

void ServiceNode::answer_client(Context& ctx, std::uint64_t order_id, Outcome outcome) {
    auto it = clients_.find(order_id);
    if (it == clients_.end()) return;
    TxnHeader h;
    h.order.order_id = order_id;
    h.result = static_cast<std::uint8_t>(outcome);
    ctx.send(it->second.first, kOrderDone, it->second.second, pack(h));
    clients_.erase(it);
}

void ServiceNode::relay_outbox(Context& ctx) {
    if (relay_busy_) return;
    // Rows the broker confirmed are marked sent; a crash before that sends them again (the
    // relay is at-least-once too). Marks a failed or shed job did not write go with the next.
    auto confirmed = std::make_shared<std::vector<std::int64_t>>(std::move(unmarked_));
    unmarked_.clear();
    for (auto it = relaying_.begin(); it != relaying_.end();) {
        if (broker_.is_unconfirmed(it->first)) {
            ++it;
            continue;
        }
        confirmed->push_back(it->second);
        it = relaying_.erase(it);
    }
    const bool read_more = relaying_.size() < kRelayUnconfirmed;
    if (confirmed->empty() && !read_more) return;
    relay_busy_ = true;
    auto rows = std::make_shared<std::vector<OutboxRow>>();
    auto ok = std::make_shared<bool>(true);
    Job job;
    job.hold = from_ms(cfg_->db_ms);
    job.compute = [db = db_, confirmed, rows, after = relay_after_, read_more, ok] {
        try {
            db->with([&](sqlite3* conn) {
                if (!confirmed->empty()) outbox_mark_sent(conn, *confirmed);
                if (read_more) *rows = outbox_unsent(conn, after, kRelayBatch);
            });
        } catch (const std::exception&) {
            rows->clear();
            *ok = false;
        }
    };
    job.shed = [this, confirmed] {
        relay_busy_ = false;
        unmarked_.insert(unmarked_.end(), confirmed->begin(), confirmed->end());
    };
    job.done = [this, &ctx, rows, ok, confirmed](Nanos) {
        relay_busy_ = false;
        if (!*ok) unmarked_.insert(unmarked_.end(), confirmed->begin(), confirmed->end());  // marking again is harmless
        for (const OutboxRow& r : *rows) {
            relaying_[broker_.publish(ctx, r.topic, r.payload)] = r.id;
            relay_after_ = std::max(relay_after_, r.id);
            m_->events_published.add();
        }
    };
    ctx.execute(std::move(job));
}

}  // namespace archlab::txnlab
