#pragma once
// The pieces of a run bundle as text, and back: each reader checks what it reads and throws
// InputError naming the entry and, for CSV, the line ("run-1/series.csv:12: ..."). No zip here
// (core/bundle/bundle_io.h puts the pieces in the archive).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bundle/run_bundle.h"

namespace archlab {

/// t_s and every column, one row per sample; numbers in their shortest exact form, so reading
/// them back gives the very same doubles; an empty cell for a missing value (NaN).
std::string series_to_csv(const SeriesSnapshot& series);
SeriesSnapshot series_from_csv(const std::string& text, const std::string& where);

nlohmann::json topology_to_json(const StoredTopology& topology);
StoredTopology topology_from_json(const nlohmann::json& j, const std::string& where);

nlohmann::json events_to_json(const std::vector<StoredEvent>& events);
std::vector<StoredEvent> events_from_json(const nlohmann::json& j, const std::string& where);

nlohmann::json faults_to_json(const std::vector<StoredFault>& faults);
std::vector<StoredFault> faults_from_json(const nlohmann::json& j, const std::string& where);

nlohmann::json chart_to_json(const ChartSpec& chart);
ChartSpec chart_from_json(const nlohmann::json& j, const std::string& where);

/// run.json: the run's record (less its summary) with lab title, explain text and charts.
nlohmann::json run_to_json(const BundledRun& run);
/// Fills the record, lab title, explain text and charts of `run` from run.json.
void run_from_json(const nlohmann::json& j, const std::string& where, BundledRun& run);

/// The run as a scenario file (lab, seed, duration, initial settings, faults and knob changes at
/// their exact times, from summary.json's at_ns), so `archlab-cli run scenario.json --time
/// virtual` runs a virtual run again with the same fingerprint.
nlohmann::json scenario_of(const BundledRun& run);

/// The guided run the bundle's report shows: RunBundle::guide when it is an object, else the
/// first run's summary.json "guide" object (a guided run records its steps, questions, guesses
/// and measured values there), else null.
nlohmann::json bundle_guide(const RunBundle& bundle);

/// j[key] when j is an object holding text there, else `fallback` (never throws).
std::string json_text(const nlohmann::json& j, const char* key, const std::string& fallback = "");
/// j[key] when j is an object holding a number there, else `fallback` (never throws).
double json_number(const nlohmann::json& j, const char* key, double fallback = 0.0);

/// JSON text parsed, or InputError "WHERE: not valid JSON: ..." .
nlohmann::json parse_bundle_json(const std::string& text, const std::string& where);

}  // namespace archlab
