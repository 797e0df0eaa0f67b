#pragma once
// Runs one lab: builds its cluster, applies the fault timeline, samples series at 4 Hz into a
// bounded store, commits them to the run store about once a second, and makes the summary.
// The CLI and the desktop window both drive runs through this one class.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/lab.h"
#include "core/metrics/series.h"

namespace archlab {

class RunStore;

struct RunRequest {
    const Lab* lab = nullptr;
    Settings settings{{}};
    std::uint64_t seed = 1;
    Nanos duration{0};                 ///< 0 = until stop()
    std::vector<FaultEvent> faults;    ///< timeline, applied at their times
    double sample_hz = 4.0;            ///< sampler rate
};

/// One line of the run's event log (faults applied, lifecycle), for the window and the store.
struct RunEvent {
    double t_s = 0.0;
    std::string text;
};

class RunController {
public:
    /// store may be null (no recording).
    RunController(RunRequest request, RunStore* store);
    ~RunController();

    /// Builds and starts the cluster, the sampler and the fault timeline. Throws InputError
    /// for a fault naming an unknown node or link, std::runtime_error when the cluster cannot start.
    void start();
    /// Blocks until the duration has passed or stop() was called, then finishes the run.
    void wait();
    /// Ends the run early (any thread); wait() then returns.
    void stop();
    bool finished() const { return finished_.load(); }

    /// Applies a fault now (from the window's fault panel); recorded like timeline faults.
    /// Throws InputError when the target is unknown.
    void inject(const FaultEvent& fault);
    /// Applies a live knob change; false when the knob is not live for this lab.
    bool apply_live(const std::string& knob, const KnobValue& value);

    double elapsed_s() const;
    const SeriesStore* series() const { return series_.get(); }
    /// Cluster access for the topology and fault panels (null before start()).
    Runtime* runtime();
    LabRun* lab_run() { return run_.get(); }
    std::int64_t run_id() const { return run_id_; }
    const RunRequest& request() const { return request_; }
    std::vector<RunEvent> events() const;
    /// summary.json: common fields + the lab's own; valid after wait() returned.
    nlohmann::json summary() const;

private:
    void sampler_loop();
    void apply(const FaultEvent& fault);
    void finish();
    void record_rows(std::vector<SeriesRow>& rows);  ///< commits rows to the store, then clears them

    RunRequest request_;
    RunStore* store_;
    std::unique_ptr<LabRun> run_;
    std::unique_ptr<SeriesStore> series_;
    std::int64_t run_id_ = 0;
    std::thread sampler_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    std::atomic<bool> finished_{false};
    std::vector<RunEvent> events_;
    nlohmann::json summary_;
    double start_wall_s_ = 0.0;
    std::atomic<double> end_s_{-1.0};           ///< run length once finished, s
    std::vector<FaultEvent> applied_;           ///< faults applied so far (timeline and injected)
};

}  // namespace archlab
