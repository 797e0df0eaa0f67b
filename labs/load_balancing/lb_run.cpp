#include "labs/load_balancing/lb_run.h"

#include <algorithm>
#include <limits>
#include <map>

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "labs/load_balancing/lb_topology.h"
#include "labs/load_balancing/lb_weights.h"

namespace archlab::lblab {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Above kNodeColumnsUpTo nodes the per-node chart shows shares over this much run time.
constexpr Nanos kSpreadWindow = std::chrono::seconds(5);

double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }

/// Smallest, median and largest of the values, and the fair share 1/N ({} when empty).
nlohmann::json spread_of(std::vector<double> v) {
    if (v.empty()) return nullptr;
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return {{"min", *std::min_element(v.begin(), v.end())},
            {"median", *mid},
            {"max", *std::max_element(v.begin(), v.end())},
            {"fair", 1.0 / static_cast<double>(v.size())}};
}
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

LbRun::LbRun(const RunEnv& env, const Settings& s) : runtime_(env.runtime) {
    cfg_ = config_from(s);
    balancer_ = make_balancer_config(*cfg_, s.get_enum("strategy"));
    balancer_->weights = weights_for_nodes(s.get_text("weights"), cfg_->nodes);
    watch_ = std::make_shared<lb::BalancerWatch>(static_cast<std::size_t>(cfg_->nodes));
    metrics_ = std::make_shared<LbMetrics>(cfg_->nodes);
    add_lb_nodes(runtime_, cfg_, metrics_, balancer_, watch_);
    if (env.mode == TimeMode::Live) {
        // Outside clients exist only on the wall clock: a virtual run opens no socket.
        door_ = std::make_unique<net::LabFrontDoor>();
        door_->add_gateway(runtime_, "lb");
    }
    declare_series();
}

LbRun::~LbRun() {
    if (door_) door_->stop();
}

int LbRun::alive_nodes() const {
    // Each node's latest change counts (a restarted balancer hears every node join again).
    std::map<std::string, bool> alive;
    for (const lb::MembershipChange& c : watch_->changes()) alive[c.node] = c.alive;
    return static_cast<int>(std::count_if(alive.begin(), alive.end(), [](const auto& a) { return a.second; }));
}

void LbRun::declare_series() {
    LbMetrics& m = *metrics_;
    SeriesTable& t = table_;
    const bool per_node = cfg_->nodes <= kNodeColumnsUpTo;
    if (per_node) {
        t.chart("per_node", "Requests served per node", "req/s",
                "answered 200, by the node the answer names (X-Archlab-Node)");
    } else {
        t.chart("per_node", "Share of requests served, across nodes", "share",
                "each up node's share of the requests served (200) in the last 5 s: smallest, median, largest; "
                "dashed: the fair share 1/N (a line per node up to " + std::to_string(kNodeColumnsUpTo) + " nodes)");
    }
    t.chart("latency", "Latency percentiles (client)", "ms",
            "requests answered 200; failed ones (timeouts, 503s) are on the errors charts")
        .chart("throughput", "Throughput", "req/s", "answered 200; arrival_rps: what the client sends")
        .chart("errors", "Errors", "1/s", "timeouts, 503s and lost requests, as the client saw them")
        .chart("error_rate", "Error rate", "share", "errors / (answered 200 + errors)")
        .chart("in_flight", per_node ? "In flight per node (balancer)" : "In flight across nodes (balancer)", "requests",
               per_node ? "" : "the largest and the mean over the nodes that are up")
        .chart("detection", "Detection delay: kill to removal", "ms",
               "the last measured removal; dashed: detect_after_ms (the delay is that minus the time since the last "
               "heartbeat)")
        .chart("alive", "Alive nodes (as discovery says)", "nodes")
        .chart("affinity", "Users served by another node than last time", "1/s",
               "consistent-hash and sticky keep users in place; only membership changes move them");

    t.rate("throughput_rps", "req/s", "throughput", m.ok)
        .value("arrival_rps", "req/s", "throughput", [this] { return cfg_->stopping ? 0.0 : cfg_->arrival_rps.load(); })
        .rate("errors_per_s", "1/s", "errors", m.errors)
        .ratio("error_rate", "error_rate", {&m.errors}, {&m.ok, &m.errors})
        .percentile_ms("latency_p50_ms", "latency", m.latency_ns, 0.50)
        .percentile_ms("latency_p95_ms", "latency", m.latency_ns, 0.95)
        .percentile_ms("latency_p99_ms", "latency", m.latency_ns, 0.99)
        .max_ms("latency_max_ms", "", m.latency_ns);
    declare_node_columns();
    t.rate("user_moves_per_s", "1/s", "affinity", m.user_moves)
        .value("alive_nodes", "nodes", "alive", [this] { return static_cast<double>(alive_nodes()); })
        .value("detection_delay_ms", "ms", "detection", [this] {
            // The latest measured delay, held until the next removal.
            const DetectionResult det = detection_.match(watch_->changes());
            return det.delays_ms.empty() ? kNaN : det.delays_ms.back();
        })
        .value("detect_after_ms", "ms", "detection", [this] { return to_ms(cfg_->detect_after); })
        .predicted();
    t.headline({&m.ok, &m.errors, &m.latency_ns});
}

