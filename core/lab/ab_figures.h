#pragma once
// The figures an A/B run is judged by, side by side with their difference: throughput, error
// rate, p99 and mean latency, and the lab's own headline figures (hit ratio, lost writes, load
// skew, ...). From the two summaries once both sides finished, or from the two series' last few
// seconds while they run.
#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/metrics/series.h"

namespace archlab {

/// Which way a figure is better: throughput up, latency down; utilisation neither.
enum class Better { Higher, Lower, Neither };

/// One headline figure of both sides.
struct AbFigure {
    std::string key;        ///< summary or series field it comes from: "throughput_rps", "latency_ms/p99"
    std::string label;      ///< "throughput"
    std::string unit;       ///< "req/s", "ms", "" for ratios and counts
    double a = std::nan("");  ///< side A's value (NaN: it has none)
    double b = std::nan("");  ///< side B's value
    Better better = Better::Lower;  ///< which way is better
    /// Why neither side is called better though the values differ: a latency of answered
    /// requests when the sides fail different shares (the side that fails more looks faster,
    /// its slowest requests having become errors). Empty when the values compare plainly.
    std::string caveat = {};

    double delta() const { return b - a; }
    /// (B - A) / |A|; NaN when A is 0 or either is missing.
    double relative() const { return a != 0.0 && std::isfinite(a) && std::isfinite(b) ? (b - a) / std::abs(a) : std::nan(""); }
    /// +1 when B is better, -1 when worse; 0 when they differ by under 1% (noise), the figure
    /// has no better way, either is missing, or a caveat says they do not compare.
    int b_better() const;
};

/// The figures of two finished runs' summary.json, in reading order; a lab's own figure is
/// listed when either side has it as a number.
std::vector<AbFigure> ab_summary_figures(const nlohmann::json& a, const nlohmann::json& b);

/// The same figures from the two runs' series: each a mean over the last `window_s` seconds of
/// run time of each side (rows oldest first); errors as a share of all requests.
std::vector<AbFigure> ab_series_figures(const std::vector<std::string>& a_columns, const std::deque<SeriesRow>& a_rows,
                                        const std::vector<std::string>& b_columns, const std::deque<SeriesRow>& b_rows,
                                        double window_s);

/// A value in a few characters: 4 significant digits, ratios as percent, "-" when missing.
std::string format_ab_value(double v, const std::string& unit);
/// The difference "+12.3 req/s (+4.1%)", "-" when not comparable.
std::string format_ab_delta(const AbFigure& f);

}  // namespace archlab
