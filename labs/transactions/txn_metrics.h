#pragma once
// What the transactions lab measures while it runs, written by its nodes and read by the
// sampler: the client's view of orders (measured from outside the strategy), the services'
// lock waits and compensations. What the databases hold is read by the audit (txn_audit.h).
#include <array>
#include <atomic>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"
#include "labs/transactions/txn_config.h"

namespace archlab::txnlab {

struct TxnMetrics {
    // The client's view.
    Counter placed;          ///< orders sent
    Counter completed;       ///< answered completed
    Counter compensated;     ///< answered undone (saga compensated, 2pc aborted)
    Counter timed_out;       ///< no answer within order_timeout_ms
    Counter refused;         ///< answered refused: the entry node was full (max_open_orders)
    Counter unserved;        ///< timed_out + refused (the headline's errors)
    Counter ended;           ///< completed + compensated (the headline's successes)
    Histogram latency_ns;    ///< placed -> answered, either way
    Gauge in_flight;         ///< orders placed and not answered

    // The services and the strategy's own nodes.
    Histogram lock_wait_ns;                  ///< 2pc: prepare arrival -> row lock granted
    std::array<Gauge, kServices> lock_waiters;  ///< 2pc: prepares queued behind a lock, per service
    Counter compensations;                   ///< Undo transactions that undid something
    Counter double_applied_seen;             ///< consumers that applied an event they had applied before (non-idempotent)
    Counter decisions_resent;                ///< 2pc: decisions sent again (unacknowledged, or asked for)
    Counter inquiries;                       ///< 2pc: in-doubt participants asking the coordinator
    Counter steps_resent;                    ///< orchestrator: steps sent again after step_timeout_ms
    Counter decisions_applied;               ///< 2pc participants: decisions applied (a prepared row committed or aborted)
    Counter local_retries;                   ///< 2pc participants: prepare/decision transactions run again after SQLite refused them
    Counter events_published;                ///< choreography: events handed to the broker
    Gauge sagas_compensating;                ///< orchestrator: sagas running their compensations
};

}  // namespace archlab::txnlab
