#pragma once
// Runs one lab on either clock: builds its cluster on a runtime it makes (LiveRuntime or
// SimRuntime), applies the fault timeline, samples the lab's declared series at 4 Hz of run
// time into a bounded store, commits them to the run store about once a second, and makes the
// summary. The CLI, the window and the tests all drive runs through this one class.
//
// Threading contract:
//  - One run thread, started by start(), is the only thread that touches the runtime's nodes,
//    the LabRun, the sampler and the fault timeline. In virtual time it also advances the clock.
//  - inject(), apply_live(), set_speed(), run_to() and stop() may be called from any thread: they check
//    their input at once (throwing InputError) and hand the change to the run thread, which
//    applies it at its next step, or drop it once the run is finishing (finish() never races them).
//  - series(), cluster(), latest_items(), events(), elapsed_s(), endpoints(), charts(), summary() are safe from
//    any thread at any time; summary() and fingerprint() are filled once finished() is true.
//  - request_ does not change once start() returned; the knobs as changed live are settings().
//  - mu_ guards settings_, events_, applied_, knobs_changed_, commands_, cluster_, items_, host_, summary_,
//    fingerprint_, speed_, pause_at_, stop_requested_ and store_error_.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/cluster_view.h"
#include "core/lab/fault_event.h"
#include "core/lab/run_mark.h"
#include "core/lab/lab.h"
#include "core/lab/time_mode.h"
#include "core/metrics/series.h"

namespace archlab {

class RunStore;
class SeriesSampler;
class TopologyRecorder;
struct TopologyRow;
class SimRuntime;
class HostWatch;
class ShedWatch;
class PaceGroup;

/// A live knob changed at a run time (the window's knob panel, or a replayed run).
struct KnobChange {
    Nanos at{0};
    std::string knob;
    std::string value;   ///< text form, as --set takes it
};

struct RunRequest {
    const Lab* lab = nullptr;
    Settings settings{{}};
    std::uint64_t seed = 1;
    Nanos duration{0};                 ///< 0 = until stop()
    std::vector<FaultEvent> faults;    ///< timeline, applied at their times
    std::vector<KnobChange> knob_changes;  ///< live knobs changed at their times (after faults due then)
    double sample_hz = 4.0;            ///< samples per second of run time
    TimeMode time_mode = TimeMode::Live;
    double speed = kMaxSpeed;          ///< virtual time: virtual s per wall s, kMaxSpeed, or 0 (held)
    Nanos pause_at{-1};                ///< virtual time: hold the run here (speed 0) when reached; <0 = never
    /// Virtual time: runs paced together with this one (an A/B pair, core/lab/ab_pace.h); null = alone.
    std::shared_ptr<PaceGroup> pace;
    std::size_t pace_member = 0;       ///< this run's place in `pace`
    nlohmann::json summary_fields = nlohmann::json::object();  ///< added to summary.json as they are ("ab": which side)
};

/// The chart of a live run's host keep-up columns (host_*), for the run and for a stored live run.
ChartSpec host_keep_up_chart();

/// One line of the run's event log (faults applied, lifecycle), for the window and the store.
struct RunEvent {
    double t_s = 0.0;
    std::string text;
};

/// Whether the host keeps up with a live run (always fine in virtual time).
struct HostStatus {
    bool overloaded = false;           ///< the host fell behind at some point of the run
    bool overloaded_now = false;       ///< ... in the last sampled interval
    double since_s = -1.0;             ///< run time it began, s
    std::string reason;                ///< one line for the banner
};

class RunController {
public:
    /// store may be null (no recording).
    RunController(RunRequest request, RunStore* store);
    ~RunController();
    RunController(const RunController&) = delete;
    RunController& operator=(const RunController&) = delete;

    /// Builds and starts the cluster and the run thread. Throws InputError for settings that do
    /// not fit the time mode or a fault naming an unknown node, an action the lab does not offer,
    /// or std::runtime_error when the cluster cannot start.
    void start();
    /// Blocks until the duration has passed or stop() was called and the run is finished.
    void wait();
    /// Ends the run early (any thread); wait() then returns.
    void stop();
    bool finished() const { return finished_.load(); }

    /// Applies a fault now (from the window's fault panel); recorded like timeline faults.
    /// Throws InputError when the target or action is unknown to this lab.
    void inject(const FaultEvent& fault);
    /// Applies a live knob change at the next step; false when the knob is not live.
    bool apply_live(const std::string& knob, const KnobValue& value);
    /// Virtual time: virtual seconds per wall second (kMaxSpeed = as fast as the CPU allows, 0 = hold).
    void set_speed(double speed);
    double speed() const;
    /// Virtual time: runs on at `speed` until the virtual instant `at`, then holds (speed 0) there;
    /// a step forward from a hold. Ignored in live time.
    void run_to(Nanos at, double speed);
    TimeMode time_mode() const { return request_.time_mode; }

