#include "labs/sessions/session_run.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "core/runtime/live_runtime.h"
#include "labs/sessions/session_topology.h"

namespace archlab::sessions {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }
}  // namespace

std::shared_ptr<SessionConfig> session_config_from(const Settings& s) {
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
    // Tokens carry wall-clock expiry, as real ones do; the run's clock counts from this moment.
    cfg->epoch_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    return cfg;
}

nlohmann::json session_summary(const SessionMetrics& m, double span_s) {
    using nlohmann::json;
    json s;
    const std::uint64_t browses = m.browses_ok.value() + m.session_lost.value();
    s["requests"] = m.sent.value();
    s["logins"] = m.logins.value();
    s["browses"] = browses;
    s["session_lost"] = m.session_lost.value();
    s["session_lost_ratio"] = browses ? json(static_cast<double>(m.session_lost.value()) / static_cast<double>(browses)) : json(nullptr);
    s["errors"] = m.errors.value();
    // Answered 200 (logins, and browses that found their session), as in the load-balancing lab.
    s["throughput_rps"] = static_cast<double>(m.logins.value() + m.browses_ok.value()) / std::max(1e-9, span_s);
    std::uint64_t lo = UINT64_MAX, hi = 0;
    json per_node = json::array();
    for (std::size_t i = 0; i < m.node_requests.size(); ++i) {
        const std::uint64_t r = m.node_requests[i].value();
        lo = std::min(lo, r);
        hi = std::max(hi, r);
        per_node.push_back({{"id", "node-" + std::to_string(i + 1)}, {"requests", r}, {"errors", m.node_errors[i].value()}});
    }
    s["per_node"] = per_node;
    s["load_skew"] = lo > 0 && lo != UINT64_MAX ? json(static_cast<double>(hi) / static_cast<double>(lo)) : json(nullptr);
    json refused = json::object();
    for (const auto& [cause, n] : m.refused_by_cause.snapshot()) refused[cause] = n;
    s["refused_by_cause"] = refused;
    json errors = json::object();
    for (const auto& [cause, n] : m.errors_by_cause.snapshot()) errors[cause] = n;
    s["errors_by_cause"] = errors;
    s["forged_tokens"] = {{"sent", m.attacks_sent.value()},
                          {"refused", m.attacks_refused.value()},
                          {"accepted", m.attacks_accepted.value()}};
    const HistogramSnapshot lat = m.latency_ns.snapshot();
    s["latency_ms"] = {{"mean", lat.mean() / 1e6},
                       {"p50", ns_to_ms(lat.percentile(0.50))},
                       {"p95", ns_to_ms(lat.percentile(0.95))},
                       {"p99", ns_to_ms(lat.percentile(0.99))},
                       {"max", ns_to_ms(lat.max())}};
    return s;
}

SessionRun::SessionRun(const Settings& s, std::uint64_t seed) {
    cfg_ = session_config_from(s);
    balancer_ = make_session_balancer(*cfg_, s.get_enum("strategy"));
    watch_ = std::make_shared<lb::BalancerWatch>(cfg_->nodes);
    metrics_ = std::make_shared<SessionMetrics>(cfg_->nodes);
    runtime_ = std::make_unique<LiveRuntime>(seed);
    Runtime* rt = runtime_.get();
    store_ = make_session_store([rt] { return rt->now(); });
    add_session_nodes(*runtime_, cfg_, metrics_, balancer_, watch_, store_);
    door_.add_gateway(*runtime_, "lb");
    prev_node_requests_.assign(cfg_->nodes, 0);
}

SessionRun::~SessionRun() {
    door_.stop();
    if (store_door_) store_door_->stop();
    runtime_->stop();
}

void SessionRun::start() {
    runtime_->start();
    door_.start(*runtime_);
    if (cfg_->mode == SessionMode::SharedStore) {
        store_door_ = std::make_unique<resp::RespServer>(*store_, resp::RespServerOptions{});
        store_door_->start();
    }
}

