#include "labs/queueing/queueing_run.h"

#include <cmath>
#include <limits>

#include "core/platform/process_usage.h"
#include "labs/queueing/db_node.h"
#include "labs/queueing/queueing_topology.h"

namespace archlab::queueing {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Messages on the request path: client->lb, lb->worker, worker->lb, lb->client.
constexpr double kPathHops = 4.0;
/// Of which the balancer holds a shared-queue slot for the worker round trip.
constexpr double kSlotHops = 2.0;
}  // namespace

QueueingRun::QueueingRun(const RunEnv& env, const Settings& s) : runtime_(env.runtime), mode_(env.mode) {
    cfg_ = std::make_shared<QueueingConfig>();
    cfg_->arrival_rps = s.get_double("arrival_rps");
    cfg_->dispatch = static_cast<int>(parse_dispatch(s.get_enum("dispatch")));
    cfg_->service_ms = s.get_double("service_ms");
    cfg_->service_dist = parse_service_dist(s.get_enum("service_dist"));
    cfg_->workers = static_cast<int>(s.get_int("workers"));
    cfg_->threads_per_worker = static_cast<int>(s.get_int("threads_per_worker"));
    cfg_->db_lock = s.get_bool("db_lock");
    cfg_->db_batch = static_cast<int>(s.get_int("db_batch"));
    cfg_->db_items = static_cast<int>(s.get_int("db_items"));
    cfg_->db_ms = s.get_double("db_ms");
    cfg_->log_sync = s.get_enum("log_mode") == "sync";
    cfg_->compression = parse_compression(s.get_enum("compression"));
    cfg_->payload_bytes = static_cast<int>(s.get_int("payload_bytes"));
    cfg_->static_cache = s.get_bool("static_cache");
    cfg_->static_share = s.get_double("static_share");
    cfg_->timeout_ms = s.get_double("timeout_ms");
    cfg_->queue_limit = static_cast<int>(s.get_int("queue_limit"));
    cfg_->queue_timeout_ms = s.get_double("queue_timeout_ms");
    link_delay_ms_ = s.get_double("link_delay_ms");

    metrics_ = std::make_shared<QueueingMetrics>(cfg_->workers);
    db_ = std::make_shared<SqlitePool>((env.data_dir / "items.sqlite3").string());
    DbNode::prepare(*db_);
    work_ = std::make_shared<RequestWork>(*cfg_, env.data_dir.string());
    add_queueing_nodes(runtime_, cfg_, metrics_, work_, db_);
    if (link_delay_ms_ > 0) set_link_latency(runtime_, from_ms(link_delay_ms_));
    ctx_switches_at_start_ = platform::process_context_switches();
    declare_series();
}

QueueingRun::~QueueingRun() {
    work_.reset();
    db_.reset();
}

