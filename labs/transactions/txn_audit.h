#pragma once
// The transactions lab's audit, read from the services' own databases (never from what the
// nodes believe): money conserved (balances plus captured payments equal the starting money),
// stock conserved per item (on hand + reserved + shipped equal the starting stock), orders in
// doubt (a 2pc participant holds a prepared row), and after the run each order's end checked
// against every service's rows: completed everywhere, or nothing left applied anywhere.
#include <cstdint>
#include <vector>

#include "core/storage/sqlite_pool.h"
#include "labs/transactions/txn_config.h"

namespace archlab::txnlab {

/// The services' databases, indexed by Service.
struct ServiceDbs {
    SqlitePool* db[kServices] = {};
    SqlitePool& of(Service s) const { return *db[static_cast<int>(s)]; }
};

/// What the sampler checks four times a second: cheap aggregates, each read in one snapshot.
struct LiveAudit {
    std::int64_t money_off = 0;      ///< balances + captured payments - starting money
    std::int64_t stock_off = 0;      ///< items whose on hand + reserved + shipped differ from the start
    std::int64_t in_doubt = 0;       ///< orders with a prepared row in some service (2pc)
    std::int64_t double_applied = 0; ///< extra applications of a step (second charge, reservation, shipment)
};
LiveAudit audit_live(const ServiceDbs& dbs, const TxnConfig& cfg);

/// Whether the services have settled, for the end of a run: orders not yet ended (pending or
/// prepared at the order service), rows still prepared at the others (a participant in doubt),
/// and orders ended so far (grows while the cluster finishes its work).
struct Settling {
    std::int64_t open_orders = 0;
    std::int64_t prepared_rows = 0;
    std::int64_t ended_orders = 0;
    bool settled() const { return open_orders == 0 && prepared_rows == 0; }
};
Settling settling(const ServiceDbs& dbs);

/// The end-of-run audit, once the run has quiesced.
struct AuditResult {
    LiveAudit live;
    std::int64_t orders = 0;        ///< orders the order service knows
    std::int64_t completed = 0;     ///< ended completed
    std::int64_t compensated = 0;   ///< ended undone (saga compensated, 2pc aborted)
    std::int64_t stuck = 0;         ///< not ended (pending or prepared)
    std::int64_t half_done = 0;     ///< ended but some service's rows disagree, stuck with effects applied, or effects for an unknown order
    std::int64_t orphans = 0;       ///< of which: effects for an order the order service does not know
    std::int64_t isolation_anomalies = 0;  ///< declines that would not have happened without a change later compensated
    std::vector<std::uint64_t> half_done_examples;  ///< the first few half-done order ids
};
AuditResult audit_final(const ServiceDbs& dbs, const TxnConfig& cfg);

}  // namespace archlab::txnlab
