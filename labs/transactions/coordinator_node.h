#pragma once
// The 2pc coordinator. For each order it sends kPrepare to the four services and collects their
// votes; with every vote yes it decides commit, with any no (or votes missing after
// prepare_timeout_ms) abort. The decision is written to its own database before anyone hears it
// (decision_log.h); then it is sent to every participant, again until each acknowledges, and the
// client is answered. A restarted coordinator reads the decisions not yet acknowledged back and
// sends them again; asked about an order it has no record of, it answers abort (presumed abort:
// nothing was decided, so nothing committed). While it is down, prepared participants wait.
#include <array>
#include <cstdint>
#include <deque>
#include <set>
#include <map>
#include <memory>

#include "core/broker/broker_client.h"
#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"
#include "labs/transactions/txn_messages.h"
#include "labs/transactions/txn_metrics.h"

namespace archlab::txnlab {

class CoordinatorNode : public Node {
public:
    CoordinatorNode(std::shared_ptr<TxnConfig> cfg, std::shared_ptr<TxnMetrics> metrics, std::shared_ptr<SqlitePool> log);
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

private:
    enum class Phase { Voting, Logging, Decided };
    struct Txn {
        OrderFields order;
        Phase phase = Phase::Voting;
        Op decision = Op::None;
        std::uint8_t votes = 0;   ///< bit per service that voted yes
        std::uint8_t acks = 0;    ///< bit per service that applied the decision
        std::int64_t started_ns = 0;
        std::int64_t sent_ns = 0;  ///< decision last sent
        int resends = 0;           ///< times sent again unacknowledged: the wait doubles each time
        NodeIndex client = kNoNode;
        std::uint64_t client_msg = 0;
    };
    void on_place_order(Context& ctx, const Message& msg);
    void on_vote(Context& ctx, const TxnHeader& h);
    void decide(Context& ctx, std::uint64_t id, Op decision);
    void send_decision(Context& ctx, Txn& t, int only_service = -1);
    void on_ack(Context& ctx, const TxnHeader& h);
    void on_inquire(Context& ctx, const Message& msg);
    void tick(Context& ctx);
    /// Reads the decisions still open from the log and sends them again (at start, and on a
    /// tick while the read has not succeeded).
    void recover(Context& ctx);

    std::shared_ptr<TxnConfig> cfg_;
    std::shared_ptr<TxnMetrics> m_;
    std::shared_ptr<SqlitePool> log_;
    std::array<NodeIndex, kServices> services_{};
    std::map<std::uint64_t, Txn> txns_;  ///< by order id, until every participant acknowledged
    bool recovered_ = false;             ///< the log was read back (inquiries wait until then)
    bool recovering_ = false;            ///< the read of the log is queued or running
    std::set<std::uint64_t> ended_;       ///< orders finished lately: a duplicated request for one is ignored
    std::deque<std::uint64_t> ended_order_;  ///< the same, oldest first (bounded by kRememberEnded)
    broker::BrokerClient broker_;        ///< announces each decision (orders.committed / orders.aborted)
};

}  // namespace archlab::txnlab
