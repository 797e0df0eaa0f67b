#pragma once
// Renders a lab chart (measured series solid, predictions dashed) to a PNG file, drawn as the
// report's charts are (core/report/chart_plot.h, views/plot_painter.h): round ticks, an index's
// names, a gap where a series has no data, and a labelled marker at each fault and knob change.
#include <string>
#include <vector>

#include "core/lab/lab.h"
#include "core/lab/run_mark.h"
#include "core/metrics/series.h"

namespace archlab {

/// Writes the chart to path; returns false and sets error when it cannot.
bool render_chart_png(const ChartSpec& chart, const SeriesSnapshot& series, const std::string& path,
                      std::string* error, const std::vector<RunMark>& marks = {}, int width = 1000, int height = 560);

}  // namespace archlab
