#include "core/lab/run_controller.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <spdlog/spdlog.h>

#include "core/lab/fault_apply.h"
#include "core/store/run_store.h"

namespace archlab {

namespace {
double wall_s() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}
constexpr double kFlushEvery_s = 1.0;
}  // namespace

RunController::RunController(RunRequest request, RunStore* store) : request_(std::move(request)), store_(store) {
    std::stable_sort(request_.faults.begin(), request_.faults.end(),
                     [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
}

RunController::~RunController() {
    stop();
    if (sampler_.joinable()) {
        sampler_.join();
        if (!finished_) finish();
    }
}

void RunController::start() {
    run_ = request_.lab->create(request_.settings, request_.seed);
    // Check every fault's target before anything starts, so a typo is an input error.
    for (const FaultEvent& f : request_.faults) check_fault_target(run_->runtime(), f);
    series_ = std::make_unique<SeriesStore>(run_->series_columns());
    if (store_) {
        run_id_ = store_->begin_run(request_.lab->info().id, request_.seed, request_.settings.to_json(),
                                    series_->columns());
    }
    try {
        run_->start();
    } catch (const std::exception& e) {
        if (store_) store_->finish_run(run_id_, "failed", 0.0, nlohmann::json{{"error", e.what()}});
        throw;
    }
    start_wall_s_ = wall_s();
    {
        std::lock_guard lock(mu_);
        events_.push_back({0.0, "run started: " + request_.lab->info().id + ", seed " + std::to_string(request_.seed)});
    }
    spdlog::info("run started: lab {}, seed {}", request_.lab->info().id, request_.seed);
    sampler_ = std::thread([this] { sampler_loop(); });
}

double RunController::elapsed_s() const {
    if (start_wall_s_ == 0.0) return 0.0;
    if (end_s_ >= 0.0) return end_s_;
    return wall_s() - start_wall_s_;
}

Runtime* RunController::runtime() { return run_ ? &run_->runtime() : nullptr; }

void RunController::apply(const FaultEvent& f) {
    const double t = elapsed_s();
    std::string what = f.to_string();
    try {
        if (!run_->apply_fault(f)) apply_fault(run_->runtime(), f);
    } catch (const std::exception& e) {
        what += std::string(" failed: ") + e.what();
    }
    spdlog::warn("fault at {:.2f}s: {}", t, what);
    std::lock_guard lock(mu_);
    events_.push_back({t, "fault: " + what});
    FaultEvent applied = f;
    applied.at = from_ms(t * 1e3);
    applied_.push_back(applied);
    if (store_) store_->add_fault(run_id_, StoredFault{t, f.action, f.target, f.value});
}

void RunController::inject(const FaultEvent& fault) {
    if (!run_ || finished_) return;
    check_fault_target(run_->runtime(), fault);
    apply(fault);
}

bool RunController::apply_live(const std::string& knob, const KnobValue& value) {
    if (!run_ || finished_) return false;
    const KnobSpec& spec = request_.settings.spec(knob);
    if (!spec.live) return false;
    request_.settings.set_value(knob, value);
    const bool ok = run_->apply_live(knob, value);
    if (ok) {
        std::lock_guard lock(mu_);
        events_.push_back({elapsed_s(), "knob " + knob + " = " + format_value(value)});
    }
    return ok;
}

void RunController::sampler_loop() {
    const double period = 1.0 / std::max(0.5, request_.sample_hz);
    const double duration = to_s(request_.duration);
    std::size_t next_fault = 0;
    double next_sample = period;
    double next_flush = kFlushEvery_s;
    std::vector<double> values(series_->columns().size());
    std::vector<SeriesRow> unflushed;
    for (;;) {
        const double now = elapsed_s();
        while (next_fault < request_.faults.size() && to_s(request_.faults[next_fault].at) <= now) {
            apply(request_.faults[next_fault++]);
        }
        if (now >= next_sample) {
            std::fill(values.begin(), values.end(), std::nan(""));
            run_->sample(now, values);
            SeriesRow row{now, values};
            series_->append(row);
            unflushed.push_back(std::move(row));
            next_sample += period;
            if (next_sample <= now) next_sample = now + period;  // fell behind: do not burst
        }
        if (store_ && now >= next_flush) {
            record_rows(unflushed);
            next_flush = now + kFlushEvery_s;
        }
        if (duration > 0 && now >= duration) break;
        double wake = next_sample;
        if (next_fault < request_.faults.size()) wake = std::min(wake, to_s(request_.faults[next_fault].at));
        if (duration > 0) wake = std::min(wake, duration);
        std::unique_lock lock(mu_);
        if (cv_.wait_for(lock, std::chrono::duration<double>(std::max(0.0, wake - elapsed_s())),
                         [this] { return stop_requested_; })) {
            break;
        }
    }
    if (store_ && !unflushed.empty()) record_rows(unflushed);
}

void RunController::record_rows(std::vector<SeriesRow>& rows) {
    // A store that fails (disk full, say) must not end the run: the series in memory and the
    // report stay whole; the event log says what was lost.
    try {
        store_->add_rows(run_id_, rows);
        store_->flush();
    } catch (const std::exception& e) {
        spdlog::error("run store: {} rows not recorded: {}", rows.size(), e.what());
        std::lock_guard lock(mu_);
        events_.push_back({elapsed_s(), std::string("run store error: ") + e.what()});
    }
    rows.clear();
}

void RunController::stop() {
    std::lock_guard lock(mu_);
    stop_requested_ = true;
    cv_.notify_all();
}

void RunController::wait() {
    if (!sampler_.joinable()) return;  // never started
    sampler_.join();
    if (!finished_) finish();
}

void RunController::finish() {
    if (!run_) return;
    run_->stop();
    end_s_ = wall_s() - start_wall_s_;
    nlohmann::json s;
    s["lab"] = request_.lab->info().id;
    s["seed"] = request_.seed;
    s["duration_s"] = end_s_.load();
    s["settings"] = request_.settings.to_json();
    s["run_id"] = run_id_;
    nlohmann::json faults = nlohmann::json::array();
    {
        std::lock_guard lock(mu_);
        for (const FaultEvent& f : applied_) faults.push_back(f.to_json());
    }
    s["faults"] = faults;
    const nlohmann::json lab_summary = run_->summary();
    for (auto& [k, v] : lab_summary.items()) s[k] = v;
    {
        std::lock_guard lock(mu_);
        summary_ = s;
        events_.push_back({end_s_.load(), "run finished"});
    }
    if (store_) {
        try {
            store_->finish_run(run_id_, "finished", end_s_.load(), s);
        } catch (const std::exception& e) {
            spdlog::error("run store: summary not recorded: {}", e.what());
        }
    }
    spdlog::info("run finished after {:.1f}s", end_s_.load());
    finished_ = true;
}

std::vector<RunEvent> RunController::events() const {
    std::lock_guard lock(mu_);
    return events_;
}

nlohmann::json RunController::summary() const {
    std::lock_guard lock(mu_);
    return summary_;
}

}  // namespace archlab
