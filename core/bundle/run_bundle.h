#pragma once
// A run bundle: one file (a zip archive) that carries one run, or an A/B pair, whole: what was
// run (lab, settings, seed, time mode, fault timeline as a scenario file), what came out
// (summary.json, series.csv, the event log, the per-sample topology, the fingerprint of a
// virtual run), the lab's explain text and chart list, optional pictures (chart PNGs, an
// animated GIF) and a self-contained HTML report. Another machine imports it into its run
// history to view, compare and, for a virtual run, replay with the fingerprint checked.
//
// Layout inside the archive (format "archlab-bundle", version 1):
//   manifest.json          {"format", "version", "created_by", "runs": ["run-1", ...], "guide": bool}
//   report.html            the HTML report (core/report/html_report.h)
//   guide.json             optional: the guided run's steps, questions, guesses and measured values
//   run-N/run.json         lab, lab_title, explain, seed, time_mode, fingerprint, started_at,
//                          duration_s, status, origin, settings, charts
//   run-N/scenario.json    the run as a scenario file, knob changes included (archlab-cli run run-N/scenario.json)
//   run-N/summary.json     as archlab-cli run writes it
//   run-N/series.csv       t_s and every column, numbers at full precision (exact round trip)
//   run-N/events.json      the event log: [[t_s, "text"], ...]
//   run-N/faults.json      [{"at_s", "action", "target", "value"}, ...]
//   run-N/topology.json    {"nodes": [[name, kind], ...], "rows": [[t_s, "states", "links hex"], ...]}
//   run-N/charts/ID.svg    every chart as SVG; ID.png beside it when a front end drew them
//   run-N/animation.gif    optional: topology and one chart over the run
//   run-N/history.edn      optional: the lab's operation history (summary.json "history" names it)
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/lab.h"
#include "core/metrics/series.h"
#include "core/store/run_store.h"

namespace archlab {

inline constexpr const char* kBundleFormat = "archlab-bundle";
inline constexpr int kBundleVersion = 1;
inline constexpr const char* kBundleExtension = ".archlab";
/// A run's operation history in its folder (replication lab), as its summary.json names it.
inline constexpr const char* kBundleHistory = "history.edn";

/// A file carried as is (chart PNG, animated GIF), named relative to its run's folder.
struct BundleFile {
    std::string name;                  ///< "charts/latency.png", "animation.gif", "history.edn"
    std::vector<unsigned char> bytes;
};

/// One run, whole.
struct BundledRun {
    RunRecord record;                  ///< lab, seed, started_at, duration_s, status, settings, summary, origin
    std::string lab_title;             ///< "Queueing and latency"
    std::string explain;               ///< the lab's explain text
    std::vector<ChartSpec> charts;     ///< the charts the run drew
    SeriesSnapshot series;
    StoredTopology topology;           ///< empty when none was recorded
    std::vector<StoredFault> faults;
    std::vector<StoredEvent> events;
    std::vector<BundleFile> files;     ///< pictures drawn by a front end, the history (optional)

    /// "virtual" or "live", from the summary ("live" when it does not say).
    std::string time_mode() const;
    /// The virtual run's fingerprint, "" for a live run.
    std::string fingerprint() const;
};

struct RunBundle {
    std::vector<BundledRun> runs;      ///< one run, or two (A and B)
    nlohmann::json guide;              ///< null, or the guided run (see core/report/html_report.h)
    std::string created_by;            ///< "archlab 0.1.0"
    std::string report_html;           ///< read back from a bundle; the writer makes its own
};

}  // namespace archlab