void LbRun::declare_node_columns() {
    SeriesTable& t = table_;
    if (cfg_->nodes <= kNodeColumnsUpTo) {
        for (int k = 1; k <= cfg_->nodes; ++k) {
            // Served (200) only: a dead node's timeouts still name it, but it served nothing.
            const std::string id = app_node_id(k);
            t.rate("served_rps_" + id, "req/s", "per_node", metrics_->node_served[static_cast<std::size_t>(k - 1)])
                .of_node(id);
        }
        for (int k = 1; k <= cfg_->nodes; ++k) {
            const std::string id = app_node_id(k);
            t.gauge("in_flight_" + id, "requests", "in_flight", watch_->in_flight[static_cast<std::size_t>(k - 1)])
                .of_node(id);
        }
        return;
    }
    std::vector<NodeIndex> nodes;
    for (int k = 1; k <= cfg_->nodes; ++k) nodes.push_back(runtime_.lookup(app_node_id(k)));
    spread_ = std::make_unique<ServedSpread>(metrics_->node_served, nodes, runtime_, kSpreadWindow);
    // The sampler reads columns in declaration order: the first one refreshes the spread.
    t.value("served_share_min", "share", "per_node", [this] { spread_->refresh(); return spread_->min(); })
        .value("served_share_median", "share", "per_node", [this] { return spread_->median(); })
        .value("served_share_max", "share", "per_node", [this] { return spread_->max(); })
        .value("served_share_fair", "share", "per_node", [this] { return spread_->fair(); })
        .predicted();
    const auto in_flight = [this, nodes](bool mean) {
        return [this, nodes, mean] {
            double most = 0.0, sum = 0.0;
            int up = 0;
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                if (runtime_.state(nodes[i]) == NodeState::Down) continue;
                const double v = watch_->in_flight[i].value();
                most = std::max(most, v);
                sum += v;
                ++up;
            }
            if (up == 0) return kNaN;
            return mean ? sum / up : most;
        };
    };
    t.value("in_flight_max", "requests", "in_flight", in_flight(false))
        .value("in_flight_mean", "requests", "in_flight", in_flight(true));
}

void LbRun::started() {
    if (door_) door_->start(runtime_);
}

void LbRun::stop_workload() { cfg_->stopping = true; }

bool LbRun::drained() const { return metrics_->sent.value() <= metrics_->ok.value() + metrics_->errors.value(); }

void LbRun::stopped() {
    if (door_) door_->stop();
}

std::vector<ServiceEndpoint> LbRun::endpoints() const {
    return door_ ? door_->endpoints() : std::vector<ServiceEndpoint>{};
}

bool LbRun::apply_fault(const FaultEvent& fault) {
    // Note when a node went silent, then let the runtime apply the fault itself.
    if (fault.action == "kill" || fault.action == "pause" || fault.action == "partition") {
        detection_.silenced(fault.target, runtime_.now());
    }
    return false;
}

nlohmann::json LbRun::summary() {
    using nlohmann::json;
    // requests, errors, error_rate, throughput and latency come from the framework (the headline).
    json s;
    s["strategy"] = balancer_->strategy().first;
    s["ok"] = metrics_->ok.value();
    std::uint64_t answered_by_nodes = 0;
    for (const Counter& c : metrics_->node_requests) answered_by_nodes += c.value();
    json per_node = json::array();
    std::vector<double> shares;
    for (int i = 0; i < cfg_->nodes; ++i) {
        const auto k = static_cast<std::size_t>(i);
        const std::uint64_t r = metrics_->node_requests[k].value();
        const double share = answered_by_nodes ? static_cast<double>(r) / static_cast<double>(answered_by_nodes) : 0.0;
        shares.push_back(share);
        const HistogramSnapshot nl = metrics_->node_latency_ns[k].snapshot();
        per_node.push_back({{"id", app_node_id(i + 1)},
                            {"requests", r},
                            {"errors", metrics_->node_errors[k].value()},
                            {"share", share},
                            {"p99_ms", nl.count() ? json(ns_to_ms(nl.percentile(0.99))) : json(nullptr)}});
    }
    s["per_node"] = per_node;
    s["per_node_share"] = spread_of(std::move(shares));  // over the whole run, every node
    s["user_moves"] = metrics_->user_moves.value();
    s["user_moves_ratio"] = metrics_->ok.value()
                                ? static_cast<double>(metrics_->user_moves.value()) / static_cast<double>(metrics_->ok.value())
                                : 0.0;
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
    if (door_) s["front_door"] = door_->summary();  // requests that came in over HTTP, beside the lab's client
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

std::string LbRun::node_role(const std::string& node) const {
    return watch_->removed(node) ? kNodeRoleRemoved : std::string();
}

}  // namespace archlab::lblab
