#pragma once
// Shared look of the live and comparison charts: colours, names, fonts.
#include <string>
#include <vector>

#include <QColor>
#include <QString>
#include <QStringList>

class QChart;
class QValueAxis;

namespace archlab {

/// The i-th colour of a palette of distinct, print-friendly colours (wraps around).
QColor series_colour(int i);

/// A column name as a legend shows it: "latency_p99_ms" with unit "ms" -> "latency p99".
QString series_label(const std::string& column, const std::string& unit);

/// Legend labels for a chart's measured columns: the unit suffix and the prefix every column
/// shares are dropped ("queue_lb", "queue_db" -> "lb", "db"), underscores become spaces.
std::vector<QString> series_labels(const std::vector<std::string>& columns, const std::string& unit);

/// Index in `measured` of the column a predicted column stands beside, -1 when none:
/// "predicted_p99_ms" -> "latency_p99_ms", "utilisation_predicted" -> "utilisation".
int matching_measured(const std::string& predicted, const std::vector<std::string>& measured);

/// The smallest of 1, 2, 2.5, 5 x 10^k that is at least v (v > 0): a tick step people read.
double nice_axis_step(double v);

/// Sets the axis range and ticks every `step` (a nice_axis_step value) from zero, with the
/// decimals the step needs; never lets the axis see a wide range with a fine step. Every
/// value axis with dynamic ticks is set through this (range and step together), nowhere else.
void set_nice_axis(QValueAxis* axis, double lo, double hi, double step);

/// The legend under the chart while its entries fit there whole, else down its right side:
/// under a narrow chart Qt would cut each name short ("placed p…", "B: workers=…"). Call after
/// a resize or a change of names.
void place_legend(QChart& chart);

/// True while legend entries of these names fit whole in one row under the chart.
bool legend_fits_below(const QChart& chart, const QStringList& names);

/// Compact fonts, margins and a legend at the bottom, for charts a few hundred pixels high.
void apply_compact_style(QChart& chart);

}  // namespace archlab
