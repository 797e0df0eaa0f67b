#pragma once
// A lab is data plus wiring: knobs, charts, fault menu, explain text, and how to build a run on
// a runtime it is given (live or simulated). The framework (RunController) owns the runtime,
// samples the lab's declared series, applies faults and makes the summary.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/knob.h"
#include "core/lab/node_role.h"
#include "core/lab/series_table.h"
#include "core/lab/settings.h"
#include "core/lab/time_mode.h"
#include "core/runtime/runtime.h"

namespace archlab {

/// A chart the lab offers: which series columns it draws.
struct ChartSpec {
    std::string id;                     ///< "latency"
    std::string title;                  ///< "Latency percentiles"
    std::string unit;                   ///< "ms"
    std::vector<std::string> series;    ///< measured columns of the SeriesStore
    std::vector<std::string> predicted; ///< model columns drawn dashed beside them (may be empty)
    std::string note;                   ///< shown under the chart ("no closed form for round-robin")
    std::vector<std::string> series_nodes;  ///< per measured column: the node it is about ("" = none), for roles in legends
    std::vector<std::string> levels;    ///< a chart of an index: the name of value 0, 1, ... (empty = a plain number axis)
    /// A few points far above the rest are drawn off the top of the axis, with a note naming
    /// them, so one node's brief spike does not flatten every other line (core/report/spike_cap.h).
    bool spikes_off_scale = false;
};

/// A lab's own fault action beyond the runtime's node and link faults ("flush", "promote").
struct LabAction {
    std::string name;         ///< the action word in a fault entry: "4s:flush:cache"
    std::string label;        ///< button text in the window: "Flush"
    std::string help;         ///< tooltip and `describe` line
    std::vector<std::string> kinds;  ///< node kinds it applies to ("cache"); empty = any node
};

struct LabInfo {
    std::string id;        ///< "queueing"
    std::string title;     ///< "Queueing and latency"
    std::string summary;   ///< one line
    std::string explain;   ///< a few paragraphs of plain words, with things to try
    std::vector<KnobSpec> knobs;
    std::vector<LabAction> actions;      ///< the lab's own fault actions (none for most labs)
};

/// A socket of a running lab that outside clients can use: redis-cli, curl, wrk.
struct ServiceEndpoint {
    std::string node;      ///< node id it belongs to: "cache", "lb"
    std::string protocol;  ///< "redis", "http"
    std::string address;   ///< "127.0.0.1:PORT" or "http://127.0.0.1:PORT/"
    std::string hint;      ///< a command to try: "redis-cli -p 40123"
};

/// A small table a lab keeps of its latest items (transactions and the state of their steps),
/// refreshed at every sample and shown beside the topology. Empty columns: the lab has none.
struct ItemTable {
    std::string title;                           ///< "Latest orders"
    std::vector<std::string> columns;            ///< the header
    std::vector<std::vector<std::string>> rows;  ///< newest first; each has columns.size() cells
};

/// A line a lab writes into its run's event log (a promotion it refused), at run time t_s.
struct LabEvent {
    double t_s = 0.0;
    std::string text;
};

/// What the framework hands a lab to build a run on.
struct RunEnv {
    Runtime& runtime;                    ///< live or simulated: the lab never names which
    TimeMode mode = TimeMode::Live;      ///< outside doors (RESP, HTTP) exist in live mode only
    std::uint64_t seed = 1;
    std::filesystem::path data_dir;      ///< this run's own folder (databases, logs); removed after the run
};

/// One running instance of a lab. Built by Lab::build with its nodes added to the runtime; the
/// framework starts the runtime, then calls started(); at the end stop_workload(), waits until
/// drained() (at most a few seconds), stops the runtime and calls stopped(), then summary().
/// Every call comes from the controller's one run thread, except charts() and endpoints().
class LabRun {
public:
    virtual ~LabRun() = default;
    /// The series, declared once; the framework samples and draws them.
    virtual const SeriesTable& series() const = 0;
    /// After the runtime started: outside doors (live mode).
    virtual void started() {}
    /// The workload stops sending; operations in flight may still finish.
    virtual void stop_workload() = 0;
    /// True when nothing the workload sent is still in flight (and, for a lab whose cluster
    /// keeps working after its clients give up, that work is done too).
    virtual bool drained() const { return true; }
    /// How long the end of a run waits for drained(): at most settle_s of run time, and in live
    /// time no longer than stall_s of wall time without drain_progress() moving.
    struct DrainLimits {
        double settle_s = 2.0;
        double stall_s = 0.3;
    };
    virtual DrainLimits drain_limits() const { return {}; }
    /// A count that grows while the cluster settles; nullopt: the headline's successes.
    virtual std::optional<std::uint64_t> drain_progress() const { return std::nullopt; }
    /// After the cluster stopped: close outside doors, run end-of-run checks.
    virtual void stopped() {}
    /// Lab-specific summary fields, merged over the common ones after the run.
    virtual nlohmann::json summary() = 0;
    /// Applies a knob marked live while running; false if the lab cannot.
    virtual bool apply_live(const std::string& /*knob*/, const KnobValue& /*value*/) { return false; }
    /// Handles one of the lab's own actions (LabInfo::actions), or sees a runtime fault first;
    /// false leaves it to the runtime.
    virtual bool apply_fault(const FaultEvent& /*fault*/) { return false; }
    /// Sockets outside clients can connect to (live mode), valid after started(); any thread.
    virtual std::vector<ServiceEndpoint> endpoints() const { return {}; }
    /// A few words the topology shows on a node ("31% of keys"), or ""; called by the run thread
    /// at every sample.
    virtual std::string node_note(const std::string& /*node*/) const { return {}; }
    /// The latest items the lab shows in a table (none by default); called by the run thread at
    /// every sample, so it may read the lab's databases at that instant.
    virtual ItemTable latest_items() const { return {}; }
    /// The node's current role when the lab gives nodes roles that change during a run: one of
    /// the kNodeRole* words ("primary", "replica", "removed from the pool", "draining"), or ""
    /// for none; called by the run thread at every sample. The topology and the chart legends show it.
    virtual std::string node_role(const std::string& /*node*/) const { return {}; }
    /// Event-log lines the lab wrote since the last call (none by default); called by the run
    /// thread at every sample and once more after summary().
    virtual std::vector<LabEvent> take_events() { return {}; }
    /// Chart specs with notes that depend on the run; any thread.
    virtual std::vector<ChartSpec> charts() const { return series().chart_specs(); }
};

class Lab {
public:
    virtual ~Lab() = default;
    virtual const LabInfo& info() const = 0;
    /// Adds the lab's nodes to env.runtime and returns the run. Settings are checked
    /// (InputError for values that do not fit together).
    virtual std::unique_ptr<LabRun> build(const RunEnv& env, const Settings& settings) const = 0;
    Settings default_settings() const { return Settings(info().knobs); }
};

}  // namespace archlab
