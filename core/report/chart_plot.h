#pragma once
// A chart as a value, ready to draw with any painter: axes with round ticks, the lines of its
// columns thinned to a point budget and broken where a series has no data, and a labelled
// marker at every fault and knob change. The report's SVG writer and the animated GIF draw the
// same ChartPlot, so a chart looks the same in both. No Qt.
#include <string>
#include <utility>
#include <vector>

#include "core/lab/lab.h"
#include "core/metrics/series.h"

namespace archlab {

/// A vertical marker on the time axis: a fault or a knob change.
struct PlotMarker {
    double t_s = 0.0;     ///< run time, s
    std::string label;    ///< "kill worker-2"
};

/// One drawn line: runs of points, split where the column has no value (NaN).
struct PlotLine {
    std::string label;        ///< legend text: "p99", "p99 (theory)", "p99 (B)"
    std::string colour;       ///< "#1f77b4"
    enum class Dash { Solid, Dashed, Dotted } dash = Dash::Solid;   ///< theory dashed, a B run dotted
    std::vector<std::vector<std::pair<double, double>>> segments;   ///< (t_s, value) in time order
};

struct PlotAxis {
    double min = 0.0, max = 1.0;
    std::vector<double> ticks;   ///< round values within [min, max]
    /// A chart of an index (ChartSpec::levels): the name of each tick, drawn instead of its number.
    std::vector<std::string> labels;

    /// What tick i says: its name, or its number with as few digits as tell the ticks apart.
    std::string tick_label(std::size_t i) const;
};

struct ChartPlot {
    std::string id, title, unit, note;
    PlotAxis x, y;                      ///< x in seconds of run time
    std::vector<PlotLine> lines;
    std::vector<PlotMarker> markers;
};

/// One run's data for a plot: its series and markers, and a suffix for its legend entries
/// ("" for a single run, " (A)", " (B)" for a pair).
struct PlotRun {
    const SeriesSnapshot* series = nullptr;
    std::vector<PlotMarker> markers;
    std::string suffix;
};

/// About `target` round tick values (1, 2, 2.5 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

/// At most about 2 * buckets points per line: per time slice its lowest and highest point.
std::vector<std::vector<std::pair<double, double>>> thin_column(const SeriesSnapshot& series, int column,
                                                                int buckets);

/// The chart of one run, or of two runs on the same axes (the second dotted).
ChartPlot make_chart_plot(const ChartSpec& spec, const std::vector<PlotRun>& runs, int buckets = 600);

/// "Off the scale: replica-1 up to 9451 ms at 13.8 s": each line whose highest point is above `top`.
std::string off_scale_text(const ChartPlot& plot, double top);

/// Text for a tick value: as few digits as tell the ticks apart ("0.25", "1200", "1.5k" not used).
std::string tick_text(double v, double step);

}  // namespace archlab
