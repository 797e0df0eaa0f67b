#pragma once
// How a chart names and colours its columns, shared by the window's charts (views/chart_style)
// and the report's SVG charts, so a line has the same name and colour in both.
#include <string>
#include <vector>

namespace archlab {

/// The i-th colour of a palette of distinct, print-friendly colours (wraps around), as "#1f77b4".
std::string series_colour_hex(int i);

/// A column name as a legend shows it: "latency_p99_ms" with unit "ms" -> "latency p99".
std::string series_label_text(const std::string& column, const std::string& unit);

/// Legend labels for a chart's measured columns: the unit suffix and the prefix every column
/// shares are dropped ("queue_lb", "queue_db" -> "lb", "db"), underscores become spaces.
std::vector<std::string> series_label_texts(const std::vector<std::string>& columns, const std::string& unit);

/// Index in `measured` of the column a predicted column stands beside, -1 when none:
/// "predicted_p99_ms" -> "latency_p99_ms", "utilisation_predicted" -> "utilisation".
int matching_measured_column(const std::string& predicted, const std::vector<std::string>& measured);

}  // namespace archlab