void QueueingRun::declare_series() {
    QueueingMetrics& m = *metrics_;
    SeriesTable& t = table_;
    t.chart("latency", "Latency (measured solid, theory dashed)", "ms")
        .chart_note("latency", [this] { return prediction().note; })
        .chart("queues", "Queue length per stage", "requests")
        .chart("throughput", "Throughput", "req/s")
        .chart("errors", "Errors: all, shed at a full queue, timed out waiting in a queue", "1/s")
        .chart("utilisation", "Worker utilisation", "share")
        .chart("service", "Measured service time", "ms");
    t.rate("throughput_rps", "req/s", "throughput", m.ok)
        .value("arrival_rps", "req/s", "throughput", [this] { return cfg_->stopping ? 0.0 : cfg_->arrival_rps.load(); })
        .rate("errors_per_s", "1/s", "errors", m.errors)
        .rate("shed_per_s", "1/s", "errors", m.shed)
        .rate("queue_timeouts_per_s", "1/s", "errors", m.queue_timeouts)
        .mean_ms("latency_mean_ms", "latency", m.latency_ns)
        .percentile_ms("latency_p50_ms", "latency", m.latency_ns, 0.50)
        .percentile_ms("latency_p95_ms", "latency", m.latency_ns, 0.95)
        .percentile_ms("latency_p99_ms", "latency", m.latency_ns, 0.99)
        .max_ms("latency_max_ms", "", m.latency_ns);
    const auto predicted_ms = [this](auto pick) {
        return [this, pick] {
            const LabPrediction p = prediction();
            const double overhead = path_overhead_ms();
            if (!p.queue.fits || !std::isfinite(overhead)) return kNaN;
            const std::optional<double> s = pick(p.queue);
            return s ? *s * 1e3 + overhead : kNaN;
        };
    };
    t.value("predicted_mean_ms", "ms", "latency",
            predicted_ms([](const QueuePrediction& q) { return std::optional<double>(q.mean_s); })).predicted()
        .value("predicted_p50_ms", "ms", "latency", predicted_ms([](const QueuePrediction& q) { return q.p50_s; })).predicted()
        .value("predicted_p99_ms", "ms", "latency", predicted_ms([](const QueuePrediction& q) { return q.p99_s; })).predicted();
    t.mean_ms("service_ms_measured", "service", m.service_ns);
    std::vector<const Counter*> busy;
    for (const Counter& c : m.worker_busy_ns) busy.push_back(&c);
    const double threads = cfg_->workers * cfg_->threads_per_worker;
    t.rate("utilisation", "share", "utilisation", busy).scaled(1e-9 / threads)
        .value("utilisation_predicted", "share", "utilisation", [this] { return prediction().queue.utilisation; }).predicted();
    t.gauge("queue_lb", "requests", "queues", m.lb_queue).of_node("lb");
    for (int i = 1; i <= cfg_->workers; ++i) {
        const std::string id = "worker-" + std::to_string(i);
        t.gauge("queue_" + id, "requests", "queues", m.worker_queue[static_cast<std::size_t>(i - 1)]).of_node(id);
    }
    t.gauge("queue_db", "requests", "queues", m.db_queue).of_node("db");
    if (mode_ == TimeMode::Live && ctx_switches_at_start_ >= 0) {
        // How hard the OS works to share the cores: a host figure, so live runs only (and only
        // where the OS counts them per process: not on Windows).
        t.chart("ctx", "Context switches per second (from the OS)", "1/s");
        auto prev = std::make_shared<std::pair<double, long>>(0.0, ctx_switches_at_start_);
        t.value("ctx_switches_per_s", "1/s", "ctx", [this, prev] {
            const double now = to_s(runtime_.now());
            const long cs = platform::process_context_switches();
            const double rate = now > prev->first ? static_cast<double>(cs - prev->second) / (now - prev->first) : kNaN;
            *prev = {now, cs};
            return rate;
        });
    }
    t.headline({&m.ok, &m.errors, &m.latency_ns});
}

void QueueingRun::stop_workload() {
    cfg_->stopping = true;
    stop_s_ = to_s(runtime_.now());
    serving_at_stop_ = serving_workers();
}

int QueueingRun::serving_workers() const {
    if (const int at_stop = serving_at_stop_.load(); at_stop >= 0) return at_stop;
    int n = 0;
    for (int i = 1; i <= cfg_->workers; ++i) {
        const NodeState st = runtime_.state(runtime_.lookup("worker-" + std::to_string(i)));
        if (st == NodeState::Up || st == NodeState::Slow) ++n;
    }
    return n;
}

bool QueueingRun::drained() const { return metrics_->sent.value() <= metrics_->ok.value() + metrics_->errors.value(); }

ModelInputs QueueingRun::model_inputs() const {
    ModelInputs in;
    in.arrival_rps = cfg_->arrival_rps.load();
    in.service_ms = cfg_->service_ms;
    in.dist = cfg_->service_dist;
    // The model is of the workers that serve now: a killed, paused or cut-off one takes no part
    // (the balancer still sends it its share, which times out: see the errors chart).
    in.workers = serving_workers();
    in.workers_configured = cfg_->workers;
    in.threads_per_worker = cfg_->threads_per_worker;
    in.dispatch = cfg_->current_dispatch();
    if (mode_ == TimeMode::Virtual) {
        // Virtual time models the path exactly: the configured service time and link delays.
        in.slot_round_trip_ms = kSlotHops * link_delay_ms_;
        return in;
    }
    const HistogramSnapshot slot = metrics_->slot_ns.snapshot();
    if (slot.count() >= 200) {  // enough replies for a steady mean
        in.service_ms = slot.mean() / 1e6;
        in.service_measured = true;
    }
    // Probes measure client->lb->worker->lb->client; half of that is the lb<->worker round trip.
    const double overhead = path_overhead_ms();
    if (std::isfinite(overhead)) in.slot_round_trip_ms = overhead / 2.0;
    return in;
}

LabPrediction QueueingRun::prediction() const { return predict(model_inputs()); }

