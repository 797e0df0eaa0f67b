#include "core/lab/run_controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/lab/fault_apply.h"
#include "core/lab/host_watch.h"
#include "core/lab/shed_watch.h"
#include "core/lab/memory_release.h"
#include "core/lab/series_sampler.h"
#include "core/platform/process_id.h"
#include "core/runtime/live_runtime.h"
#include "core/runtime/sim_runtime.h"
#include "core/store/kept_history.h"
#include "core/store/run_store.h"
#include "core/store/topology_record.h"

namespace archlab {

namespace {

std::filesystem::path make_data_dir(const std::string& lab) {
    static std::atomic<int> counter{0};
    auto dir = std::filesystem::temp_directory_path() /
               ("archlab-" + lab + "-" + std::to_string(platform::current_process_id()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir);
    return dir;
}

void check_lab_action(const Lab& lab, const FaultEvent& f) {
    if (is_runtime_action(f.action)) return;
    std::string offered;
    for (const LabAction& a : lab.info().actions) {
        if (a.name == f.action) return;
        offered += (offered.empty() ? "" : ", ") + a.name;
    }
    throw InputError("fault '" + f.to_string() + "': the " + lab.info().id + " lab has no '" + f.action + "' action" +
                     (offered.empty() ? std::string(" (it offers only node and link faults)")
                                      : " (its own actions: " + offered + ")"));
}
}  // namespace

RunController::RunController(RunRequest request, RunStore* store) : request_(std::move(request)), store_(store) {
    std::stable_sort(request_.faults.begin(), request_.faults.end(),
                     [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
    speed_ = request_.time_mode == TimeMode::Virtual ? request_.speed : 1.0;
    if (request_.time_mode == TimeMode::Virtual && request_.pause_at.count() >= 0) pause_at_ = request_.pause_at;
}

ChartSpec host_keep_up_chart() {
    return {"host", "Host keep-up (live time)", "ms", {"host_timer_late_mean_ms", "host_timer_late_max_ms"}, {},
            "How late the nodes' timers fire on this machine. Above about 2 ms the host, not the "
            "model, shapes the figures: a banner says so; virtual time does not depend on the host.",
            {}, {}};
}

RunController::~RunController() {
    stop();
    if (thread_.joinable()) thread_.join();
    sampler_.reset();
    run_.reset();
    runtime_.reset();
    if (!data_dir_.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(data_dir_, ec);
    }
}

double RunController::wall_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0_).count();
}

void RunController::start() {
    const Lab& lab = *request_.lab;
    check_time_mode_limits(request_.settings, request_.time_mode);
    for (const FaultEvent& f : request_.faults) check_lab_action(lab, f);
    if (request_.time_mode == TimeMode::Virtual) {
        auto sim = std::make_unique<SimRuntime>(request_.seed, Nanos(0));
        sim_ = sim.get();
        runtime_ = std::move(sim);
    } else {
        runtime_ = std::make_unique<LiveRuntime>(request_.seed);
    }
    data_dir_ = make_data_dir(lab.info().id);
    run_ = lab.build(RunEnv{*runtime_, request_.time_mode, request_.seed, data_dir_}, request_.settings);
    // Check every fault's target before anything starts, so a typo is an input error.
    for (const FaultEvent& f : request_.faults) check_fault_target(*runtime_, f);

    initial_settings_ = request_.settings.to_json();
    settings_ = request_.settings;
    const SeriesTable& table = run_->series();
    sampler_ = std::make_unique<SeriesSampler>(table, runtime_.get());
    std::vector<std::string> columns = table.column_names();
    if (request_.time_mode == TimeMode::Live) {
        // Live runs also record whether the host kept up (virtual time cannot fall behind).
        host_watch_ = std::make_unique<HostWatch>();
        host_columns_ = HostFigures::kColumns.size();
        for (const char* c : HostFigures::kColumns) columns.push_back(std::string("host_") + c);
    }
    series_ = std::make_unique<SeriesStore>(columns);
    std::vector<ShedWatchNode> shed_nodes;
    for (NodeIndex i = 0; i < runtime_->node_count(); ++i) {
        shed_nodes.push_back({runtime_->spec(i).name, runtime_->spec(i).max_queued_jobs});
    }
    shed_watch_ = std::make_unique<ShedWatch>(std::move(shed_nodes));
    if (store_) {
        // A store that cannot take the run (read-only, full, damaged) must not stop the lab:
        // the run goes on unrecorded and says so.
        try {
            run_id_ = store_->begin_run(lab.info().id, request_.seed, request_.settings.to_json(), series_->columns());
        } catch (const std::exception& e) {
            spdlog::error("run store: run not recorded: {}", e.what());
            store_error_ = std::string("run not recorded: ") + e.what();
            events_.push_back({0.0, "run store error: " + store_error_});
            store_ = nullptr;
        }
    }
    try {
        runtime_->start();
        run_->started();
    } catch (const std::exception& e) {
        if (store_) store_write("failure", [&] { store_->finish_run(run_id_, "failed", 0.0, nlohmann::json{{"error", e.what()}}); });
        throw;
    }
    wall0_ = std::chrono::steady_clock::now();
    cluster_ = capture_cluster(*runtime_, 0.0);
    if (store_) {
        topology_ = std::make_unique<TopologyRecorder>();
        store_write("nodes", [&] { store_->set_nodes(run_id_, node_names(cluster_)); });
    }
    log_event(0.0, "run started: " + lab.info().id + ", seed " + std::to_string(request_.seed) + ", " +
                       to_string(request_.time_mode) + " time" +
                       (request_.time_mode == TimeMode::Virtual ? ", speed " + format_speed(speed_) : ""));
    // spdlog builds its logger registry (a function-local static) on first use. Built here, before
    // the run thread starts, so two runs started together (an A/B pair) do not build it on their
    // own threads at once: safe by the language's rules, but spdlog's library is not instrumented,
    // so ThreadSanitizer reported it as a race.
    spdlog::default_logger_raw();
    thread_ = std::thread([this] { run_loop(); });
}

// ---- Calls from other threads ------------------------------------------------------------------

void RunController::inject(const FaultEvent& fault) {
    if (!run_ || finished_) return;
    check_lab_action(*request_.lab, fault);
    check_fault_target(*runtime_, fault);
    std::lock_guard lock(mu_);
    if (commands_.size() >= kMaxQueuedCommands) {
        throw InputError("the run is " + std::to_string(commands_.size()) + " commands behind; fault not applied");
    }
    push_command([this, fault](Nanos at) { apply(fault, at); });
}

bool RunController::apply_live(const std::string& knob, const KnobValue& value) {
    if (!run_ || finished_) return false;
    const KnobSpec& spec = request_.settings.spec(knob);
    if (!spec.live) return false;
    std::lock_guard lock(mu_);
    if (commands_.size() >= kMaxQueuedCommands) return false;
    push_command([this, knob, value](Nanos at) { change_knob(knob, value, at); });
    return true;
}

void RunController::set_speed(double speed) {
    std::lock_guard lock(mu_);
    push_command([this, speed](Nanos at) {
        {
            std::lock_guard inner(mu_);
            speed_ = speed;
        }
        log_event(to_s(at), "speed " + format_speed(speed));
    });
    cv_.notify_all();
}

void RunController::run_to(Nanos at, double speed) {
    if (request_.time_mode != TimeMode::Virtual) return;
    std::lock_guard lock(mu_);
    push_command([this, at, speed](Nanos now) {
        {
            std::lock_guard inner(mu_);
            pause_at_ = at;
            speed_ = speed;
        }
        log_event(to_s(now), fmt::format("run to {:.3f} s at speed {}", to_s(at), format_speed(speed)));
    });
    cv_.notify_all();
}

double RunController::speed() const {
    std::lock_guard lock(mu_);
    return speed_;
}

void RunController::stop() {
    std::lock_guard lock(mu_);
    stop_requested_ = true;
    cv_.notify_all();
}

void RunController::wait() {
    if (thread_.joinable()) thread_.join();
}

ClusterView RunController::cluster() const {
    std::lock_guard lock(mu_);
    return cluster_;
}

ItemTable RunController::latest_items() const {
    std::lock_guard lock(mu_);
    return items_;
}

std::vector<ServiceEndpoint> RunController::endpoints() const { return run_ ? run_->endpoints() : std::vector<ServiceEndpoint>{}; }

std::vector<ChartSpec> RunController::charts() const {
    std::vector<ChartSpec> charts = run_ ? run_->charts() : std::vector<ChartSpec>{};
    if (host_columns_ > 0) charts.push_back(host_keep_up_chart());
    return charts;
}

StatusColumns RunController::status_columns() const { return run_ ? run_->series().status() : StatusColumns{}; }

HostStatus RunController::host_status() const {
    std::lock_guard lock(mu_);
    return host_;
}

std::vector<std::pair<std::string, std::uint64_t>> RunController::jobs_shed() const {
    std::lock_guard lock(mu_);
    return jobs_shed_;
}

std::vector<RunEvent> RunController::events() const {
    std::lock_guard lock(mu_);
    return events_;
}

nlohmann::json RunController::summary() const {
    std::lock_guard lock(mu_);
    return summary_;
}

std::string RunController::fingerprint() const {
    std::lock_guard lock(mu_);
    return fingerprint_;
}

// ---- The run thread ----------------------------------------------------------------------------

void RunController::push_command(std::function<void(Nanos at)> command) {
    // A run thread that many commands behind is stuck; what comes now is dropped (inject() and
    // apply_live() say so to their caller before getting here).
    if (commands_.size() >= kMaxQueuedCommands) return;
    commands_.push_back(std::move(command));
    cv_.notify_all();
}

template <typename Write>
void RunController::store_write(const char* what, Write&& write) {
    try {
        write();
        std::lock_guard lock(mu_);
        if (!store_error_.empty()) {
            events_.push_back({elapsed_s(), "run store records again"});
            store_error_.clear();
        }
    } catch (const std::exception& e) {
        spdlog::error("run store: {} not recorded: {}", what, e.what());
        std::lock_guard lock(mu_);
        // One line in the event log when the trouble begins, not one per second while it lasts.
        if (store_error_.empty()) events_.push_back({elapsed_s(), std::string("run store error: ") + e.what()});
        store_error_ = std::string(what) + " not recorded: " + e.what();
    }
}

std::string RunController::store_error() const {
    std::lock_guard lock(mu_);
    return store_error_;
}

void RunController::log_event(double t_s, std::string text) {
    std::lock_guard lock(mu_);
    events_.push_back({t_s, std::move(text)});
}

void RunController::keep_history(nlohmann::json& summary, double end_s) {
    if (!store_ || run_id_ <= 0 || !summary.contains("history") || !summary["history"].is_string()) return;
    const std::filesystem::path written = summary["history"].get<std::string>();
    if (written.parent_path() != data_dir_) return;  // not in the data folder: it stays where it is
    const std::string kept = kept_history_path(*store_, run_id_);
    if (const std::string failed = keep_file(written.string(), kept); !failed.empty()) {
        // The CLI can still copy it into its report folder before the data folder goes.
        log_event(end_s, "operation history not kept: " + failed);
        return;
    }
    summary["history"] = kept;
}

void RunController::log_lab_events() {
    for (LabEvent& e : run_->take_events()) {
        spdlog::warn("{} at {:.2f}s: {}", request_.lab->info().id, e.t_s, e.text);
        log_event(e.t_s, std::move(e.text));
    }
}

bool RunController::run_commands() {
    std::deque<std::function<void(Nanos)>> queued;
    {
        std::lock_guard lock(mu_);
        queued.swap(commands_);
        if (stop_requested_) return true;
    }
    for (auto& c : queued) c(Nanos(elapsed_ns_.load()));
    return false;
}

Nanos RunController::next_due() const {
    Nanos next = Nanos::max();
    if (next_fault_ < request_.faults.size()) next = std::min(next, request_.faults[next_fault_].at);
    if (next_knob_ < request_.knob_changes.size()) next = std::min(next, request_.knob_changes[next_knob_].at);
    return next;
}

void RunController::apply_due(Nanos now) {
    while (next_fault_ < request_.faults.size() && request_.faults[next_fault_].at <= now) {
        apply(request_.faults[next_fault_++], now);
    }
    while (next_knob_ < request_.knob_changes.size() && request_.knob_changes[next_knob_].at <= now) {
        const KnobChange& k = request_.knob_changes[next_knob_++];
        try {
            Settings probe = settings();
            probe.set(k.knob, k.value);
            change_knob(k.knob, probe.get(k.knob), now);
        } catch (const std::exception& e) {
            log_event(to_s(now), "knob " + k.knob + " = " + k.value + " refused: " + e.what());
        }
    }
}

std::vector<RunMark> RunController::marks() const {
    std::vector<RunMark> marks;
    std::lock_guard lock(mu_);
    marks.reserve(applied_.size() + knobs_changed_.size());
    for (const FaultEvent& f : applied_) marks.push_back({to_s(f.at), fault_mark_text(f.action, f.target, f.value), false});
    for (const KnobChange& k : knobs_changed_) marks.push_back({to_s(k.at), k.knob + " = " + k.value, true});
    std::stable_sort(marks.begin(), marks.end(), [](const RunMark& a, const RunMark& b) { return a.t_s < b.t_s; });
    return marks;
}

Settings RunController::settings() const {
    std::lock_guard lock(mu_);
    return settings_;
}

void RunController::change_knob(const std::string& knob, const KnobValue& value, Nanos at) {
    {
        std::lock_guard lock(mu_);
        settings_.set_value(knob, value);
    }
    if (!run_->apply_live(knob, value)) {
        log_event(to_s(at), "knob " + knob + " could not be changed while running");
        return;
    }
    log_event(to_s(at), "knob " + knob + " = " + format_value(value));
    std::lock_guard lock(mu_);
    knobs_changed_.push_back({at, knob, format_value(value)});
}

void RunController::apply(const FaultEvent& f, Nanos at) {
    const double t_s = to_s(at);
    // The log line carries the time already; a replayed fault's exact instant (9179991810ns) would not read well.
    std::string what = f.action + " " + f.target + (f.value.empty() ? "" : " " + f.value);
    try {
        if (!run_->apply_fault(f)) apply_fault(*runtime_, f);
    } catch (const std::exception& e) {
        what += std::string(" failed: ") + e.what();
    }
    spdlog::warn("fault at {:.2f}s: {}", t_s, what);
    FaultEvent applied = f;
    applied.at = at;
    {
        std::lock_guard lock(mu_);
        events_.push_back({t_s, "fault: " + what});
        applied_.push_back(applied);
    }
    if (store_) store_write("fault", [&] { store_->add_fault(run_id_, StoredFault{t_s, f.action, f.target, f.value}); });
}

void RunController::take_sample(double t_s) {
    std::vector<double> values;
    sampler_->sample(t_s, values);
    if (host_watch_) {
        host_watch_->observe(t_s, runtime_->host_load());
        const auto row = host_watch_->figures().row();
        values.insert(values.end(), row.begin(), row.end());
        const HostVerdict& v = host_watch_->verdict();
        HostStatus status{v.overloaded, host_watch_->overloaded_now(), v.overloaded_since_s, v.reason};
        bool began = false;
        {
            std::lock_guard lock(mu_);
            began = status.overloaded && !host_.overloaded;
            host_ = status;
        }
        if (began) {
            spdlog::warn("host overloaded at {:.2f}s: {}", v.overloaded_since_s, v.reason);
            log_event(t_s, "host overloaded: " + v.reason);
        }
    }
    SeriesRow row{t_s, std::move(values)};
    series_->append(row);
    unflushed_.push_back(std::move(row));
    std::vector<std::pair<std::string, std::uint64_t>> shed_by_node = watch_shedding(t_s, false);
    ClusterView view = capture_cluster(*runtime_, t_s);
    for (std::size_t i = 0; i < view.nodes.size(); ++i) {
        NodeView& n = view.nodes[i];
        n.note = run_->node_note(n.name);
        n.role = run_->node_role(n.name);
        // The runtime's count, not the lab's: a node shows the work its full queue dropped.
        if (const std::string shed_note = shed_watch_->note(i); !shed_note.empty()) {
            n.note = n.note.empty() ? shed_note : n.note + " · " + shed_note;
        }
    }
    if (topology_) unflushed_topology_.push_back(topology_->record(view));
    ItemTable items = run_->latest_items();
    log_lab_events();
    std::lock_guard lock(mu_);
    cluster_ = std::move(view);
    items_ = std::move(items);
    jobs_shed_ = std::move(shed_by_node);
}

std::vector<std::pair<std::string, std::uint64_t>> RunController::watch_shedding(double t_s, bool at_end) {
    std::vector<std::uint64_t> shed(runtime_->node_count());
    std::vector<std::pair<std::string, std::uint64_t>> by_node;
    for (NodeIndex i = 0; i < runtime_->node_count(); ++i) {
        shed[i] = runtime_->shed_jobs(i);
        if (shed[i] > 0) by_node.emplace_back(runtime_->spec(i).name, shed[i]);
    }
    for (std::string& line : at_end ? shed_watch_->finish(t_s, shed) : shed_watch_->observe(t_s, shed)) {
        spdlog::warn("at {:.2f}s: {}", t_s, line);
        log_event(t_s, std::move(line));
    }
    return by_node;
}

void RunController::record_events() {
    if (!store_) return;
    std::vector<StoredEvent> fresh;
    {
        std::lock_guard lock(mu_);
        for (std::size_t i = events_recorded_; i < events_.size(); ++i) fresh.push_back({events_[i].t_s, events_[i].text});
        events_recorded_ = events_.size();
    }
    if (!fresh.empty()) store_write("event log", [&] { store_->add_events(run_id_, fresh); });
}

void RunController::record_rows() {
    record_events();
    if (!store_ || unflushed_.empty()) return;
    // A store that fails (disk full, say) must not end the run: the series in memory and the
    // report stay whole; the event log says what was lost.
    const std::string what = std::to_string(unflushed_.size()) + " rows";
    store_write(what.c_str(), [this] {
        store_->add_rows(run_id_, unflushed_);
        store_->add_topology(run_id_, unflushed_topology_);
        store_->flush();
    });
    unflushed_.clear();
    unflushed_topology_.clear();
}

void RunController::finish() {
    record_rows();
    const double end_s = elapsed_s();
    nlohmann::json s;
    s["lab"] = request_.lab->info().id;
    s["seed"] = request_.seed;
    s["time_mode"] = to_string(request_.time_mode);
    s["duration_s"] = end_s;
    s["duration_ns"] = elapsed_ns_.load();  // exact, for a replay
    s["settings"] = initial_settings_;
    nlohmann::json faults = nlohmann::json::array(), knobs = nlohmann::json::array();
    {
        std::lock_guard lock(mu_);
        for (const FaultEvent& f : applied_) {
            faults.push_back(f.to_json());
            faults.back()["at_ns"] = f.at.count();  // exact, for a replay
        }
        for (const KnobChange& k : knobs_changed_) {
            knobs.push_back({{"at_s", to_s(k.at)}, {"at_ns", k.at.count()}, {"knob", k.knob}, {"value", k.value}});
        }
    }
    s["faults"] = faults;
    s["knob_changes"] = knobs;
    for (auto& [k, v] : request_.summary_fields.items()) s[k] = v;
    const HeadlineMetrics& head = run_->series().headline();
    if (head.ok && head.errors) {
        const double ok = static_cast<double>(head.ok->value()), errors = static_cast<double>(head.errors->value());
        s["requests"] = head.ok->value() + head.errors->value();
        s["errors"] = head.errors->value();
        s["error_rate"] = ok + errors > 0 ? errors / (ok + errors) : 0.0;
        s["throughput_rps"] = end_s > 0 ? ok / end_s : 0.0;
    }
    if (head.latency_ns) {
        const HistogramSnapshot lat = head.latency_ns->snapshot();
        const auto ms = [](std::uint64_t ns) { return static_cast<double>(ns) / 1e6; };
        s["latency_ms"] = lat.count() == 0 ? nlohmann::json(nullptr)
                                           : nlohmann::json{{"mean", lat.mean() / 1e6},
                                                            {"p50", ms(lat.percentile(0.50))},
                                                            {"p95", ms(lat.percentile(0.95))},
                                                            {"p99", ms(lat.percentile(0.99))},
                                                            {"p999", ms(lat.percentile(0.999))},
                                                            {"max", ms(lat.max())}};
    }
    const nlohmann::json lab_summary = run_->summary();
    for (auto& [k, v] : lab_summary.items()) s[k] = v;
    log_lab_events();  // what the lab wrote after the last sample
    keep_history(s, end_s);
    // Nodes whose job queue was full (NodeSpec::max_queued_jobs): the work they shed, by node,
    // the drain included; the log closes an episode still under way, the status bar shows the total.
    std::vector<std::pair<std::string, std::uint64_t>> shed_by_node = watch_shedding(end_s, true);
    nlohmann::json shed = nlohmann::json::object();
    for (const auto& [node, n] : shed_by_node) shed[node] = n;
    if (!shed.empty()) s["jobs_shed"] = shed;
    {
        std::lock_guard lock(mu_);
        jobs_shed_ = std::move(shed_by_node);
    }
    // Figures counted after the run (a lab's audit) describe a cluster at rest only if it got
    // there: when the wait gave up, work still under way is counted as it stood.
    s["drain"] = {{"at_rest", drain_.at_rest}, {"waited_s", std::round(drain_.waited_s * 1e3) / 1e3}, {"stopped_because", drain_.stopped_because}};
    if (host_watch_) {
        const HostVerdict& v = host_watch_->verdict();
        s["host_overloaded"] = v.overloaded;
        nlohmann::json h = {{"overloaded_since_s", v.overloaded_since_s >= 0 ? nlohmann::json(v.overloaded_since_s) : nlohmann::json(nullptr)},
                            {"intervals", v.intervals},
                            {"overloaded_intervals", v.overloaded_intervals},
                            {"worst_timer_late_mean_ms", v.worst.timer_late_mean_ms},
                            {"worst_timer_late_max_ms", v.worst.timer_late_max_ms},
                            {"worst_late_share", v.worst.late_share},
                            {"worst_hold_stretch", v.worst.hold_stretch},
                            {"worst_cpu_share", v.worst.cpu_share}};
        if (v.overloaded) {
            h["reason"] = v.reason;
            h["suggestion"] = "run it in virtual time (--time virtual): the same nodes on a simulated clock";
        }
        s["host"] = h;
    }
    std::string fp;
    if (sim_) {
        fp = sim_->trace().hex();
        s["fingerprint"] = fp;
        s["trace_events"] = sim_->trace().events();
    }
    {
        std::lock_guard lock(mu_);
        summary_ = s;
        fingerprint_ = fp;
        if (!drain_.at_rest) {
            events_.push_back({end_s, fmt::format("not at rest when the run stopped ({} after waiting {:.1f} s): "
                                                  "the end-of-run figures include work still under way",
                                                  drain_.stopped_because, drain_.waited_s)});
        }
        events_.push_back({end_s, "run finished" + (fp.empty() ? std::string() : ", fingerprint " + fp)});
        commands_.clear();
    }
    if (store_) {
        record_events();
        store_write("summary", [&] { store_->finish_run(run_id_, "finished", end_s, s); });
    }
    spdlog::info("run finished after {:.1f}s", end_s);
    finished_ = true;
}

}  // namespace archlab
