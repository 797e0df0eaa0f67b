#include "labs/load_balancing/lb_run.h"

#include <cmath>
#include <limits>
#include <thread>

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "core/runtime/live_runtime.h"
#include "labs/load_balancing/lb_topology.h"
#include "labs/load_balancing/lb_weights.h"

namespace archlab::lblab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }
}  // namespace

std::shared_ptr<LbLabConfig> config_from(const Settings& s) {
    auto cfg = std::make_shared<LbLabConfig>();
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->service_ms = s.get_double("service_ms");
    cfg->nodes = static_cast<int>(s.get_int("nodes"));
    cfg->threads_per_node = static_cast<int>(s.get_int("threads_per_node"));
    cfg->users = static_cast<int>(s.get_int("users"));
    const std::string slow = s.get_enum("slow_node");
    cfg->slow_node = slow == "none" ? "" : slow;
    if (!cfg->slow_node.empty() && std::stoi(cfg->slow_node.substr(5)) > cfg->nodes) {
        throw InputError("slow_node '" + slow + "': the lab has only node-1..node-" + std::to_string(cfg->nodes) +
                         " (raise nodes or pick another)");
    }
    cfg->slow_factor = s.get_double("slow_factor");
    const lb::PoolTimings pool = lb::pool_timings(s);
    cfg->heartbeat = pool.heartbeat;
    cfg->detect_after = pool.detect_after;
    cfg->timeout = pool.timeout;
    return cfg;
}

LbRun::LbRun(const Settings& s, std::uint64_t seed) {
    cfg_ = config_from(s);
    balancer_ = make_balancer_config(*cfg_, s.get_enum("strategy"));
    balancer_->weights = weights_for_nodes(s.get_text("weights"), cfg_->nodes);
    watch_ = std::make_shared<lb::BalancerWatch>(cfg_->nodes);
    metrics_ = std::make_shared<LbMetrics>(cfg_->nodes);
    runtime_ = std::make_unique<LiveRuntime>(seed);
    add_lb_nodes(*runtime_, cfg_, metrics_, balancer_, watch_);
    door_.add_gateway(*runtime_, "lb");
    prev_node_served_.assign(cfg_->nodes, 0);
}

LbRun::~LbRun() {
    door_.stop();
    runtime_->stop();
}

void LbRun::start() {
    runtime_->start();
    door_.start(*runtime_);
}

