#include "labs/transactions/txn_run.h"

#include <cmath>
#include <cstdio>

#include "core/broker/broker_knobs.h"
#include "labs/transactions/client_node.h"
#include "labs/transactions/coordinator_node.h"
#include "labs/transactions/decision_log.h"
#include "labs/transactions/latest_orders.h"
#include "labs/transactions/orchestrator_node.h"
#include "labs/transactions/service_node.h"
#include "labs/transactions/service_store.h"

namespace archlab::txnlab {

namespace {
/// {p50, p99, waits}: the same shape for every strategy; the percentiles are null when nothing
/// waited (the sagas hold no lock between steps).
nlohmann::json percentiles_ms(const HistogramSnapshot& h) {
    if (h.count() == 0) return {{"p50", nullptr}, {"p99", nullptr}, {"waits", 0}};
    return {{"p50", double(h.percentile(0.50)) / 1e6}, {"p99", double(h.percentile(0.99)) / 1e6}, {"waits", h.count()}};
}

const char* entry_node(Strategy s) {
    switch (s) {
        case Strategy::TwoPhase: return "coordinator";
        case Strategy::Orchestrated: return "orchestrator";
        case Strategy::Choreography: return "order";
    }
    return "order";
}
}  // namespace

std::shared_ptr<TxnConfig> config_from(const Settings& s, std::uint64_t seed) {
    auto cfg = std::make_shared<TxnConfig>();
    cfg->strategy = parse_strategy(s.get_enum("strategy"));
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->reject_ratio = s.get_double("reject_ratio");
    cfg->idempotent_consumers = s.get_bool("idempotent_consumers");
    cfg->outbox = s.get_bool("outbox");
    cfg->accounts = static_cast<int>(s.get_int("accounts"));
    cfg->starting_balance = s.get_int("starting_balance");
    cfg->items = static_cast<int>(s.get_int("items"));
    cfg->starting_stock = s.get_int("starting_stock");
    cfg->zipf_s = s.get_double("zipf_s");
    cfg->max_qty = static_cast<int>(s.get_int("max_qty"));
    cfg->db_ms = s.get_double("db_ms");
    cfg->link_latency_ms = s.get_double("link_latency_ms");
    cfg->prepare_timeout_ms = s.get_double("prepare_timeout_ms");
    cfg->step_timeout_ms = s.get_double("step_timeout_ms");
    cfg->max_open_orders = static_cast<int>(s.get_int("max_open_orders"));
    cfg->db_queue_limit = static_cast<int>(s.get_int("db_queue_limit"));
    cfg->seed = seed;
    return cfg;
}

TransactionsRun::TransactionsRun(const RunEnv& env, const Settings& s)
    : runtime_(env.runtime), mode_(env.mode), data_dir_(env.data_dir), settings_(s) {
    cfg_ = config_from(s, env.seed);
    metrics_ = std::make_shared<TxnMetrics>();
    for (int i = 0; i < kServices; ++i) {
        const Service svc = service_at(i);
        auto db = std::make_shared<SqlitePool>((data_dir_ / (std::string(service_name(svc)) + ".sqlite3")).string(),
                                               kNodeDbCacheKib);
        service_db_prepare(*db, svc, *cfg_);
        service_dbs_.push_back(std::move(db));
    }
    if (cfg_->strategy != Strategy::Choreography) {
        const char* name = entry_node(cfg_->strategy);
        log_db_ = std::make_shared<SqlitePool>((data_dir_ / (std::string(name) + ".sqlite3")).string(), kNodeDbCacheKib);
        if (cfg_->strategy == Strategy::TwoPhase) decision_log_prepare(*log_db_);
        else saga_log_prepare(*log_db_);
    }
    if (mode_ == TimeMode::Live) port_ = std::make_unique<broker::BrokerRespPort>();
    add_nodes();
    broker::apply_broker_knobs(s, *broker_.cfg);
    if (cfg_->link_latency_ms > 0) {
        for (NodeIndex a = 0; a < runtime_.node_count(); ++a) {
            for (NodeIndex b = 0; b < runtime_.node_count(); ++b) {
                if (a == b) continue;
                LinkFaults lf = runtime_.link_faults(a, b);
                lf.latency = from_ms(cfg_->link_latency_ms);  // not a fault: the topology draws these links healthy
                runtime_.set_link_faults(a, b, lf);
            }
        }
    }
    declare_series();
}

TransactionsRun::~TransactionsRun() { close_port(); }

void TransactionsRun::add_nodes() {
    const auto cfg = cfg_;
    const auto m = metrics_;
    runtime_.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<ClientNode>(cfg, m, entry_node(cfg->strategy)); }});
    // Nodes with a database: their job queue is the db_queue_limit knob.
    auto with_db = [&](NodeSpec spec) {
        spec.max_queued_jobs = static_cast<std::size_t>(cfg->db_queue_limit);
        runtime_.add_node(std::move(spec));
    };
    if (cfg_->strategy == Strategy::TwoPhase) {
        with_db({"coordinator", "coordinator", 1, [cfg, m, db = log_db_] { return std::make_unique<CoordinatorNode>(cfg, m, db); }});
    } else if (cfg_->strategy == Strategy::Orchestrated) {
        with_db({"orchestrator", "orchestrator", 1, [cfg, m, db = log_db_] { return std::make_unique<OrchestratorNode>(cfg, m, db); }});
    }
    for (int i = 0; i < kServices; ++i) {
        const Service svc = service_at(i);
        with_db({service_name(svc), "service", 2, [svc, cfg, m, db = service_dbs_[std::size_t(i)]] {
                     return std::make_unique<ServiceNode>(svc, cfg, m, db);
                 }});
    }
    broker_ = broker::add_broker(runtime_, data_dir_, "broker", std::make_shared<broker::BrokerConfig>(),
                                 port_ ? port_->push_fn() : broker::PushFn{});
}

