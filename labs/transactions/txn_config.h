#pragma once
// The transactions lab's settings as its nodes read them, the catalogue orders draw from, and
// the names the lab gives things: services "order", "payment", "inventory", "shipment"; the
// "coordinator" (2pc), the "orchestrator" (saga-orchestrated), the "broker" and the "client".
#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace archlab::txnlab {

enum class Strategy : int {
    TwoPhase,     ///< 2pc: prepare/commit run by the coordinator, locks held until the decision
    Orchestrated, ///< saga-orchestrated: the orchestrator runs local steps, compensates in reverse
    Choreography, ///< saga-choreography: services react to each other's events on the broker
};
Strategy parse_strategy(const std::string& s);
const char* to_string(Strategy s);

/// The four services, in the order a saga runs their steps.
enum class Service : std::uint8_t { Order = 0, Payment = 1, Inventory = 2, Shipment = 3 };
inline constexpr int kServices = 4;
const char* service_name(Service s);
inline Service service_at(int i) { return static_cast<Service>(i); }

struct TxnConfig {
    Strategy strategy = Strategy::TwoPhase;
    int accounts = 200;              ///< customer accounts in the payment service
    std::int64_t starting_balance = 300;  ///< each account's balance at the start (money units)
    int items = 50;                  ///< items in the catalogue
    std::int64_t starting_stock = 400;     ///< units of each item on hand at the start
    double zipf_s = 1.0;             ///< skew of item popularity (0 = uniform)
    int max_qty = 3;                 ///< an order asks for 1..max_qty units
    bool idempotent_consumers = true;  ///< choreography: consumers skip an event they applied already
    bool outbox = true;              ///< choreography: the event is written in the state change's own transaction
    double db_ms = 1.0;              ///< emulated time of one local transaction, ms
    double link_latency_ms = 0.5;    ///< one-way delay added to every link, ms
    double prepare_timeout_ms = 1000.0;  ///< 2pc: the coordinator aborts when votes are missing this long
    double step_timeout_ms = 500.0;  ///< orchestrator: a step unanswered this long is sent again
    int step_tries = 4;              ///< orchestrator: forward step sends before the step counts as failed
    double inquire_ms = 500.0;       ///< 2pc: an in-doubt participant asks the coordinator this often
    double relay_ms = 20.0;          ///< outbox relay period, ms
    double order_timeout_ms = 8000.0;  ///< the client gives up on an order after this long
    /// The entry node (coordinator, orchestrator, order service) refuses a new order while this
    /// many are open: what it keeps in memory for open orders stays bounded under overload.
    int max_open_orders = 2000;
    /// Jobs (local transactions, log writes) waiting for a service's, coordinator's or
    /// orchestrator's database beyond this are shed unrun (NodeSpec::max_queued_jobs).
    int db_queue_limit = 10000;
    std::uint64_t seed = 1;          ///< mixes into the shipment's address check

    std::atomic<double> arrival_rps{100.0};  ///< orders per second (Poisson), changeable live
    std::atomic<double> reject_ratio{0.05};  ///< share of addresses the shipment service refuses, live
    std::atomic<bool> stopping{false};       ///< the client places no more orders
    std::atomic<std::uint64_t> next_order{1};  ///< order ids, kept outside the client (restarts keep counting)

    std::int64_t money_total() const { return std::int64_t(accounts) * starting_balance; }
    std::int64_t stock_total() const { return std::int64_t(items) * starting_stock; }
};

/// Price of one unit of an item: 5..24 money units.
inline std::int64_t item_price(std::uint32_t item) { return 5 + std::int64_t(item % 20); }

/// True when the shipment service refuses this order's address: a fixed draw per order, so a
/// resent request gets the same answer.
bool address_refused(std::uint64_t order_id, std::uint64_t seed, double reject_ratio);

/// Items by popularity: item 0 most wanted, rank r weighs 1/(r+1)^s.
class Catalogue {
public:
    Catalogue(int items, double zipf_s);
    std::uint32_t pick(std::mt19937_64& rng) const;

private:
    std::vector<double> cdf_;
};

}  // namespace archlab::txnlab
