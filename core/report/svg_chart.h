#pragma once
// A ChartPlot as inline SVG: axes with ticks and grid, the lines (theory dashed, a second run
// dotted), a dashed red marker with a label at every fault, a legend below. Self-contained
// markup (no xmlns, scripts, links or fonts to fetch) that parses as XML and draws inline in
// any browser's HTML. No Qt.
#include <string>

#include "core/report/chart_plot.h"

namespace archlab {

/// The chart's <svg> element, `width` x `height` user units (scaled to the page width by CSS).
std::string chart_svg(const ChartPlot& plot, int width = 760, int height = 320);

}  // namespace archlab