ServiceDbs TransactionsRun::dbs() const {
    ServiceDbs d;
    for (int i = 0; i < kServices; ++i) d.db[i] = service_dbs_[std::size_t(i)].get();
    return d;
}

double TransactionsRun::refresh_live_audit() {
    LiveAudit a;
    try {
        a = audit_live(dbs(), *cfg_);
    } catch (const std::exception&) {
        return std::nan("");  // a database busy beyond its timeout: this sample has no audit
    }
    std::lock_guard lock(audit_mu_);
    live_ = a;
    in_doubt_max_ = std::max(in_doubt_max_, a.in_doubt);
    if (a.money_off != 0) ++money_breaks_;
    if (a.stock_off != 0) ++stock_breaks_;
    return double(a.in_doubt);
}

double TransactionsRun::per_second(std::uint64_t now_value, std::uint64_t& last_value, double& last_t_s) {
    const double t = to_s(runtime_.now());
    const double dt = t - last_t_s;
    const double rate = dt > 0 ? double(now_value - last_value) / dt : std::nan("");
    last_value = now_value;
    last_t_s = t;
    return rate;
}

void TransactionsRun::declare_series() {
    TxnMetrics& m = *metrics_;
    SeriesTable& t = table_;
    t.chart("orders", "Orders per second", "1/s",
            "Placed by the client; answered completed or undone; given up (no answer in time); refused at once by an "
            "entry node already holding max_open_orders (choreography: or whose database could not take the order)")
        .chart("latency", "Order latency", "ms", "Placed to answered, either way (client-measured)")
        .chart("inflight", "In flight and in doubt", "orders",
               "In flight: placed, not answered. In doubt (2pc): prepared rows in the services' databases waiting for a "
               "decision. Lock waiters (2pc): prepares queued behind a row lock");
    // Only 2pc holds row locks: under a saga the chart would stay empty, which reads as "no answer".
    const bool locks = cfg_->strategy == Strategy::TwoPhase;
    if (locks) t.chart("locks", "Lock wait (2pc)", "ms", "Prepare arrival to row lock granted, at payment (account) and inventory (item)");
    t.chart("compensations", "Compensations", "1/s", "Undo transactions that undid something (refund, release, cancel, order compensated)")
        .chart("broker", "Broker", "entries", "Delivered and not acknowledged, not yet delivered; redeliveries per second")
        .chart("invariants", "Invariant breaks (from the databases)", "count",
               "Money: balances + captured payments differ from the start. Stock: items whose on hand + reserved + shipped "
               "differ. Double applied: a second charge, reservation or shipment for one order");
    // The first audit column reads the databases for this sample; the later ones use that reading.
    t.value("in_doubt", "orders", "inflight", [this] { return refresh_live_audit(); })
        .gauge("in_flight", "orders", "inflight", m.in_flight)
        .value("lock_waiters", "prepares", "inflight", [&m] {
            double sum = 0;
            for (const Gauge& g : m.lock_waiters) sum += g.value();
            return sum;
        })
        .value("money_off", "units", "", [this] {
            std::lock_guard lock(audit_mu_);
            return double(live_.money_off);
        })
        .value("money_broken", "count", "invariants", [this] {
            std::lock_guard lock(audit_mu_);
            return live_.money_off != 0 ? 1.0 : 0.0;
        })
        .value("stock_broken_items", "items", "invariants", [this] {
            std::lock_guard lock(audit_mu_);
            return double(live_.stock_off);
        })
        .value("double_applied", "count", "invariants", [this] {
            std::lock_guard lock(audit_mu_);
            return double(live_.double_applied);
        })
        .rate("placed_per_s", "1/s", "orders", m.placed)
        .rate("completed_per_s", "1/s", "orders", m.completed)
        .rate("compensated_per_s", "1/s", "orders", m.compensated)
        .rate("timed_out_per_s", "1/s", "orders", m.timed_out)
        .rate("refused_per_s", "1/s", "orders", m.refused)
        .percentile_ms("latency_p50_ms", "latency", m.latency_ns, 0.50)
        .percentile_ms("latency_p99_ms", "latency", m.latency_ns, 0.99);
    if (locks) {
        t.percentile_ms("lock_wait_p50_ms", "locks", m.lock_wait_ns, 0.50)
            .percentile_ms("lock_wait_p99_ms", "locks", m.lock_wait_ns, 0.99);
    }
    t.rate("compensations_per_s", "1/s", "compensations", m.compensations)
        .value("broker_pending", "entries", "broker", [b = broker_.metrics] { return double(b->pending.load()); })
        .of_node("broker")
        .value("broker_backlog", "entries", "broker", [b = broker_.metrics] { return double(b->backlog.load()); })
        .of_node("broker")
        .value("broker_redeliveries_per_s", "1/s", "broker",
               [this] { return per_second(broker_.metrics->redelivered.load(), last_redelivered_, last_redelivered_t_); })
        .headline({&m.ended, &m.unserved, &m.latency_ns})
        .status({.rate_column = "completed_per_s",
                 .rate_label = "completed",
                 .rate_unit = "orders/s",
                 .rate_tip = "Orders completed per second in the last sample (compensated ones are not counted)",
                 .p99_tip = "99th percentile of an order's time from placed to ended, in the last sample"});
}

