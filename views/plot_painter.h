#pragma once
// Draws a ChartPlot (core/report/chart_plot.h) with QPainter: the same chart as the report's
// SVG, for the chart PNGs in a bundle and the frames of the animated GIF. Works on a QImage in
// any thread (no widget, no Qt Charts).
#include <cmath>
#include <cstdint>
#include <vector>

#include <QByteArray>
#include <QRectF>

#include "core/report/chart_plot.h"

class QPainter;

namespace archlab {

/// Paints the chart into `area`: lines up to `until_s` (all of them by default) and, when
/// `cursor_s` is a number, a vertical cursor there.
void paint_chart_plot(QPainter& p, const QRectF& area, const ChartPlot& plot, double until_s = INFINITY,
                      double cursor_s = NAN);

/// The chart as PNG bytes, width x height pixels.
QByteArray chart_plot_png(const ChartPlot& plot, int width = 1000, int height = 480);

/// The colours paint_chart_plot draws with (0xRRGGBB), for an exact GIF palette.
std::vector<std::uint32_t> plot_colours(const ChartPlot& plot);

}  // namespace archlab