std::vector<ServiceEndpoint> SessionRun::endpoints() const {
    std::vector<ServiceEndpoint> out = door_.endpoints();
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

void SessionRun::stop() {
    if (stopped_) return;
    stopped_ = true;
    cfg_->stopping = true;
    stop_s_ = to_s(runtime_->now());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let answers in flight arrive
    door_.stop();
    if (store_door_) store_door_->stop();
    runtime_->stop();
}

std::vector<std::string> SessionRun::series_columns() const {
    std::vector<std::string> c = {"throughput_rps", "session_lost_ratio", "session_lost_per_s", "refused_per_s",
                                  "errors_per_s",   "latency_p50_ms",     "latency_p95_ms",     "latency_p99_ms",
                                  "load_skew"};
    for (int i = 1; i <= cfg_->nodes; ++i) c.push_back("rps_node-" + std::to_string(i));
    return c;
}

void SessionRun::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-6, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    const HistogramSnapshot lat = metrics_->latency_ns.snapshot();
    const HistogramSnapshot d = lat.since(prev_latency_);
    prev_latency_ = lat;
    const std::uint64_t ok = metrics_->browses_ok.value() + metrics_->logins.value();
    const std::uint64_t lost = metrics_->session_lost.value();
    const std::uint64_t errors = metrics_->errors.value();
    const std::uint64_t refused = metrics_->attacks_refused.value() + metrics_->refused_genuine.value();
    const double d_ok = static_cast<double>(ok - prev_ok_), d_lost = static_cast<double>(lost - prev_lost_);
    std::size_t k = 0;
    v[k++] = d_ok / dt;  // answered 200
    v[k++] = d_ok + d_lost > 0 ? d_lost / (d_ok + d_lost) : kNaN;
    v[k++] = d_lost / dt;
    v[k++] = static_cast<double>(refused - prev_refused_) / dt;
    v[k++] = static_cast<double>(errors - prev_errors_) / dt;
    prev_ok_ = ok;
    prev_lost_ = lost;
    prev_errors_ = errors;
    prev_refused_ = refused;
    const bool have = d.count() > 0;
    v[k++] = have ? ns_to_ms(d.percentile(0.50)) : kNaN;
    v[k++] = have ? ns_to_ms(d.percentile(0.95)) : kNaN;
    v[k++] = have ? ns_to_ms(d.percentile(0.99)) : kNaN;
    // Skew over the requests since the start, as in the summary: per sample it would mostly
    // chart the noise of a few dozen arrivals per node.
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    std::vector<double> rates;
    for (int i = 0; i < cfg_->nodes; ++i) {
        const std::uint64_t r = metrics_->node_requests[i].value();
        rates.push_back(static_cast<double>(r - prev_node_requests_[i]) / dt);
        prev_node_requests_[i] = r;
        lo = std::min(lo, static_cast<double>(r));
        hi = std::max(hi, static_cast<double>(r));
    }
    v[k++] = lo > 0 ? hi / lo : kNaN;
    for (double r : rates) v[k++] = r;
}

nlohmann::json SessionRun::summary() {
    const double started = metrics_->workload_started_s.value();
    const double end = stopped_ ? stop_s_ : to_s(runtime_->now());
    nlohmann::json s = session_summary(*metrics_, end - started);
    s["session_mode"] = to_string(cfg_->mode);
    s["strategy"] = balancer_->strategy().first;
    s["front_door"] = door_.summary();  // requests that came in over HTTP, beside the lab's client
    return s;
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

std::vector<ChartSpec> SessionRun::chart_specs(int nodes) {
    std::vector<std::string> rps;
    for (int i = 1; i <= nodes; ++i) rps.push_back("rps_node-" + std::to_string(i));
    return {
        {"lost", "Session-lost rate", "share", {"session_lost_ratio"}, {}, "share of browses whose session was not found"},
        {"outcomes", "Lost, refused and failed requests", "1/s",
         {"session_lost_per_s", "refused_per_s", "errors_per_s"}, {}, ""},
        {"latency", "Latency percentiles (client)", "ms", {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms"}, {}, ""},
        {"per_node", "Requests per node", "req/s", rps, {}, "answers each node made itself (lb's timeouts for a dead node are errors)"},
        {"skew", "Load skew (busiest / least busy node)", "x", {"load_skew"}, {},
         "requests each node served since the start; a node that died stops counting"},
    };
}

}  // namespace archlab::sessions
