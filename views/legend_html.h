#pragma once
// A chart's legend as wrapped rich text, for a legend drawn outside the chart (under a live
// chart whose entries do not fit under it in one row, and in the presenter view): a short line
// in each entry's colour (dashes for a dashed line) and its name, never broken inside an entry.
#include <QString>

class QChart;

namespace archlab {

/// Most entries a legend names; a chart of more lines says so in its note instead.
inline constexpr int kMaxLegendNames = 16;

/// The entries are the chart's line series that carry kInLegendProperty (views/live_chart.h)
/// or, without it, a visible legend marker; "" when there are more than kMaxLegendNames.
QString legend_html(const QChart& chart);

}  // namespace archlab
