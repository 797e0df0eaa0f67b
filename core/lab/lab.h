#pragma once
// A lab is data plus wiring: knobs, charts, fault menu, explain text, and how to build a run.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/knob.h"
#include "core/lab/settings.h"
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
};

struct LabInfo {
    std::string id;        ///< "queueing"
    std::string title;     ///< "Queueing and latency"
    std::string summary;   ///< one line
    std::string explain;   ///< a few paragraphs of plain words, with things to try
    std::vector<KnobSpec> knobs;
    std::vector<ChartSpec> charts;
};

/// A socket of a running lab that outside clients can use: redis-cli, curl, wrk.
struct ServiceEndpoint {
    std::string node;      ///< node id it belongs to: "cache", "lb"
    std::string protocol;  ///< "redis", "http"
    std::string address;   ///< "127.0.0.1:PORT" or "http://127.0.0.1:PORT/"
    std::string hint;      ///< a command to try: "redis-cli -p 40123"
};

/// One running instance of a lab: its cluster, its series and its summary.
class LabRun {
public:
    virtual ~LabRun() = default;
    virtual Runtime& runtime() = 0;
    /// Starts the cluster and the workload.
    virtual void start() = 0;
    /// Stops the workload; in-flight operations are given a moment, then the cluster stops.
    virtual void stop() = 0;
    /// Names of every column sample() fills, fixed for the run.
    virtual std::vector<std::string> series_columns() const = 0;
    /// Fills one value per column for the interval since the previous call (sampler thread).
    virtual void sample(double t_s, std::vector<double>& values) = 0;
    /// Lab-specific summary fields, merged into summary.json after the run.
    virtual nlohmann::json summary() = 0;
    /// Applies a knob marked live while running; false if the lab cannot.
    virtual bool apply_live(const std::string& /*knob*/, const KnobValue& /*value*/) { return false; }
    /// Handles a lab-specific fault (flush a cache, ...) or one the lab must see first;
    /// false leaves it to the runtime. Called from the controller's threads.
    virtual bool apply_fault(const FaultEvent& /*fault*/) { return false; }
    /// Sockets outside clients can connect to, valid after start(); may change after a restart.
    virtual std::vector<ServiceEndpoint> endpoints() const { return {}; }
    /// Chart notes that depend on the settings (e.g. which model fits).
    virtual std::vector<ChartSpec> charts() const = 0;
};

class Lab {
public:
    virtual ~Lab() = default;
    virtual const LabInfo& info() const = 0;
    /// Builds a run on the live runtime (threads and 127.0.0.1 TCP). Settings are checked.
    virtual std::unique_ptr<LabRun> create(const Settings& settings, std::uint64_t seed) const = 0;
    Settings default_settings() const { return Settings(info().knobs); }
};

}  // namespace archlab
