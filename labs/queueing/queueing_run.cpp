#include "labs/queueing/queueing_run.h"

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <thread>

#include "core/runtime/live_runtime.h"
#include "labs/queueing/db_node.h"
#include "labs/queueing/queueing_topology.h"

namespace archlab::queueing {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::filesystem::path make_data_dir() {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("archlab-queueing-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    return dir;
}

double ns_to_ms(std::uint64_t ns) { return static_cast<double>(ns) / 1e6; }
}  // namespace

long process_context_switches() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_nvcsw + ru.ru_nivcsw;
}

QueueingRun::QueueingRun(const Settings& s, std::uint64_t seed) {
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

    metrics_ = std::make_shared<QueueingMetrics>(cfg_->workers);
    data_dir_ = make_data_dir();
    db_ = std::make_shared<SqlitePool>((data_dir_ / "items.sqlite3").string());
    DbNode::prepare(*db_);
    work_ = std::make_shared<RequestWork>(*cfg_, data_dir_.string());

    runtime_ = std::make_unique<LiveRuntime>(seed);
    add_queueing_nodes(*runtime_, cfg_, metrics_, work_, db_);
    prev_busy_.assign(cfg_->workers, 0);
}

QueueingRun::~QueueingRun() {
    runtime_->stop();
    runtime_.reset();
    work_.reset();
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
}

void QueueingRun::start() {
    prev_ctx_switches_ = process_context_switches();
    runtime_->start();
}