    /// Run time: wall seconds since start (live) or the virtual clock (virtual).
    double elapsed_s() const { return to_s(Nanos(elapsed_ns_.load())); }
    const SeriesStore* series() const { return series_.get(); }
    /// Node states and link counters at the latest sample.
    ClusterView cluster() const;
    /// The lab's table of latest items at the latest sample (no columns when it keeps none).
    ItemTable latest_items() const;
    std::vector<ServiceEndpoint> endpoints() const;
    std::vector<ChartSpec> charts() const;
    /// Which columns the status bar shows as this lab's rate and p99.
    StatusColumns status_columns() const;
    HostStatus host_status() const;
    /// Jobs shed so far (a node's job queue was full), by node name, as of the latest sample;
    /// only nodes that shed some, in node order.
    std::vector<std::pair<std::string, std::uint64_t>> jobs_shed() const;
    std::int64_t run_id() const { return run_id_; }
    /// The request as started (its settings are the run's initial knobs).
    const RunRequest& request() const { return request_; }
    /// Knob values now, live changes included.
    Settings settings() const;
    std::vector<RunEvent> events() const;
    /// Faults applied and live knob changes so far, in time order: the charts' markers.
    std::vector<RunMark> marks() const;
    /// summary.json: common fields + the lab's own; valid once finished.
    nlohmann::json summary() const;
    /// Virtual time: the trace fingerprint (16 hex digits) once finished; "" in live mode.
    std::string fingerprint() const;
    /// The run store's latest failure while this run records ("" when it records fine, or has no
    /// store). The run goes on whatever the store does; only what it could not write is lost.
    std::string store_error() const;

    /// Most commands (faults, knob changes, speed changes) waiting for the run thread; past it
    /// inject() and apply_live() refuse (InputError / false) and speed changes are dropped,
    /// rather than queue without bound behind a stuck run thread.
    static constexpr std::size_t kMaxQueuedCommands = 4096;

private:
    void run_loop();
    void live_loop();
    void virtual_loop();
    bool run_commands();              ///< applies queued commands; true when a stop was asked
    void apply_due(Nanos now);        ///< timeline faults and knob changes due at or before now
    void take_sample(double t_s);
    /// Reads each node's shed jobs into shed_watch_ (at_end: the run's end, closing open
    /// episodes), logs its lines; returns the nodes that shed some, with their counts.
    std::vector<std::pair<std::string, std::uint64_t>> watch_shedding(double t_s, bool at_end);
    void apply(const FaultEvent& fault, Nanos at);
    void change_knob(const std::string& knob, const KnobValue& value, Nanos at);
    Nanos next_due() const;           ///< time of the next timeline entry, Nanos::max() when none
    void log_event(double t_s, std::string text);
    /// Moves the lab's own event-log lines (LabRun::take_events) into the log.
    void log_lab_events();
    /// A stored run keeps the lab's history file (summary "history", written in the data folder)
    /// beside the run store, and the summary names the kept file (core/store/kept_history.h).
    void keep_history(nlohmann::json& summary, double end_s);
    void drain_and_stop();
    void finish();
    void record_rows();               ///< commits unflushed rows (and new event log lines) to the store
    void record_events();             ///< stores the event log lines logged since the last call
    /// Runs one store write; on failure logs it once (until a write succeeds again) and keeps the run going.
    template <typename Write>
    void store_write(const char* what, Write&& write);
    void push_command(std::function<void(Nanos at)> command);  ///< with mu_ held; dropped when full
    double wall_s() const;

    RunRequest request_;
    RunStore* store_;
    std::filesystem::path data_dir_;
    std::unique_ptr<Runtime> runtime_;
    SimRuntime* sim_ = nullptr;       ///< runtime_ when virtual
    std::unique_ptr<LabRun> run_;
    std::unique_ptr<SeriesSampler> sampler_;
    std::unique_ptr<HostWatch> host_watch_;   ///< live mode: does the host keep up?
    std::unique_ptr<ShedWatch> shed_watch_;   ///< which nodes shed jobs (full job queue), per sample
    std::unique_ptr<SeriesStore> series_;
    std::vector<SeriesRow> unflushed_;
    std::unique_ptr<TopologyRecorder> topology_;     ///< per-sample topology rows for the store (when recording)
    std::vector<TopologyRow> unflushed_topology_;   ///< one per row of unflushed_
    std::size_t host_columns_ = 0;    ///< trailing host-load columns (live mode)
    std::int64_t run_id_ = 0;
    nlohmann::json initial_settings_;   ///< as the run began (knob changes are listed apart)
    Settings settings_{{}};             ///< knob values now (mu_)
    std::thread thread_;
    std::chrono::steady_clock::time_point wall0_;
    std::atomic<std::int64_t> elapsed_ns_{0};   ///< run time, ns
    std::atomic<bool> finished_{false};
    std::size_t next_fault_ = 0;
    std::size_t next_knob_ = 0;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool stop_requested_ = false;
    double speed_ = kMaxSpeed;
    Nanos pause_at_ = Nanos::max();   ///< virtual time: hold when the clock reaches it (Nanos::max() = never)
    std::deque<std::function<void(Nanos at)>> commands_;   ///< at most kMaxQueuedCommands
    std::string store_error_;           ///< latest store failure, "" once it records again
    std::vector<RunEvent> events_;
    std::size_t events_recorded_ = 0;   ///< events_ already handed to the store
    std::vector<FaultEvent> applied_;
    std::vector<KnobChange> knobs_changed_;
    ClusterView cluster_;
    ItemTable items_;
    /// How the end of the run left the cluster (drain_and_stop): at rest, or why the wait ended.
    struct DrainOutcome {
        bool at_rest = true;
        double waited_s = 0;            ///< run time in virtual mode, wall time in live mode
        std::string stopped_because;    ///< "at rest", "no progress for 3 s", "still busy at the 30 s limit"
    };
    DrainOutcome drain_;
    HostStatus host_;
    std::vector<std::pair<std::string, std::uint64_t>> jobs_shed_;   ///< jobs_shed() at the latest sample
    nlohmann::json summary_;
    std::string fingerprint_;
};

}  // namespace archlab
