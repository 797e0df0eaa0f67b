#pragma once
// What `archlab-cli run` writes: DIR/summary.json, DIR/series.csv and a PNG per chart.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/run_mark.h"
#include "core/lab/lab.h"
#include "core/metrics/series.h"

namespace archlab::cli {

/// Writes series as CSV (t_s first, empty cells for missing values). Throws on I/O failure.
void write_series_csv(const SeriesSnapshot& series, const std::string& path);
void write_json(const nlohmann::json& value, const std::string& path);
/// Renders every chart to DIR/chart-ID.png, each fault and knob change marked; returns the files written.
std::vector<std::string> write_charts(const std::vector<ChartSpec>& charts, const SeriesSnapshot& series,
                                      const std::string& dir, const std::vector<RunMark>& marks = {});
/// "archlab-runs/NAME-YYYYmmdd-HHMMSS": the default report folder, in the current folder.
std::string stamped_out_dir(const std::string& name);
/// A few human lines about the run's summary, for the terminal.
std::string describe_summary(const nlohmann::json& summary);
/// The lab-specific headline figures of a summary (hit ratio, lost writes, ...) and its
/// per-node table; "" when it has none.
std::string describe_lab_fields(const nlohmann::json& summary);

}  // namespace archlab::cli