void TransactionsRun::started() {
    if (!port_) return;
    port_->start(runtime_, broker_.node);
    const std::string port = std::to_string(port_->port());
    std::lock_guard lock(endpoints_mu_);
    endpoints_ = {{"broker", "redis", "127.0.0.1:" + port, "redis-cli -p " + port + " PSUBSCRIBE 'orders.*'"}};
}

void TransactionsRun::close_port() {
    {
        std::lock_guard lock(endpoints_mu_);
        endpoints_.clear();
    }
    if (port_) port_->stop();
}

std::vector<ServiceEndpoint> TransactionsRun::endpoints() const {
    std::lock_guard lock(endpoints_mu_);
    return endpoints_;
}

void TransactionsRun::stop_workload() {
    cfg_->stopping = true;
    close_port();
}

bool TransactionsRun::drained() const {
    if (metrics_->in_flight.value() > 0) return false;
    if (broker_.metrics->pending.load() != 0 || broker_.metrics->backlog.load() != 0) return false;
    try {
        return settling(dbs()).settled();
    } catch (const std::exception&) {
        return false;  // a database busy beyond its timeout: not known to be at rest
    }
}

std::optional<std::uint64_t> TransactionsRun::drain_progress() const {
    try {
        // Orders ending, compensations (a saga undoing its steps ends the order only at its last),
        // and 2pc decisions applied (an in-doubt row resolved, its order already ended).
        return static_cast<std::uint64_t>(settling(dbs()).ended_orders) + metrics_->compensations.value() +
               metrics_->decisions_applied.value();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

void TransactionsRun::stopped() {
    close_port();
    if (audited_) return;
    audited_ = true;
    try {
        audit_ = audit_final(dbs(), *cfg_);
    } catch (const std::exception&) {
        audit_ = AuditResult{};
    }
    std::lock_guard lock(audit_mu_);
    in_doubt_max_ = std::max(in_doubt_max_, audit_.live.in_doubt);
    if (audit_.live.money_off != 0) ++money_breaks_;
    if (audit_.live.stock_off != 0) ++stock_breaks_;
}

nlohmann::json TransactionsRun::summary() {
    using nlohmann::json;
    stopped();
    const TxnMetrics& m = *metrics_;
    const AuditResult& a = audit_;
    json s;
    s["strategy"] = to_string(cfg_->strategy);
    s["orders"] = a.orders;
    s["completed"] = a.completed;
    s["compensated"] = a.compensated;
    s["stuck"] = a.stuck;
    s["in_doubt_at_end"] = a.live.in_doubt;
    {
        std::lock_guard lock(audit_mu_);
        s["in_doubt_max"] = in_doubt_max_;
        s["invariant_breaks"] = {{"money", money_breaks_}, {"stock", stock_breaks_}, {"half_done", a.half_done}};
    }
    s["lock_wait_ms"] = percentiles_ms(m.lock_wait_ns.snapshot());
    s["double_applied"] = a.live.double_applied;
    s["isolation_anomalies"] = a.isolation_anomalies;
    s["orphans"] = a.orphans;
    s["half_done_examples"] = a.half_done_examples;
    s["money_off"] = a.live.money_off;
    s["stock_items_off"] = a.live.stock_off;
    // Placed but neither answered nor timed out when the run ended: orders still waiting on a
    // dead or blocked node (the drain does not wait order_timeout_ms). The headline's requests
    // count only answered and timed-out orders, so these are named here.
    const std::uint64_t settled = m.ended.value() + m.timed_out.value() + m.refused.value();
    s["unanswered"] = m.placed.value() > settled ? m.placed.value() - settled : 0;
    s["client"] = {{"placed", m.placed.value()},
                   {"completed", m.completed.value()},
                   {"compensated", m.compensated.value()},
                   {"timed_out", m.timed_out.value()},
                   {"refused", m.refused.value()},
                   {"unanswered", s["unanswered"]}};
    s["refused"] = m.refused.value();
    s["compensations"] = m.compensations.value();
    s["decisions_resent"] = m.decisions_resent.value();
    s["inquiries"] = m.inquiries.value();
    s["steps_resent"] = m.steps_resent.value();
    s["local_retries"] = m.local_retries.value();
    s["events_published"] = m.events_published.value();
    const broker::BrokerMetrics& b = *broker_.metrics;
    s["broker"] = {{"published", b.published.load()}, {"delivered", b.delivered.load()},
                   {"redelivered", b.redelivered.load()}, {"duplicated", b.duplicated.load()},
                   {"dropped", b.dropped.load()}, {"pending", b.pending.load()}};
    return s;
}

bool TransactionsRun::apply_live(const std::string& knob, const KnobValue& value) {
    const auto* real = std::get_if<double>(&value);
    if (knob == "arrival_rps" && real) {
        cfg_->arrival_rps = *real;
        return true;
    }
    if (knob == "reject_ratio" && real) {
        cfg_->reject_ratio = *real;
        return true;
    }
    for (const KnobSpec& k : broker::broker_knobs()) {
        if (k.name != knob) continue;
        settings_.set_value(knob, value);
        broker::apply_broker_knobs(settings_, *broker_.cfg);
        return true;
    }
    return false;
}

ItemTable TransactionsRun::latest_items() const {
    try {
        return latest_orders(dbs(), 12);
    } catch (const std::exception&) {
        return {};  // a database busy beyond its timeout: no table this sample
    }
}

std::string TransactionsRun::node_note(const std::string& node) const {
    char buf[64];
    if (node == "broker") {
        std::snprintf(buf, sizeof buf, "%llu pending", static_cast<unsigned long long>(broker_.metrics->pending.load()));
        return buf;
    }
    if (cfg_->strategy == Strategy::TwoPhase && (node == "payment" || node == "inventory")) {
        const int i = node == "payment" ? 1 : 2;
        const double waiting = metrics_->lock_waiters[std::size_t(i)].value();
        if (waiting < 1) return {};
        std::snprintf(buf, sizeof buf, "%.0f waiting for locks", waiting);
        return buf;
    }
    if (node == "coordinator") {
        std::lock_guard lock(audit_mu_);
        if (live_.in_doubt == 0) return {};
        std::snprintf(buf, sizeof buf, "%lld in doubt", static_cast<long long>(live_.in_doubt));
        return buf;
    }
    if (node == "orchestrator") {
        // "undoing" (the compensations chart: undo transactions): short enough for the box at 1366x768.
        const double c = metrics_->sagas_compensating.value();
        if (c < 1) return {};
        std::snprintf(buf, sizeof buf, "%.0f undoing", c);
        return buf;
    }
    return {};
}

}  // namespace archlab::txnlab
