#pragma once
// Renders a lab chart (measured series solid, predictions dashed) to a PNG file offscreen.
// Needs a QApplication (the CLI makes one on the offscreen platform).
#include <string>

#include "core/lab/lab.h"
#include "core/metrics/series.h"

namespace archlab {

/// Writes the chart to path; returns false and sets error when it cannot.
bool render_chart_png(const ChartSpec& chart, const SeriesSnapshot& series, const std::string& path,
                      std::string* error, int width = 1000, int height = 560);

}  // namespace archlab
