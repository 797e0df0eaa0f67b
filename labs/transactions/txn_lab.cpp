#include "labs/transactions/txn_lab.h"

#include "core/broker/broker_knobs.h"
#include "labs/transactions/txn_run.h"

namespace archlab::txnlab {

namespace {
using knobs::choice;
using knobs::num;

KnobSpec flag(std::string name, bool def, std::string help) {
    KnobSpec k;
    k.name = std::move(name);
    k.type = KnobType::Bool;
    k.def = def;
    k.help = std::move(help);
    return k;
}
}  // namespace

TransactionsLab::TransactionsLab() {
    info_.id = "transactions";
    info_.title = "Transactions across services";
    info_.summary = "An order touches order, payment, inventory and shipment, each with its own SQLite database: "
                    "two-phase commit, an orchestrated saga, or a choreography of events over a message broker, "
                    "with money and stock audited from the databases.";
    info_.explain = transactions_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("strategy", {"2pc", "saga-orchestrated", "saga-choreography"}, "2pc",
               "2pc: a coordinator prepares every service (rows locked) and commits or aborts. saga-orchestrated: an "
               "orchestrator runs local steps and compensates in reverse. saga-choreography: services react to each "
               "other's events on the broker"),
        num("arrival_rps", D, 100, 1, 5000, "orders/s", "Orders per second (Poisson arrivals)", true),
        num("reject_ratio", D, 0.05, 0, 1, "share", "Share of addresses the shipment service refuses", true),
        flag("idempotent_consumers", true,
             "saga-choreography: a service records each event it applied in the same transaction, and skips it when "
             "delivered again (off: a redelivered event is applied twice)"),
        flag("outbox", true,
             "saga-choreography: the event is written in the same local transaction as the change and relayed to the "
             "broker (off: change and event written separately; a crash between them loses or invents an event)"),
        num("accounts", I, 200, 1, 100000, "", "Customer accounts at the payment service"),
        num("starting_balance", I, 300, 0, 1000000000, "units", "Each account's balance at the start (payment declines below the price)"),
        num("items", I, 50, 1, 100000, "", "Items in the catalogue"),
        num("starting_stock", I, 400, 0, 1000000000, "units", "Units of each item on hand at the start"),
        num("zipf_s", D, 1.0, 0, 3, "", "Skew of item popularity: orders contend for the first items (0 = uniform)"),
        num("max_qty", I, 3, 1, 100, "units", "An order asks for 1..max_qty units"),
        num("db_ms", D, 1.0, 0, 1000, "ms", "Time one local transaction takes at a service (its database)"),
        num("link_latency_ms", D, 0.5, 0, 1000, "ms", "One-way delay added to every link between nodes"),
        num("prepare_timeout_ms", D, 1000, 10, 600000, "ms", "2pc: the coordinator aborts an order whose votes are missing this long"),
        num("max_open_orders", I, 2000, 1, 1000000, "orders",
            "The entry node (2pc: coordinator, saga-orchestrated: orchestrator, saga-choreography: order service) refuses "
            "a new order at once while this many are open, so its memory stays bounded when orders arrive faster than "
            "they end; refused orders show on the orders chart"),
        num("db_queue_limit", I, 10000, 1, 1000000, "transactions",
            "Local transactions waiting for a service's database (or the coordinator's or orchestrator's log) beyond "
            "this are shed unrun, counted as jobs_shed in the summary; the sender's resend, the broker's redelivery or "
            "the node's next tick tries again"),
        num("step_timeout_ms", D, 500, 10, 600000, "ms",
            "saga-orchestrated: a step unanswered this long is sent again; after 4 sends a forward step counts as failed"),
    };
    for (KnobSpec& k : broker::broker_knobs()) info_.knobs.push_back(std::move(k));
}

std::unique_ptr<LabRun> TransactionsLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<TransactionsRun>(env, settings);
}

}  // namespace archlab::txnlab