void QueueingRun::stop() {
    if (stopped_) return;
    stopped_ = true;
    cfg_->stopping = true;
    stop_s_ = to_s(runtime_->now());
    // Give requests in flight a moment to come back, so the tail is not cut off.
    for (int i = 0; i < 200; ++i) {
        if (metrics_->sent.value() <= metrics_->ok.value() + metrics_->errors.value()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    runtime_->stop();
}

ModelInputs QueueingRun::model_inputs() const {
    ModelInputs in;
    in.arrival_rps = cfg_->arrival_rps.load();
    in.service_ms = cfg_->service_ms;
    const HistogramSnapshot slot = metrics_->slot_ns.snapshot();
    if (slot.count() >= 200) {  // enough replies for a steady mean
        in.service_ms = slot.mean() / 1e6;
        in.service_measured = true;
    }
    in.dist = cfg_->service_dist;
    in.workers = cfg_->workers;
    in.threads_per_worker = cfg_->threads_per_worker;
    in.dispatch = cfg_->current_dispatch();
    // Probes measure client->lb->worker->lb->client; half of that is the lb<->worker round trip.
    const double overhead = path_overhead_ms();
    if (std::isfinite(overhead)) in.slot_round_trip_ms = overhead / 2.0;
    return in;
}

double QueueingRun::path_overhead_ms() const { return metrics_->path_overhead_ms.value(); }

std::vector<std::string> QueueingRun::series_columns() const {
    std::vector<std::string> c = {"throughput_rps",   "arrival_rps",       "errors_per_s",      "latency_mean_ms",
                                  "latency_p50_ms",   "latency_p95_ms",    "latency_p99_ms",    "latency_max_ms",
                                  "predicted_mean_ms", "predicted_p50_ms", "predicted_p99_ms", "service_ms_measured",
                                  "utilisation",      "utilisation_predicted", "queue_lb"};
    for (int i = 1; i <= cfg_->workers; ++i) c.push_back("queue_worker-" + std::to_string(i));
    c.push_back("queue_db");
    c.push_back("ctx_switches_per_s");
    return c;
}

void QueueingRun::sample(double t_s, std::vector<double>& v) {
    const double dt = std::max(1e-6, t_s - prev_t_s_);
    prev_t_s_ = t_s;
    const HistogramSnapshot lat = metrics_->latency_ns.snapshot();
    const HistogramSnapshot svc = metrics_->service_ns.snapshot();
    const HistogramSnapshot dlat = lat.since(prev_latency_);
    const HistogramSnapshot dsvc = svc.since(prev_service_);
    prev_latency_ = lat;
    prev_service_ = svc;
    const std::uint64_t ok = metrics_->ok.value(), errors = metrics_->errors.value();
    const bool have = dlat.count() > 0;

    std::size_t k = 0;
    v[k++] = static_cast<double>(ok - prev_ok_) / dt;
    v[k++] = cfg_->stopping ? 0.0 : cfg_->arrival_rps.load();
    v[k++] = static_cast<double>(errors - prev_errors_) / dt;
    prev_ok_ = ok;
    prev_errors_ = errors;
    v[k++] = have ? dlat.mean() / 1e6 : kNaN;
    v[k++] = have ? ns_to_ms(dlat.percentile(0.50)) : kNaN;
    v[k++] = have ? ns_to_ms(dlat.percentile(0.95)) : kNaN;
    v[k++] = have ? ns_to_ms(dlat.percentile(0.99)) : kNaN;
    v[k++] = have ? ns_to_ms(dlat.max()) : kNaN;

    const LabPrediction pred = predict(model_inputs());
    const double overhead = path_overhead_ms();
    const bool fits = pred.queue.fits && std::isfinite(overhead);
    v[k++] = fits ? pred.queue.mean_s * 1e3 + overhead : kNaN;
    v[k++] = fits && pred.queue.p50_s ? *pred.queue.p50_s * 1e3 + overhead : kNaN;
    v[k++] = fits && pred.queue.p99_s ? *pred.queue.p99_s * 1e3 + overhead : kNaN;
    v[k++] = dsvc.count() ? dsvc.mean() / 1e6 : kNaN;

    std::uint64_t busy_delta = 0;
    for (int i = 0; i < cfg_->workers; ++i) {
        const std::uint64_t b = metrics_->worker_busy_ns[i].value();
        busy_delta += b - prev_busy_[i];
        prev_busy_[i] = b;
    }
    const double threads = cfg_->workers * cfg_->threads_per_worker;
    v[k++] = static_cast<double>(busy_delta) / 1e9 / (dt * threads);
    v[k++] = pred.queue.utilisation;
    v[k++] = metrics_->lb_queue.value();
    for (int i = 0; i < cfg_->workers; ++i) v[k++] = metrics_->worker_queue[i].value();
    v[k++] = metrics_->db_queue.value();
    const long cs = process_context_switches();
    v[k++] = static_cast<double>(cs - prev_ctx_switches_) / dt;
    ctx_switches_total_ += static_cast<double>(cs - prev_ctx_switches_);
    prev_ctx_switches_ = cs;
}

nlohmann::json QueueingRun::summary() {
    using nlohmann::json;
    const HistogramSnapshot lat = metrics_->latency_ns.snapshot();
    const HistogramSnapshot svc = metrics_->service_ns.snapshot();
    const HistogramSnapshot wait = metrics_->wait_ns.snapshot();
    const double started = metrics_->workload_started_s.value();
    const double end = stopped_ ? stop_s_ : to_s(runtime_->now());
    const double span = std::max(1e-9, end - started);
    json s;
    s["requests"] = metrics_->sent.value();
    s["errors"] = metrics_->errors.value();
    s["throughput_rps"] = static_cast<double>(metrics_->ok.value()) / span;
    s["latency_ms"] = {{"mean", lat.mean() / 1e6},
                       {"p50", ns_to_ms(lat.percentile(0.50))},
                       {"p95", ns_to_ms(lat.percentile(0.95))},
                       {"p99", ns_to_ms(lat.percentile(0.99))},
                       {"p999", ns_to_ms(lat.percentile(0.999))},
                       {"max", ns_to_ms(lat.max())}};
    const LabPrediction pred = predict(model_inputs());
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
    s["context_switches_per_s"] = ctx_switches_total_ / std::max(1e-9, prev_t_s_);
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
    if (knob == "dispatch" && std::holds_alternative<std::string>(value)) {
        cfg_->dispatch = static_cast<int>(parse_dispatch(std::get<std::string>(value)));
        return true;
    }
    return false;
}

std::vector<ChartSpec> QueueingRun::chart_specs(int workers, const std::string& model_note) {
    std::vector<std::string> queues = {"queue_lb"};
    for (int i = 1; i <= workers; ++i) queues.push_back("queue_worker-" + std::to_string(i));
    queues.push_back("queue_db");
    return {
        {"latency", "Latency (measured solid, theory dashed)", "ms",
         {"latency_mean_ms", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms"},
         {"predicted_mean_ms", "predicted_p50_ms", "predicted_p99_ms"}, model_note},
        {"queues", "Queue length per stage", "requests", queues, {}, ""},
        {"throughput", "Throughput", "req/s", {"throughput_rps", "arrival_rps", "errors_per_s"}, {}, ""},
        {"utilisation", "Worker utilisation", "share", {"utilisation"}, {"utilisation_predicted"}, ""},
        {"service", "Measured service time", "ms", {"service_ms_measured"}, {}, ""},
        {"ctx", "Context switches per second (from the OS)", "1/s", {"ctx_switches_per_s"}, {}, ""},
    };
}

std::vector<ChartSpec> QueueingRun::charts() const {
    return chart_specs(cfg_->workers, predict(model_inputs()).note);
}

}  // namespace archlab::queueing
