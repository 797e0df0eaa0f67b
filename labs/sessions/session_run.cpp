#include "labs/sessions/session_run.h"

#include <algorithm>
#include <limits>

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "labs/sessions/session_topology.h"

namespace archlab::sessions {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string node_id(int k) { return "node-" + std::to_string(k); }

/// Requests per second each app node made over the last sample interval, folded to min / mean /
/// max over the nodes that are up: the per-node chart of a cluster too large to draw line by line.
struct NodeRateSpread {
    double t_s = 0.0;                      ///< run time of the last refresh, s
    std::vector<std::uint64_t> prev;       ///< each node's requests then
    double min = kNaN, mean = kNaN, max = kNaN;
};
}  // namespace

std::shared_ptr<SessionConfig> session_config_from(const Settings& s, TimeMode mode, std::uint64_t seed) {
    auto cfg = std::make_shared<SessionConfig>();
    cfg->mode = parse_session_mode(s.get_enum("session_mode"));
    cfg->arrival_rps = s.get_double("arrival_rps");
    cfg->nodes = static_cast<int>(s.get_int("nodes"));
    cfg->threads_per_node = static_cast<int>(s.get_int("threads_per_node"));
    cfg->service_ms = s.get_double("service_ms");
    cfg->users = static_cast<int>(s.get_int("users"));
    cfg->user_skew = s.get_double("user_skew");
    const lb::PoolTimings pool = lb::pool_timings(s);
    cfg->heartbeat = pool.heartbeat;
    cfg->detect_after = pool.detect_after;
    cfg->timeout = pool.timeout;
    cfg->token_ttl_s = s.get_int("token_ttl_s");
    cfg->attack_share = s.get_double("attack_share");
    cfg->epoch_s = token_epoch_s(mode);
    cfg->secret = token_secret(mode, seed);
    return cfg;
}

SessionRun::SessionRun(const RunEnv& env, const Settings& s) : runtime_(env.runtime), mode_(env.mode) {
    cfg_ = session_config_from(s, env.mode, env.seed);
    balancer_ = make_session_balancer(*cfg_, s.get_enum("strategy"));
    watch_ = std::make_shared<lb::BalancerWatch>(static_cast<std::size_t>(cfg_->nodes));
    metrics_ = std::make_shared<SessionMetrics>(cfg_->nodes);
    Runtime* rt = &runtime_;
    store_ = make_session_store([rt] { return rt->now(); });
    add_session_nodes(runtime_, cfg_, metrics_, balancer_, watch_, store_);
    if (mode_ == TimeMode::Live) {
        door_ = std::make_unique<net::LabFrontDoor>();
        door_->add_gateway(runtime_, "lb");
    }
    declare_series();
}

SessionRun::~SessionRun() { stopped(); }

