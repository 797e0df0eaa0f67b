#pragma once
// Runs a registered lab the way the CLI and the window do (RunController, Lab::build), for
// tests: knobs as text, faults as timeline strings, virtual time by default.
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/run_controller.h"
#include "labs/register_labs.h"

namespace lab_test {

using Sets = std::vector<std::pair<std::string, std::string>>;

/// Every lab, registered once per test process.
inline const archlab::LabRegistry& registry() {
    static const archlab::LabRegistry labs = [] {
        archlab::LabRegistry r;
        archlab::register_all_labs(r);
        return r;
    }();
    return labs;
}

/// A registered lab by id.
inline const archlab::Lab& lab(const std::string& id) {
    const archlab::Lab* found = registry().find(id);
    if (!found) throw std::runtime_error("no lab " + id);
    return *found;
}

inline archlab::RunRequest request(const std::string& id, const Sets& sets, double seconds,
                                   const std::vector<std::string>& faults = {}, std::uint64_t seed = 7,
                                   archlab::TimeMode mode = archlab::TimeMode::Virtual) {
    archlab::RunRequest req;
    req.lab = &lab(id);
    req.settings = req.lab->default_settings();
    for (const auto& [k, v] : sets) req.settings.set(k, v);
    for (const std::string& f : faults) req.faults.push_back(archlab::FaultEvent::parse(f));
    req.seed = seed;
    req.duration = archlab::from_ms(seconds * 1e3);
    req.time_mode = mode;
    return req;
}

struct Finished {
    nlohmann::json summary;
    archlab::SeriesSnapshot series;
    std::string fingerprint;
    std::vector<archlab::RunEvent> events;   ///< the run's event log, as the window lists it
};

/// Runs the request to its end.
inline Finished run(const archlab::RunRequest& req) {
    archlab::RunController run(req, nullptr);
    run.start();
    run.wait();
    return {run.summary(), run.series()->snapshot(), run.fingerprint(), run.events()};
}

inline Finished run_virtual(const std::string& id, const Sets& sets, double seconds,
                            const std::vector<std::string>& faults = {}, std::uint64_t seed = 7) {
    return run(request(id, sets, seconds, faults, seed));
}

/// Jobs the runtime shed in a run, summed over the summary's jobs_shed (by node; absent: none).
inline std::uint64_t total_jobs_shed(const nlohmann::json& summary) {
    std::uint64_t n = 0;
    if (summary.contains("jobs_shed")) {
        for (const auto& [node, shed] : summary["jobs_shed"].items()) n += shed.get<std::uint64_t>();
    }
    return n;
}

/// Whether some event-log line contains `text`.
inline bool logged(const std::vector<archlab::RunEvent>& events, const std::string& text) {
    for (const archlab::RunEvent& e : events) {
        if (e.text.find(text) != std::string::npos) return true;
    }
    return false;
}

/// Same rows to the bit, NaN included (a blanked column must be blank in both).
inline bool same_rows(const archlab::SeriesSnapshot& a, const archlab::SeriesSnapshot& b) {
    if (a.columns != b.columns || a.rows.size() != b.rows.size()) return false;
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        const archlab::SeriesRow &x = a.rows[i], &y = b.rows[i];
        if (std::memcmp(&x.t_s, &y.t_s, sizeof x.t_s) != 0 || x.values.size() != y.values.size()) return false;
        if (std::memcmp(x.values.data(), y.values.data(), x.values.size() * sizeof(double)) != 0) return false;
    }
    return true;
}

}  // namespace lab_test