void LbRun::stop() {
    if (stopped_) return;
    stopped_ = true;
    cfg_->stopping = true;
    stop_s_ = to_s(runtime_->now());
    // Give requests in flight a moment to come back, so the tail is not cut off.
    for (int i = 0; i < 200; ++i) {
        if (metrics_->sent.value() <= metrics_->ok.value() + metrics_->errors.value()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    door_.stop();
    runtime_->stop();
}

bool LbRun::apply_fault(const FaultEvent& fault) {
    // Note when a node went silent, then let the runtime apply the fault itself.
    if (fault.action == "kill" || fault.action == "pause" || fault.action == "partition") {
        detection_.silenced(fault.target, runtime_->now());
    }
    return false;
}

std::vector<std::string> LbRun::series_columns() const {
    std::vector<std::string> c = {"throughput_rps", "arrival_rps",    "errors_per_s",   "error_rate",
                                  "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms"};
    for (int i = 1; i <= cfg_->nodes; ++i) c.push_back("served_rps_" + app_node_id(i));
    for (int i = 1; i <= cfg_->nodes; ++i) c.push_back("in_flight_" + app_node_id(i));
    c.push_back("user_moves_per_s");
    c.push_back("alive_nodes");
    c.push_back("detection_delay_ms");
    c.push_back("detect_after_ms");
    return c;
}

void LbRun::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-6, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    const HistogramSnapshot lat = metrics_->latency_ns.snapshot();
    const HistogramSnapshot d = lat.since(prev_latency_);
    prev_latency_ = lat;
    const std::uint64_t ok = metrics_->ok.value(), errors = metrics_->errors.value();
    const double d_ok = static_cast<double>(ok - prev_ok_), d_err = static_cast<double>(errors - prev_errors_);
    prev_ok_ = ok;
    prev_errors_ = errors;
    const bool have = d.count() > 0;

    std::size_t k = 0;
    v[k++] = d_ok / dt;
    v[k++] = cfg_->stopping ? 0.0 : cfg_->arrival_rps.load();
    v[k++] = d_err / dt;
    v[k++] = d_ok + d_err > 0 ? d_err / (d_ok + d_err) : kNaN;
    v[k++] = have ? ns_to_ms(d.percentile(0.50)) : kNaN;
    v[k++] = have ? ns_to_ms(d.percentile(0.95)) : kNaN;
    v[k++] = have ? ns_to_ms(d.percentile(0.99)) : kNaN;
    v[k++] = have ? ns_to_ms(d.max()) : kNaN;
    for (int i = 0; i < cfg_->nodes; ++i) {
        // Served (200) only: a dead node's timeouts still name it, but it served nothing.
        const std::uint64_t r = metrics_->node_served[i].value();
        v[k++] = static_cast<double>(r - prev_node_served_[i]) / dt;
        prev_node_served_[i] = r;
    }
    for (int i = 0; i < cfg_->nodes; ++i) v[k++] = watch_->in_flight[i].value();
    const std::uint64_t moves = metrics_->user_moves.value();
    v[k++] = static_cast<double>(moves - prev_moves_) / dt;
    prev_moves_ = moves;
    const std::vector<lb::MembershipChange> changes = watch_->changes();
    int alive = 0;
    for (const auto& c : changes) alive += c.alive ? 1 : -1;
    v[k++] = alive;
    // The latest measured delay, held until the next removal.
    const DetectionResult det = detection_.match(changes);
    v[k++] = det.delays_ms.empty() ? kNaN : det.delays_ms.back();
    v[k++] = to_ms(cfg_->detect_after);
}

nlohmann::json LbRun::summary() {
    using nlohmann::json;
    const HistogramSnapshot lat = metrics_->latency_ns.snapshot();
    const double started = metrics_->workload_started_s.value();
    const double end = stopped_ ? stop_s_ : to_s(runtime_->now());
    const double span = std::max(1e-9, end - started);
    const std::uint64_t sent = metrics_->sent.value(), ok = metrics_->ok.value(), errors = metrics_->errors.value();
    json s;
    s["strategy"] = balancer_->strategy().first;
    s["requests"] = sent;
    s["ok"] = ok;
    s["errors"] = errors;
    s["error_rate"] = ok + errors ? static_cast<double>(errors) / static_cast<double>(ok + errors) : 0.0;
    s["throughput_rps"] = static_cast<double>(ok) / span;
    s["latency_ms"] = {{"mean", lat.mean() / 1e6},
                       {"p50", ns_to_ms(lat.percentile(0.50))},
                       {"p95", ns_to_ms(lat.percentile(0.95))},
                       {"p99", ns_to_ms(lat.percentile(0.99))},
                       {"max", ns_to_ms(lat.max())}};
    std::uint64_t answered_by_nodes = 0;
    for (int i = 0; i < cfg_->nodes; ++i) answered_by_nodes += metrics_->node_requests[i].value();
    json per_node = json::array();
    for (int i = 0; i < cfg_->nodes; ++i) {
        const std::uint64_t r = metrics_->node_requests[i].value();
        const HistogramSnapshot nl = metrics_->node_latency_ns[i].snapshot();
        per_node.push_back({{"id", app_node_id(i + 1)},
                            {"requests", r},
                            {"errors", metrics_->node_errors[i].value()},
                            {"share", answered_by_nodes ? static_cast<double>(r) / static_cast<double>(answered_by_nodes) : 0.0},
                            {"p99_ms", nl.count() ? json(ns_to_ms(nl.percentile(0.99))) : json(nullptr)}});
    }
    s["per_node"] = per_node;
    s["user_moves"] = metrics_->user_moves.value();
    s["user_moves_ratio"] = ok ? static_cast<double>(metrics_->user_moves.value()) / static_cast<double>(ok) : 0.0;
    json causes = json::object();
    for (const auto& [cause, n] : metrics_->errors_by_cause()) causes[cause] = n;
    s["errors_by_cause"] = causes;
    const DetectionResult det = detection_.match(watch_->changes());
    double sum = 0.0;
    for (double d : det.delays_ms) sum += d;
    s["detection_delay_ms"] = det.delays_ms.empty() ? json(nullptr) : json(sum / static_cast<double>(det.delays_ms.size()));
    s["detection_delays_ms"] = det.delays_ms;
    s["unprompted_removals"] = det.unprompted_removals;
    s["detect_after_ms"] = to_ms(cfg_->detect_after);
    s["front_door"] = door_.summary();  // requests that came in over HTTP, beside the lab's client
    return s;
}

bool LbRun::apply_live(const std::string& knob, const KnobValue& value) {
    if (knob == "arrival_rps" && std::holds_alternative<double>(value)) {
        cfg_->arrival_rps = std::get<double>(value);
        return true;
    }
    if (knob == "strategy" && std::holds_alternative<std::string>(value)) {
        const std::string& name = std::get<std::string>(value);
        if (!lb::builtin_strategies().find(name)) return false;
        balancer_->set_strategy(name);
        return true;
    }
    return false;
}

std::vector<ChartSpec> LbRun::chart_specs(int nodes) {
    std::vector<std::string> rps, in_flight;
    for (int i = 1; i <= nodes; ++i) {
        rps.push_back("served_rps_" + app_node_id(i));
        in_flight.push_back("in_flight_" + app_node_id(i));
    }
    return {
        {"per_node", "Requests served per node", "req/s", rps, {}, "answered 200, by the node the answer names (X-Archlab-Node)"},
        {"latency", "Latency percentiles (client)", "ms", {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms"}, {},
         "requests answered 200; failed ones (timeouts, 503s) are on the errors chart"},
        {"errors", "Errors", "1/s", {"errors_per_s", "throughput_rps"}, {}, ""},
        {"error_rate", "Error rate", "share", {"error_rate"}, {}, ""},
        {"in_flight", "In flight per node (balancer)", "requests", in_flight, {}, ""},
        {"detection", "Detection delay: kill to removal", "ms", {"detection_delay_ms"}, {"detect_after_ms"},
         "the last measured removal; dashed: detect_after_ms (the delay is that minus the time since the last heartbeat)"},
        {"alive", "Alive nodes (as discovery says)", "nodes", {"alive_nodes"}, {}, ""},
        {"affinity", "Users served by another node than last time", "1/s", {"user_moves_per_s"}, {},
         "consistent-hash and sticky keep users in place; only membership changes move them"},
    };
}

}  // namespace archlab::lblab
