#pragma once
// The customers: orders placed at arrival_rps (Poisson, open loop), each for one item drawn from
// the skewed catalogue (so orders contend for the same stock), 1..max_qty units, from a random
// account. It sends each order to the strategy's entry node and records, from outside the
// strategy, how each ended and how long it took; an order unanswered after order_timeout_ms
// counts as timed out.
#include <cstdint>
#include <map>
#include <memory>

#include "core/runtime/node.h"
#include "labs/transactions/txn_config.h"
#include "labs/transactions/txn_metrics.h"

namespace archlab::txnlab {

class ClientNode : public Node {
public:
    ClientNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics, std::string entry);
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    void place(Context& ctx);
    void schedule_next(Context& ctx);
    void expire(Context& ctx);

    std::shared_ptr<TxnConfig> cfg_;
    std::shared_ptr<TxnMetrics> m_;
    std::string entry_name_;
    NodeIndex entry_ = kNoNode;
    Catalogue catalogue_;
    std::map<std::uint64_t, std::int64_t> outstanding_;  ///< order id -> placed at, ns
};

}  // namespace archlab::txnlab