void SessionRun::declare_series() {
    SessionMetrics& m = *metrics_;
    SeriesTable& t = table_;
    t.chart("lost", "Session-lost rate", "share", "share of browses whose session was not found")
        .chart("outcomes", "Lost, refused and failed requests", "1/s")
        .chart("throughput", "Served requests", "req/s",
               "served: logins and browses that found their session; arrival: every request sent")
        .chart("latency", "Latency percentiles (client)", "ms", "served requests, from their intended send time")
        .chart("per_node", "Requests per node", "req/s",
               "answers each node made itself (lb's timeouts for a dead node are errors)")
        .chart("skew", "Load skew (busiest / least busy node)", "x",
               "requests each node served since the start; a node that died stops counting");
    t.rate("throughput_rps", "req/s", "throughput", m.ok)
        .value("arrival_rps", "req/s", "throughput",
               [this] { return cfg_->stopping ? 0.0 : cfg_->arrival_rps.load(); })
        .ratio("session_lost_ratio", "lost", {&m.session_lost}, {&m.session_lost, &m.browses_ok})
        .rate("session_lost_per_s", "1/s", "outcomes", m.session_lost)
        .rate("refused_per_s", "1/s", "outcomes", {&m.attacks_refused, &m.refused_genuine})
        .rate("errors_per_s", "1/s", "outcomes", m.errors)
        .percentile_ms("latency_p50_ms", "latency", m.latency_ns, 0.50)
        .percentile_ms("latency_p95_ms", "latency", m.latency_ns, 0.95)
        .percentile_ms("latency_p99_ms", "latency", m.latency_ns, 0.99);
    // Skew over the requests since the start, as in the summary: per sample it would mostly
    // chart the noise of a few dozen arrivals per node.
    t.value("load_skew", "x", "skew", [this] {
        std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), hi = 0;
        for (const Counter& c : metrics_->node_requests) {
            lo = std::min(lo, c.value());
            hi = std::max(hi, c.value());
        }
        return lo > 0 && lo != std::numeric_limits<std::uint64_t>::max()
                   ? static_cast<double>(hi) / static_cast<double>(lo) : kNaN;
    });
    declare_per_node_series();
    t.headline({&m.ok, &m.errors, &m.latency_ns});
}

void SessionRun::declare_per_node_series() {
    if (cfg_->nodes <= kPerNodeColumnsMax) {
        for (int k = 1; k <= cfg_->nodes; ++k) {
            table_.rate("rps_" + node_id(k), "req/s", "per_node", metrics_->node_requests[static_cast<std::size_t>(k - 1)])
                .of_node(node_id(k));
        }
        return;
    }
    std::vector<NodeIndex> index;
    for (int k = 1; k <= cfg_->nodes; ++k) index.push_back(runtime_.lookup(node_id(k)));
    auto spread = std::make_shared<NodeRateSpread>();
    spread->prev.assign(index.size(), 0);
    // The three columns read one refresh per sample time (the sampler calls them in turn).
    const auto refreshed = [this, index, spread]() -> const NodeRateSpread& {
        const double now = to_s(runtime_.now());
        if (now <= spread->t_s) return *spread;
        const double dt = now - spread->t_s;
        double lo = kNaN, hi = kNaN, sum = 0.0;
        int up = 0;
        for (std::size_t i = 0; i < index.size(); ++i) {
            const std::uint64_t n = metrics_->node_requests[i].value();
            const double rate = static_cast<double>(n - spread->prev[i]) / dt;
            spread->prev[i] = n;
            if (runtime_.state(index[i]) == NodeState::Down) continue;
            lo = up == 0 ? rate : std::min(lo, rate);
            hi = up == 0 ? rate : std::max(hi, rate);
            sum += rate;
            ++up;
        }
        spread->t_s = now;
        spread->min = lo;
        spread->max = hi;
        spread->mean = up > 0 ? sum / up : kNaN;
        return *spread;
    };
    table_.value("rps_node_min", "req/s", "per_node", [refreshed] { return refreshed().min; })
        .value("rps_node_mean", "req/s", "per_node", [refreshed] { return refreshed().mean; })
        .value("rps_node_max", "req/s", "per_node", [refreshed] { return refreshed().max; });
}

void SessionRun::started() {
    if (mode_ != TimeMode::Live) return;  // virtual time: nothing listens on a socket
    door_->start(runtime_);
    if (cfg_->mode == SessionMode::SharedStore) {
        store_door_ = std::make_unique<resp::RespServer>(*store_, resp::RespServerOptions{});
        store_door_->start();
    }
}

void SessionRun::stop_workload() {
    cfg_->stopping = true;
    // The front door posts into the cluster: it closes before the runtime stops.
    if (door_) door_->stop();
}

bool SessionRun::drained() const { return metrics_->finished.value() >= metrics_->sent.value(); }

void SessionRun::stopped() {
    if (door_) door_->stop();
    if (store_door_) store_door_->stop();
}

