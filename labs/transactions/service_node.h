#pragma once
// One service (order, payment, inventory or shipment) with its own database. Every change is a
// local transaction on a worker thread (service_store.h). What drives it depends on the strategy:
//  - saga-orchestrated: kStep commands from the orchestrator, applied once per (op, order) and
//    answered with the first result when resent (service_node.cpp);
//  - 2pc: kPrepare / kDecision from the coordinator, with the order's row (account, item)
//    locked from prepare until the decision; a prepared order whose decision does not come is
//    in doubt and stays locked, asking the coordinator again every inquire_ms (participant_2pc.cpp);
//  - saga-choreography: events consumed from the broker and published after each change,
//    through the outbox or straight after the transaction (service_events.cpp).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "core/broker/broker_client.h"
#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/transactions/service_store.h"
#include "labs/transactions/txn_metrics.h"

namespace archlab::txnlab {

class ServiceNode : public Node {
public:
    ServiceNode(Service service, std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics,
                std::shared_ptr<SqlitePool> db);
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    using Done = std::function<void(Context&, const LocalResult&)>;
    /// Runs txn on a worker thread (db_ms of emulated time), then done on the node's thread. A
    /// transaction SQLite refused (rolled back: nothing written) calls failed if given, else
    /// nothing: the sender's resend or redelivery tries again.
    void run_txn(Context& ctx, LocalTxn txn, Done done, std::function<void(Context&)> failed = {});
    /// run_txn for a command (order id, op) a sender resends until answered: queued once while
    /// it is queued or running (commands_running_); a copy arriving meanwhile is dropped, as the
    /// first one's answer answers it.
    void run_command(Context& ctx, std::pair<std::uint64_t, std::uint8_t> key, LocalTxn txn, Done done);
    LocalTxn txn_for(Op op, const OrderFields& o, Context& ctx) const;

    // saga-orchestrated
    void on_step(Context& ctx, const Message& msg);

    // 2pc participant
    enum class TxnState { Waiting, Preparing, Prepared, Finishing };
    struct Participation {
        OrderFields order;
        TxnState state = TxnState::Waiting;
        std::int64_t arrived_ns = 0;     ///< prepare arrival (lock wait starts)
        std::int64_t prepared_ns = 0;    ///< vote yes sent (in doubt since)
        std::int64_t asked_ns = 0;       ///< last inquiry
        Op decided = Op::None;           ///< a decision that came while preparing, or the one being applied
        /// Its prepare or decision transaction failed (SQLite refused it): the inquiry tick runs
        /// it again. Without that the row would stay prepared and locked for good.
        bool retry = false;
    };
    std::uint64_t lock_key(const OrderFields& o) const;  ///< 0 = this service locks nothing
    void on_prepare(Context& ctx, const TxnHeader& h);
    void begin_prepare(Context& ctx, std::uint64_t order_id);
    void run_prepare(Context& ctx, std::uint64_t order_id);  ///< the prepare transaction and its vote
    void on_decision(Context& ctx, const TxnHeader& h);
    void apply_decision(Context& ctx, std::uint64_t order_id, Op op);
    void release_lock(Context& ctx, const OrderFields& o);
    void recover_prepared(Context& ctx);
    /// 2pc: runs again the prepare and decision transactions SQLite refused (Participation::retry).
    void retry_failed(Context& ctx);
    /// 2pc: the failed callback of order id's prepare or decision: marks it for retry_failed.
    std::function<void(Context&)> retry_later(std::uint64_t id);
    void inquire(Context& ctx);
    void publish_waiters();
    void reply(Context& ctx, NodeIndex to, MsgType type, const OrderFields& o, Op op, Result r);

    // saga-choreography
    void consume_events(Context& ctx);
    void on_event(Context& ctx, const broker::Delivery& d, Op op);
    /// Events service `svc` publishes after `op` on a delivery of `topic` ended with `r`. Static:
    /// the outbox calls it on a database worker thread, where the node may already be gone.
    static std::vector<OutEvent> events_after(Service svc, const std::string& topic, Op op, Result r,
                                              const OrderFields& o);
    void publish_now(Context& ctx, const std::vector<OutEvent>& events);
    void on_place_order(Context& ctx, const Message& msg);
    void answer_client(Context& ctx, std::uint64_t order_id, Outcome outcome);
    void relay_outbox(Context& ctx);
    /// Order service, outbox off: stores the orders whose event the broker has confirmed.
    void store_published_orders(Context& ctx);

    Service svc_;
    std::shared_ptr<TxnConfig> cfg_;
    std::shared_ptr<TxnMetrics> m_;
    std::shared_ptr<SqlitePool> db_;
    NodeIndex coordinator_ = kNoNode;

    std::map<std::uint64_t, Participation> txns_;          ///< 2pc: by order id
    /// Commands queued or running here, (order id, op): saga steps, and 2pc decisions for
    /// orders not prepared here. One sent again meanwhile is not queued a second time: under a
    /// slow database the resends would otherwise fill the job queue with copies (a retry storm:
    /// 880,327 jobs shed in a 10-minute soak before this). A command SQLite refused or the job
    /// queue shed leaves the set, so the next copy runs it.
    std::set<std::pair<std::uint64_t, std::uint8_t>> commands_running_;
    std::map<std::uint64_t, std::uint64_t> lock_holder_;   ///< 2pc: lock key -> order holding it
    std::map<std::uint64_t, std::deque<std::uint64_t>> lock_queue_;  ///< 2pc: lock key -> orders waiting
    bool recovered_ = false;                               ///< 2pc: prepared rows reloaded after start
    bool recovering_ = false;                              ///< 2pc: the reload is running

    broker::BrokerClient broker_;
    /// Order service (choreography): its open orders (taken, not yet ended), each with whom to
    /// answer when it ends, at most max_open_orders.
    std::map<std::uint64_t, std::pair<NodeIndex, std::uint64_t>> clients_;  ///< order -> (client, msg id)
    std::map<std::uint64_t, std::int64_t> relaying_;  ///< outbox: producer id -> outbox row id, not yet confirmed
    std::int64_t relay_after_ = 0;                    ///< outbox: highest row id handed to the broker
    bool relay_busy_ = false;                         ///< outbox: a read or mark job is running
    std::vector<std::int64_t> unmarked_;              ///< outbox: confirmed rows whose mark SQLite refused or the job queue shed
    std::map<std::uint64_t, LocalTxn> awaiting_publish_;  ///< outbox off, order service: producer id -> order to store once confirmed
};

}  // namespace archlab::txnlab
