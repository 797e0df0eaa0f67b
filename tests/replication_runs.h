#pragma once
// The replication lab in virtual time, for the tests, built the one way the lab is ever built
// (Lab::build on a simulated runtime): a whole run with a fault timeline through the
// RunController (run_virtual), or a run the test drives itself (BuiltRun) when it looks inside
// the nodes between steps. Deterministic: no sleeps, no wall clock.
#include <QTemporaryDir>

#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/fault_apply.h"
#include "core/lab/run_controller.h"
#include "core/runtime/sim_runtime.h"
#include "labs/register_labs.h"
#include "labs/replication/repl_run.h"

namespace repl_test {

using Sets = std::vector<std::pair<std::string, std::string>>;

inline const archlab::Lab& replication_lab() {
    static archlab::LabRegistry labs = [] {
        archlab::LabRegistry r;
        archlab::register_all_labs(r);
        return r;
    }();
    return *labs.find("replication");
}

/// The lab's defaults with `sets` applied (knob, text value).
inline archlab::Settings settings_with(const Sets& sets) {
    archlab::Settings s = replication_lab().default_settings();
    for (const auto& [knob, value] : sets) s.set(knob, value);
    return s;
}

/// What a finished virtual run left.
struct VirtualRun {
    nlohmann::json summary;
    archlab::SeriesSnapshot series;
    std::string fingerprint;
    std::vector<archlab::RunEvent> events;  ///< the run's event log

    /// A column's values at samples with from_s <= t <= to_s (NaN included).
    std::vector<double> column(const std::string& name, double from_s = 0, double to_s = 1e18) const {
        const int c = series.column(name);
        std::vector<double> out;
        if (c < 0) return out;
        for (const archlab::SeriesRow& r : series.rows) {
            if (r.t_s >= from_s && r.t_s <= to_s) out.push_back(r.values[static_cast<std::size_t>(c)]);
        }
        return out;
    }
};

/// A whole run through the RunController: faults are timeline entries ("3s:kill:primary").
inline VirtualRun run_virtual(const Sets& sets, double seconds, const std::vector<std::string>& faults = {},
                              std::uint64_t seed = 1) {
    archlab::RunRequest req;
    req.lab = &replication_lab();
    req.settings = settings_with(sets);
    req.seed = seed;
    req.duration = archlab::from_ms(seconds * 1e3);
    req.time_mode = archlab::TimeMode::Virtual;
    for (const std::string& f : faults) req.faults.push_back(archlab::FaultEvent::parse(f));
    archlab::RunController run(req, nullptr);
    run.start();
    run.wait();
    return {run.summary(), run.series()->snapshot(), run.fingerprint(), run.events()};
}

/// The lab built on a simulated runtime that the test advances itself; finish() ends the run
/// as the RunController does: workload stopped, operations in flight drained, cluster stopped,
/// end-of-run checks, summary (the lab's own fields).
class BuiltRun {
public:
    explicit BuiltRun(const Sets& sets, std::uint64_t seed = 1) : sim_(seed, archlab::Nanos(0)) {
        run_ = replication_lab().build(archlab::RunEnv{sim_, archlab::TimeMode::Virtual, seed, dir_.path().toStdString()},
                                       settings_with(sets));
        repl_ = dynamic_cast<archlab::replication::ReplicationRun*>(run_.get());
        sim_.start();
        run_->started();
    }
    archlab::SimRuntime& sim() { return sim_; }
    archlab::replication::ReplicationRun& run() { return *repl_; }
    const archlab::replication::ReplMetrics& m() const { return repl_->metrics(); }
    archlab::NodeIndex node(const std::string& name) const { return sim_.lookup(name); }
    void run_for(archlab::Nanos d) { sim_.run_for(d); }
    /// A fault as the fault panel applies it now ("kill:primary", "promote:replica-2").
    void fault(const std::string& text) {
        const archlab::FaultEvent f = archlab::FaultEvent::parse("0s:" + text);
        if (!run_->apply_fault(f)) archlab::apply_fault(sim_, f);
    }
    /// Ends the run; `settle` more of virtual time passes after the drain (replication catches up).
    nlohmann::json finish(archlab::Nanos settle = archlab::Nanos(0)) {
        run_->stop_workload();
        for (int i = 0; i < 300 && !run_->drained(); ++i) sim_.run_for(archlab::from_ms(10));
        sim_.run_for(settle);
        sim_.stop();
        run_->stopped();
        return run_->summary();
    }
    /// Acknowledged writes invoked at or after t.
    int writes_ok_after(archlab::Nanos t) const {
        int n = 0;
        for (const archlab::replication::OpRecord& op : m().ops.snapshot()) {
            n += op.f != archlab::replication::OpF::Read && op.status == archlab::replication::OpStatus::Ok &&
                 op.invoke_ns >= t.count();
        }
        return n;
    }

private:
    QTemporaryDir dir_;
    archlab::SimRuntime sim_;
    std::unique_ptr<archlab::LabRun> run_;           ///< before sim_ goes: it refers to it
    archlab::replication::ReplicationRun* repl_ = nullptr;
};

/// Largest non-NaN value, NaN when there is none.
inline double max_of(const std::vector<double>& v) {
    double m = std::nan("");
    for (double x : v) {
        if (!std::isnan(x) && (std::isnan(m) || x > m)) m = x;
    }
    return m;
}

}  // namespace repl_test
