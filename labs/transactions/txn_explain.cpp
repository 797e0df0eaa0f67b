#include "labs/transactions/txn_lab.h"

namespace archlab::txnlab {

const char* transactions_explain() {
    return R"(Placing an order touches four services, each with its own database: order (the order), payment (account balances), inventory (stock and reservations) and shipment. No single database transaction spans them, so something else must keep them consistent: the order either happens everywhere or nowhere.

Two-phase commit (strategy=2pc) promises atomicity and isolation. The coordinator asks every service to prepare: each checks, records the order as prepared and keeps its row locked (the account at payment, the item at inventory). With every vote yes the coordinator writes commit in its own database, then tells everyone; any no, or a vote missing after prepare_timeout_ms, is an abort. The cost: locks are held for the whole round trip, so orders for a popular item queue behind each other (Lock wait), and a participant that has voted yes may not decide alone. If the coordinator dies between prepare and commit, prepared participants are in doubt: they keep their locks and ask again and again, and nobody else can buy that item or charge that account until the coordinator is back. On restart it reads its log: logged decisions are sent again, orders it never decided are aborted.

An orchestrated saga (strategy=saga-orchestrated) promises that every order ends completed or undone, not isolation. The orchestrator runs the steps as separate local transactions: create the order, charge, reserve, schedule the shipment, then ship and complete. When a step fails (insufficient funds, out of stock, address refused) it runs the compensations of the steps before it in reverse: release the stock, refund, mark the order compensated, each sent again until it succeeds. Its position is kept in its own database, so a restarted orchestrator carries on. The cost: other orders see the intermediate states. A charge that is later refunded may have made another order's payment decline: an isolation anomaly.

A choreographed saga (strategy=saga-choreography) has no conductor: each service reacts to events on the broker and publishes its own (orders.placed, orders.paid, orders.reserved, orders.shipped; a failure publishes orders.refused, orders.out-of-stock or orders.declined, and the services before undo their step in turn). The broker delivers at least once: an event not acknowledged in ack_timeout_ms comes again, and a duplicating broker sends some twice. So consumers must be idempotent (they record each event they applied in the same transaction), and a service must not change its state and publish its event in two separate steps: the outbox writes the event in the same local transaction and a relay publishes it afterwards. Without it, a crash between the two loses an event (the saga stops halfway) or invents one (payment charges an order that was never stored).

The audit reads the databases themselves, during the run and after it has quiesced: money conserved (balances plus captured payments equal what was there), stock conserved (on hand + reserved + shipped), every order completed or fully undone (half_done counts the rest), the same step applied twice (double_applied), and isolation anomalies. The broker also speaks Redis (live time): redis-cli -p PORT PSUBSCRIBE 'orders.*' prints every event as it flows, and so does SUBSCRIBE 'orders.*' on this broker, which takes a name ending in .* as the family of topics below it (real Redis would subscribe to the one channel literally named orders.*). XRANGE orders.placed - + and XPENDING orders.placed payment show a topic and a consumer group's unacknowledged deliveries.

Things to try:
- strategy=2pc, kill coordinator at 3s and restart it at 6s: In doubt climbs and stays while it is down (locks held, inquiries unanswered), then falls to 0; every invariant holds.
- strategy=saga-choreography with broker_duplicate_ratio=0.3 and idempotent_consumers=off: double_applied climbs above 0. Then idempotent_consumers=on: exactly 0.
- strategy=saga-choreography with outbox=off, kill payment at 3s and restart it at 3.5s (repeat with other services): some orders stay half done or stuck. With outbox=on, none do.
- strategy=saga-orchestrated, kill inventory during a storm of refusals (reject_ratio=0.5): compensations wait for it and finish after the restart.
- accounts=10, starting_balance=100, reject_ratio=0.3: accounts run dry while refused orders are being refunded; the sagas count isolation anomalies (a decline caused by a charge that was refunded later), 2pc none. Add zipf_s=2 and db_ms=3 to 2pc and watch the lock wait.)";
}

}  // namespace archlab::txnlab
