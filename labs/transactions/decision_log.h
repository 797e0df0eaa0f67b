#pragma once
// The durable records of the coordinator (2pc decisions) and of the orchestrator (saga state),
// each in its node's own SQLite database. Throws std::runtime_error with SQLite's message.
#include <cstdint>
#include <optional>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/transactions/txn_messages.h"

struct sqlite3;

namespace archlab::txnlab {

/// Creates the decisions table (dropping an old one).
void decision_log_prepare(SqlitePool& pool);
/// Records the decision (Commit or Abort) for the order; a second write keeps the first.
void log_decision(sqlite3* db, const OrderFields& o, Op decision);
/// Marks decisions every participant has applied.
void log_done(sqlite3* db, const std::vector<std::uint64_t>& ids);
struct LoggedDecision {
    OrderFields order;
    Op decision = Op::None;
};
/// Decisions not yet applied everywhere, in order id order.
std::vector<LoggedDecision> open_decisions(sqlite3* db);
/// The decision recorded for an order, if any.
std::optional<Op> logged_decision(sqlite3* db, std::uint64_t order_id);

/// One saga as the orchestrator keeps it.
struct SagaRecord {
    OrderFields order;
    int step = 0;            ///< forward: the step running; compensating: the step being undone
    bool compensating = false;
    bool ended = false;
};
/// Creates the sagas table (dropping an old one).
void saga_log_prepare(SqlitePool& pool);
void saga_write(sqlite3* db, const SagaRecord& s);
/// Sagas not ended, in order id order.
std::vector<SagaRecord> open_sagas(sqlite3* db);

}  // namespace archlab::txnlab
