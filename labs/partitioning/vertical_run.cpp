#include "labs/partitioning/vertical_run.h"

#include "labs/partitioning/api_node.h"
#include "labs/partitioning/part_topology.h"
#include "labs/partitioning/service_node.h"
#include "labs/partitioning/vertical_client_node.h"
#include "labs/partitioning/vertical_store.h"

namespace archlab::partlab {

namespace {
nlohmann::json percentiles_ms(const HistogramSnapshot& h) {
    if (h.count() == 0) return nullptr;
    return {{"p50", double(h.percentile(0.50)) / 1e6}, {"p99", double(h.percentile(0.99)) / 1e6},
            {"max", double(h.max()) / 1e6}};
}

nlohmann::json per_request(std::uint64_t calls, std::uint64_t requests) {
    return requests ? nlohmann::json(double(calls) / double(requests)) : nlohmann::json(nullptr);
}

/// "get_user" for a column name.
std::string column_name(VOp op) {
    std::string s = vop_name(op);
    for (char& c : s) c = c == '-' ? '_' : c;
    return s;
}
}  // namespace

std::shared_ptr<VerticalConfig> vertical_config_from(const Settings& s) {
    auto cfg = std::make_shared<VerticalConfig>();
    const int keys = static_cast<int>(s.get_int("keys"));
    cfg->users = keys / 2;
    cfg->products = keys - cfg->users;
    cfg->key_dist = parse_key_dist(s.get_enum("key_dist"));
    cfg->zipf_s = s.get_double("zipf_s");
    cfg->mix = parse_vertical_mix(s.get_text("mix"));
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->link_latency_ms = s.get_double("link_latency_ms");
    cfg->db_queue_limit = static_cast<int>(s.get_int("db_queue_limit"));
    return cfg;
}

VerticalRun::VerticalRun(const RunEnv& env, const Settings& s) : runtime_(env.runtime) {
    cfg_ = vertical_config_from(s);
    metrics_ = std::make_shared<VerticalMetrics>();
    for (int d = 0; d < kDomains; ++d) {
        const Domain domain = Domain(d);
        auto db = std::make_shared<SqlitePool>((env.data_dir / (std::string(domain_name(domain)) + ".sqlite3")).string());
        vstore_prepare(*db, domain);
        dbs_[std::size_t(d)] = db;
    }
    vstore_load_users(*dbs_[std::size_t(Domain::Users)], cfg_->users);
    vstore_load_products(*dbs_[std::size_t(Domain::Catalog)], cfg_->products);
    vstore_load_orders(*dbs_[std::size_t(Domain::Orders)], cfg_->users, cfg_->products);
    for (int d = 0; d < kDomains; ++d) metrics_->services[std::size_t(d)].keys = vstore_count(*dbs_[std::size_t(d)], Domain(d));

    auto cfg = cfg_;
    auto m = metrics_;
    runtime_.add_node({"client", "client", 0, [cfg, m] { return std::make_unique<VerticalClientNode>(cfg, m); }});
    runtime_.add_node({"api", "router", 0, [cfg] { return std::make_unique<ApiNode>(cfg); }});
    for (int d = 0; d < kDomains; ++d) {
        const Domain domain = Domain(d);
        auto db = dbs_[std::size_t(d)];
        // One worker thread: the service's database jobs run one at a time, in order.
        NodeSpec spec{domain_name(domain), "service", 1,
                      [domain, cfg, m, db] { return std::make_unique<ServiceNode>(domain, cfg, m, db); }};
        spec.max_queued_jobs = static_cast<std::size_t>(cfg->db_queue_limit);
        runtime_.add_node(std::move(spec));
    }
    set_link_latency(runtime_, cfg_->link_latency_ms);
    declare_series();
}

void VerticalRun::declare_series() {
    VerticalMetrics& m = *metrics_;
    SeriesTable& t = table_;
    t.chart("keys", "Rows per service", "rows", "Rows in each service's own database: its domain's data")
        .chart("load", "Requests per service", "req/s",
               "Calls each service served, from the api and from other services: a service's load is its domain's")
        .chart("calls", "Cross-service calls per request", "calls",
               "Calls between services per answered request, mean per sample: get-user and get-product make none, "
               "place-order two, order-history one")
        .chart("latency", "Latency by request type (p99)", "ms", "Client-measured, answered requests")
        .chart("errors", "Errors", "1/s", "Requests given up (no answer in time) or failed (a call they needed did not answer)");
    std::vector<const Counter*> calls_made;
    for (int d = 0; d < kDomains; ++d) {
        const std::string id = domain_name(Domain(d));
        const ServiceGauges& g = m.services[std::size_t(d)];
        t.value("keys_" + id, "rows", "keys", [&g] { return double(g.keys.load()); }).of_node(id);
        calls_made.push_back(&g.calls_made);
    }
    for (int d = 0; d < kDomains; ++d) {
        const std::string id = domain_name(Domain(d));
        t.rate("requests_" + id, "req/s", "load", m.services[std::size_t(d)].requests).of_node(id);
    }
    t.ratio("cross_service_calls", "calls", {&m.calls_answered}, {&m.ok})
        .rate("cross_service_calls_per_s", "calls/s", "", calls_made);
    for (int i = 0; i < kRequestTypes; ++i) {
        const VOp op = VOp(i);
        t.percentile_ms("p99_ms_" + column_name(op), "latency", m.by_type[std::size_t(i)].latency_ns, 0.99);
    }
    for (int i = 0; i < kRequestTypes; ++i) {
        const VOp op = VOp(i);
        t.rate(column_name(op) + "_per_s", "req/s", "", m.by_type[std::size_t(i)].ok);
    }
    t.rate("ok_per_s", "req/s", "", m.ok)
        .rate("timeouts_per_s", "1/s", "errors", m.err_timeout)
        .rate("call_failures_per_s", "1/s", "errors", m.err_call_failed)
        .headline({&m.ok, &m.failed, &m.latency_ns})
        .status({.rate_column = "ok_per_s",
                 .rate_tip = "Requests answered per second in the last sample",
                 .p99_column = "",
                 .p99_tip = "This layout charts p99 per request type (the Latency chart), not one figure"});
}

void VerticalRun::stop_workload() { cfg_->stopping = true; }

bool VerticalRun::drained() const { return metrics_->ok.value() + metrics_->failed.value() >= metrics_->issued.value(); }

void VerticalRun::stopped() {
    if (counted_) return;
    counted_ = true;
    for (int d = 0; d < kDomains; ++d) rows_at_end_[std::size_t(d)] = vstore_count(*dbs_[std::size_t(d)], Domain(d));
}

nlohmann::json VerticalRun::summary() {
    using nlohmann::json;
    stopped();
    const VerticalMetrics& m = *metrics_;
    json s;
    s["layout"] = "vertical";
    json mix = json::object();
    json by_type = json::object();
    for (int i = 0; i < kRequestTypes; ++i) {
        const RequestTypeStats& t = m.by_type[std::size_t(i)];
        mix[vop_name(VOp(i))] = cfg_->mix[std::size_t(i)];
        by_type[vop_name(VOp(i))] = {{"issued", t.issued.value()},
                                     {"ok", t.ok.value()},
                                     {"cross_service_calls_per_request", per_request(t.calls.value(), t.ok.value())},
                                     {"latency_ms", percentiles_ms(t.latency_ns.snapshot())}};
    }
    s["mix"] = mix;
    s["requests_by_type"] = by_type;
    json per_service = json::array();
    std::uint64_t calls_made = 0;
    for (int d = 0; d < kDomains; ++d) {
        const ServiceGauges& g = m.services[std::size_t(d)];
        per_service.push_back({{"id", domain_name(Domain(d))},
                               {"keys", rows_at_end_[std::size_t(d)]},
                               {"requests", g.requests.value()},
                               {"cross_service_calls_made", g.calls_made.value()}});
        calls_made += g.calls_made.value();
    }
    s["per_service"] = per_service;
    s["cross_service_calls_per_request"] = per_request(m.calls_answered.value(), m.ok.value());
    s["cross_service_calls"] = calls_made;
    s["requests_issued"] = m.issued.value();
    s["requests_ok"] = m.ok.value();
    s["not_found"] = m.not_found.value();
    s["errors_by_cause"] = {{"timeout", m.err_timeout.value()}, {"call_failed", m.err_call_failed.value()}};
    s["latency_ms"] = percentiles_ms(m.latency_ns.snapshot());
    return s;
}

bool VerticalRun::apply_fault(const FaultEvent& f) {
    if (f.action == "add-shard" || f.action == "remove-shard" || f.action == "split" || f.action == "move-slots") {
        throw InputError(f.action + " does not apply with layout=vertical: the data is split by domain into the "
                         "services users, orders and catalog, which have no shards to add, remove, split or move");
    }
    return false;
}

bool VerticalRun::apply_live(const std::string& knob, const KnobValue& value) {
    const auto* real = std::get_if<double>(&value);
    if (knob == "arrival_rps" && real) {
        cfg_->arrival_rps = *real;
        return true;
    }
    return false;
}

std::string VerticalRun::node_note(const std::string& node) const {
    for (int d = 0; d < kDomains; ++d) {
        if (node == domain_name(Domain(d))) return std::to_string(metrics_->services[std::size_t(d)].keys.load()) + " rows";
    }
    return {};
}

}  // namespace archlab::partlab