std::vector<ServiceEndpoint> SessionRun::endpoints() const {
    std::vector<ServiceEndpoint> out = door_ ? door_->endpoints() : std::vector<ServiceEndpoint>{};
    if (store_door_) {
        const std::string port = std::to_string(store_door_->port());
        out.push_back({"store", "redis", "127.0.0.1:" + port, "redis-cli -p " + port + " keys '*'"});
    }
    return out;
}

bool SessionRun::apply_fault(const FaultEvent& fault) {
    // While the store node is down its Redis door says so; the runtime still applies the fault.
    if (fault.target == "store" && fault.action == "kill") store_->set_available(false);
    if (fault.target == "store" && fault.action == "restart") store_->set_available(true);
    return false;
}

bool SessionRun::apply_live(const std::string& knob, const KnobValue& value) {
    if (knob == "arrival_rps" && std::holds_alternative<double>(value)) {
        cfg_->arrival_rps = std::get<double>(value);
        return true;
    }
    if (knob == "strategy" && std::holds_alternative<std::string>(value) && cfg_->mode != SessionMode::Sticky) {
        const std::string& name = std::get<std::string>(value);
        if (!lb::builtin_strategies().find(name)) return false;
        balancer_->set_strategy(name);
        return true;
    }
    return false;
}

nlohmann::json SessionRun::per_node_summary() const {
    nlohmann::json per_node = nlohmann::json::array();
    for (std::size_t i = 0; i < metrics_->node_requests.size(); ++i) {
        per_node.push_back({{"id", node_id(static_cast<int>(i) + 1)},
                            {"requests", metrics_->node_requests[i].value()},
                            {"errors", metrics_->node_errors[i].value()}});
    }
    return per_node;
}

nlohmann::json SessionRun::summary() {
    using nlohmann::json;
    const SessionMetrics& m = *metrics_;
    // requests, errors, error_rate, throughput_rps and latency_ms come from the headline: served
    // (ok) and failed (errors) requests, and the latency of the served ones.
    json s;
    s["session_mode"] = to_string(cfg_->mode);
    s["strategy"] = balancer_->strategy().first;
    s["sent"] = m.sent.value();  // every request: also lost sessions, refusals and forged tokens
    s["logins"] = m.logins.value();
    const std::uint64_t browses = m.browses_ok.value() + m.session_lost.value();
    s["browses"] = browses;
    s["session_lost"] = m.session_lost.value();
    s["session_lost_ratio"] =
        browses ? json(static_cast<double>(m.session_lost.value()) / static_cast<double>(browses)) : json(nullptr);
    s["refused_genuine"] = m.refused_genuine.value();
    s["per_node"] = per_node_summary();
    std::uint64_t lo = std::numeric_limits<std::uint64_t>::max(), hi = 0;
    for (const Counter& c : m.node_requests) {
        lo = std::min(lo, c.value());
        hi = std::max(hi, c.value());
    }
    s["load_skew"] = lo > 0 && lo != std::numeric_limits<std::uint64_t>::max()
                         ? json(static_cast<double>(hi) / static_cast<double>(lo)) : json(nullptr);
    json refused = json::object();
    for (const auto& [cause, n] : m.refused_by_cause.snapshot()) refused[cause] = n;
    s["refused_by_cause"] = refused;
    json errors = json::object();
    for (const auto& [cause, n] : m.errors_by_cause.snapshot()) errors[cause] = n;
    s["errors_by_cause"] = errors;
    s["forged_tokens"] = {{"sent", m.attacks_sent.value()},
                          {"refused", m.attacks_refused.value()},
                          {"accepted", m.attacks_accepted.value()}};
    if (door_) s["front_door"] = door_->summary();  // requests that came in over HTTP, beside the lab's client
    return s;
}

std::string SessionRun::node_role(const std::string& node) const {
    return watch_->removed(node) ? kNodeRoleRemoved : std::string();
}

}  // namespace archlab::sessions
