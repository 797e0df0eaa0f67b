#pragma once
// The saga orchestrator. Each order is a saga of local transactions run one after another:
// order created, payment charged, stock reserved, shipment scheduled, then stock shipped and the
// order completed. When a step fails (declined, out of stock, address refused, or no answer
// after step_tries sends) it runs the compensations of the steps before it in reverse (refund,
// release, cancel, order compensated), each sent again until it is acknowledged. The saga's
// position is written to the orchestrator's database before each step is sent, so a restarted
// orchestrator continues every saga where it was (services answer a resent step with its first
// result).
#include <cstdint>
#include <deque>
#include <set>
#include <map>
#include <memory>

#include "core/broker/broker_client.h"
#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/transactions/decision_log.h"
#include "labs/transactions/txn_messages.h"
#include "labs/transactions/txn_metrics.h"

namespace archlab::txnlab {

/// A saga step: which service runs which operation.
struct SagaStep {
    Service service;
    Op op;
};
/// The forward steps in order; steps up to kLastUndoableStep have a compensation (Undo).
inline constexpr SagaStep kSagaSteps[] = {{Service::Order, Op::Do},    {Service::Payment, Op::Do},
                                          {Service::Inventory, Op::Do}, {Service::Shipment, Op::Do},
                                          {Service::Inventory, Op::Finish}, {Service::Order, Op::Finish}};
inline constexpr int kSagaStepCount = 6;
inline constexpr int kLastUndoableStep = 3;

class OrchestratorNode : public Node {
public:
    OrchestratorNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics, std::shared_ptr<SqlitePool> log);
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    struct Saga {
        SagaRecord rec;
        int tries = 0;             ///< sends of the current step
        std::int64_t sent_ns = 0;  ///< current step last sent
        bool writing = false;      ///< its record is being written; replies wait for the next send
        bool unwritten = false;    ///< its last write was refused or shed: written again after step_timeout_ms
        NodeIndex client = kNoNode;
        std::uint64_t client_msg = 0;
    };
    void on_place_order(Context& ctx, const Message& msg);
    void on_reply(Context& ctx, const TxnHeader& h);
    /// Writes the saga's record, then sends its current step (or ends it).
    void persist_then_go(Context& ctx, std::uint64_t id);
    void send_step(Context& ctx, Saga& s);
    void finish(Context& ctx, std::uint64_t id);
    void tick(Context& ctx);
    /// Reads the open sagas' records and continues each (at start, and on a tick while the
    /// read has not succeeded).
    void recover(Context& ctx);

    std::shared_ptr<TxnConfig> cfg_;
    std::shared_ptr<TxnMetrics> m_;
    std::shared_ptr<SqlitePool> log_;
    std::map<std::uint64_t, Saga> sagas_;  ///< by order id, until ended
    NodeIndex services_[kServices] = {};
    std::set<std::uint64_t> ended_;       ///< orders finished lately: a duplicated request for one is ignored
    std::deque<std::uint64_t> ended_order_;  ///< the same, oldest first (bounded by kRememberEndedSagas)
    broker::BrokerClient broker_;          ///< announces each saga's end (orders.completed / orders.compensated)
    int log_jobs_ = 0;                     ///< log reads and writes queued or running (at most db_queue_limit wait)
    bool recovered_ = false;               ///< the open sagas were read back after start
    bool recovering_ = false;              ///< that read is queued or running
};

}  // namespace archlab::txnlab