double QueueingRun::path_overhead_ms() const {
    if (mode_ == TimeMode::Virtual) return kPathHops * link_delay_ms_;
    return metrics_->path_overhead_ms.value();
}

nlohmann::json QueueingRun::summary() {
    using nlohmann::json;
    const HistogramSnapshot svc = metrics_->service_ns.snapshot();
    const HistogramSnapshot wait = metrics_->wait_ns.snapshot();
    const double started = metrics_->workload_started_s.value();
    const double end = stop_s_ >= 0 ? stop_s_ : to_s(runtime_.now());
    const double span = std::max(1e-9, end - started);
    json s;
    s["throughput_rps"] = static_cast<double>(metrics_->ok.value()) / span;  // over the workload, after the probes
    const LabPrediction pred = prediction();
    const double overhead = path_overhead_ms();
    if (pred.queue.fits && std::isfinite(overhead)) {
        json p = {{"mean", pred.queue.mean_s * 1e3 + overhead},
                  {"queueing_mean", pred.queue.mean_s * 1e3},
                  {"path_overhead", overhead}};
        p["p50"] = pred.queue.p50_s ? json(*pred.queue.p50_s * 1e3 + overhead) : json(nullptr);
        p["p99"] = pred.queue.p99_s ? json(*pred.queue.p99_s * 1e3 + overhead) : json(nullptr);
        s["predicted_latency_ms"] = p;
        s["model"] = pred.queue.model;
    } else {
        s["predicted_latency_ms"] = nullptr;
        s["model"] = nullptr;
    }
    s["model_note"] = pred.note;
    s["path_overhead_ms"] = std::isfinite(overhead) ? json(overhead) : json(nullptr);
    // What the client's no-load probes measured of the path (in virtual time it equals the model).
    const double probed = metrics_->path_overhead_ms.value();
    s["probed_path_ms"] = std::isfinite(probed) ? json(probed) : json(nullptr);
    const double threads = cfg_->workers * cfg_->threads_per_worker;
    std::uint64_t busy = 0;
    json per_worker = json::array();
    for (int i = 0; i < cfg_->workers; ++i) {
        const std::uint64_t b = metrics_->worker_busy_ns[i].value();
        busy += b;
        per_worker.push_back({{"id", "worker-" + std::to_string(i + 1)},
                              {"requests", metrics_->worker_served[i].value()},
                              {"utilisation", static_cast<double>(b) / 1e9 / (span * cfg_->threads_per_worker)}});
    }
    s["utilisation"] = static_cast<double>(busy) / 1e9 / (span * threads);
    s["utilisation_predicted"] = pred.queue.utilisation;
    s["service_ms_configured"] = cfg_->service_ms;
    s["service_ms_measured"] = svc.mean() / 1e6;
    const HistogramSnapshot slot = metrics_->slot_ns.snapshot();
    s["slot_ms_measured"] = slot.mean() / 1e6;
    s["thread_handoff_ms"] = (slot.mean() - svc.mean()) / 1e6;
    s["wait_ms_mean"] = wait.mean() / 1e6;
    if (mode_ == TimeMode::Live && ctx_switches_at_start_ >= 0) {
        s["context_switches_per_s"] =
            static_cast<double>(platform::process_context_switches() - ctx_switches_at_start_) / std::max(1e-9, end);
    }
    s["shed"] = metrics_->shed.value();
    s["queue_timeouts"] = metrics_->queue_timeouts.value();
    s["queue_limit"] = cfg_->queue_limit.load();
    s["db_queries"] = metrics_->db_queries.value();
    s["log_bytes"] = work_->log_bytes();
    s["per_worker"] = per_worker;
    return s;
}

bool QueueingRun::apply_live(const std::string& knob, const KnobValue& value) {
    if (knob == "arrival_rps" && std::holds_alternative<double>(value)) {
        cfg_->arrival_rps = std::get<double>(value);
        return true;
    }
    if (knob == "queue_limit" && std::holds_alternative<long long>(value)) {
        cfg_->queue_limit = static_cast<int>(std::get<long long>(value));
        return true;
    }
    if (knob == "queue_timeout_ms" && std::holds_alternative<double>(value)) {
        cfg_->queue_timeout_ms = std::get<double>(value);
        return true;
    }
    if (knob == "dispatch" && std::holds_alternative<std::string>(value)) {
        cfg_->dispatch = static_cast<int>(parse_dispatch(std::get<std::string>(value)));
        return true;
    }
    return false;
}

}  // namespace archlab::queueing
