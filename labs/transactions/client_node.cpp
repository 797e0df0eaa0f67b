#include "labs/transactions/client_node.h"

#include <random>

#include "core/runtime/packed_body.h"
#include "labs/transactions/txn_messages.h"

namespace archlab::txnlab {

namespace {
constexpr std::uint64_t kArrivalTimer = 1;
constexpr std::uint64_t kExpiryTimer = 2;
constexpr double kExpiryMs = 100.0;
}  // namespace

ClientNode::ClientNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics, std::string entry)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), entry_name_(std::move(entry)), catalogue_(cfg_->items, cfg_->zipf_s) {}

void ClientNode::start(Context& ctx) {
    entry_ = ctx.lookup(entry_name_);
    m_->in_flight.set(0);
    schedule_next(ctx);
    ctx.set_timer(from_ms(kExpiryMs), kExpiryTimer);
}

void ClientNode::schedule_next(Context& ctx) {
    const double rate = std::max(0.01, cfg_->arrival_rps.load());
    const double gap_s = std::exponential_distribution<double>(rate)(ctx.random());
    ctx.set_timer(from_ms(gap_s * 1e3), kArrivalTimer);
}

void ClientNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kArrivalTimer) {
        if (cfg_->stopping) return;
        place(ctx);
        schedule_next(ctx);
    } else if (tag == kExpiryTimer) {
        expire(ctx);
        ctx.set_timer(from_ms(kExpiryMs), kExpiryTimer);
    }
}

void ClientNode::place(Context& ctx) {
    TxnHeader h;
    OrderFields& o = h.order;
    o.order_id = cfg_->next_order.fetch_add(1);
    o.account = std::uniform_int_distribution<std::uint32_t>(0, std::uint32_t(cfg_->accounts - 1))(ctx.random());
    o.item = catalogue_.pick(ctx.random());
    o.qty = std::uniform_int_distribution<std::uint32_t>(1, std::uint32_t(cfg_->max_qty))(ctx.random());
    o.amount = std::int64_t(o.qty) * item_price(o.item);
    outstanding_[o.order_id] = ctx.now().count();
    m_->placed.add();
    m_->in_flight.set(double(outstanding_.size()));
    ctx.send(entry_, kPlaceOrder, o.order_id, pack(h));
}

void ClientNode::on_message(Context& ctx, const Message& msg) {
    TxnHeader h;
    if (msg.type != kOrderDone || !unpack(msg.body, h)) return;
    auto it = outstanding_.find(h.order.order_id);
    if (it == outstanding_.end()) return;
    const std::int64_t placed_ns = it->second;
    outstanding_.erase(it);
    m_->in_flight.set(double(outstanding_.size()));
    if (static_cast<Outcome>(h.result) == Outcome::Refused) {
        // Not an order's latency: nothing ran (the entry node answered at once).
        m_->refused.add();
        m_->unserved.add();
        return;
    }
    m_->latency_ns.record(std::uint64_t(ctx.now().count() - placed_ns));
    if (static_cast<Outcome>(h.result) == Outcome::Completed) m_->completed.add();
    else m_->compensated.add();
    m_->ended.add();
}

void ClientNode::expire(Context& ctx) {
    const std::int64_t cutoff = ctx.now().count() - std::int64_t(cfg_->order_timeout_ms * 1e6);
    for (auto it = outstanding_.begin(); it != outstanding_.end();) {
        if (it->second > cutoff) {
            ++it;
            continue;
        }
        m_->timed_out.add();
        m_->unserved.add();
        it = outstanding_.erase(it);
    }
    m_->in_flight.set(double(outstanding_.size()));
}

}  // namespace archlab::txnlab
