#pragma once
// A service's own SQLite database and its local transactions. Each service keeps its rows
// (orders; accounts and payments; stock and reservations; shipments), the keys of the messages
// it has applied (`processed`, for idempotent consumers and orchestrator commands) and an
// `outbox` of events written in the same transaction as the change they announce. Every
// operation is one transaction: it checks, changes rows, and records its key and its events,
// or does nothing. Throws std::runtime_error with SQLite's message.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/transactions/txn_config.h"
#include "labs/transactions/txn_messages.h"

struct sqlite3;

namespace archlab::txnlab {

/// An event to publish: the broker topic and the order's text.
struct OutEvent {
    std::string topic;
    std::string payload;
};

struct LocalTxn {
    Service service = Service::Order;
    Op op = Op::None;
    OrderFields order;
    std::int64_t now_ns = 0;       ///< run time of the change (the isolation audit compares these)
    std::string dedup_key;         ///< "" applies without looking; else an applied key returns its first result
    std::string cancel_key;        ///< Undo: marks this forward key cancelled when it never ran (a late step is refused)
    bool refuse_address = false;   ///< shipment Do/Prepare: the address check's answer for this order
    /// order Finish/Undo of an event: an order the service does not hold (yet) is not ended; the
    /// transaction rolls back without remembering its key, so the event can be applied when it comes again.
    bool needs_order = false;
    /// Events written to the outbox in the same transaction, by the result (empty function: none).
    std::function<std::vector<OutEvent>(Result)> outbox;
};

struct LocalResult {
    Result result = Result::None;
    bool duplicate = false;  ///< the key was applied before: nothing changed, no events written
    bool changed = false;    ///< rows changed (an Undo that found something to undo)
    bool unknown_order = false;  ///< needs_order and no such order: rolled back, nothing remembered
};

/// Creates the service's tables (dropping old ones) and loads its starting rows.
void service_db_prepare(SqlitePool& pool, Service service, const TxnConfig& cfg);

/// Runs one local transaction.
LocalResult run_local_txn(sqlite3* db, const LocalTxn& txn);

struct OutboxRow {
    std::int64_t id = 0;
    std::string topic;
    std::string payload;
};
/// Up to limit unsent outbox rows with id > after, oldest first.
std::vector<OutboxRow> outbox_unsent(sqlite3* db, std::int64_t after, std::size_t limit);
void outbox_mark_sent(sqlite3* db, const std::vector<std::int64_t>& ids);

/// 2pc: orders this service has prepared and not yet committed or aborted (in doubt), with the
/// fields its lock needs (account, item).
std::vector<OrderFields> prepared_orders(sqlite3* db, Service service);

}  // namespace archlab::txnlab
