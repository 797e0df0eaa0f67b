#include "views/chart_style.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QChart>
#include <QFont>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QStringList>
#include <QValueAxis>

#include "core/report/series_naming.h"

namespace archlab {

QColor series_colour(int i) { return QColor(QString::fromStdString(series_colour_hex(i))); }

QString series_label(const std::string& column, const std::string& unit) {
    return QString::fromStdString(series_label_text(column, unit));
}

std::vector<QString> series_labels(const std::vector<std::string>& columns, const std::string& unit) {
    std::vector<QString> out;
    for (const std::string& l : series_label_texts(columns, unit)) out.push_back(QString::fromStdString(l));
    return out;
}

int matching_measured(const std::string& predicted, const std::vector<std::string>& measured) {
    return matching_measured_column(predicted, measured);
}

/// The smallest of 1, 2, 2.5, 5 x 10^k that is at least v (v > 0).
double nice_axis_step(double v) {
    if (!(v > 0.0) || !std::isfinite(v)) return 1.0;
    const double base = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0}) {
        if (m * base >= v * 0.9999) return m * base;
    }
    return 10.0 * base;
}

/// Sets the range and ticks every `step` (a nice_step value) from zero, with the decimals the
/// step needs. The order matters: the axis makes one graphics item per tick at once, so it must
/// never see a wide range with a fine step, even for a moment (a y axis going from 0..1 by 0.2
/// to 0..20000 by 5000 in the other order builds 100,000 ticks and the window hangs).
void set_nice_axis(QValueAxis* axis, double lo, double hi, double step) {
    constexpr double kMaxTicks = 200.0;  ///< more than a plot can show: a step too fine for the range is widened
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (!std::isfinite(step) || !(step > 0.0) || (hi - lo) / step > kMaxTicks) step = nice_axis_step(std::max((hi - lo) / kMaxTicks, 1e-12));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    // Coarser step first when it grows, the new range first when it shrinks: in between the axis
    // has at most as many ticks as before or after.
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(lo, hi);
    } else {
        axis->setRange(lo, hi);
        axis->setTickInterval(step);
    }
    const double k = std::floor(std::log10(step) + 1e-9);
    const double m = step / std::pow(10.0, k);
    const int decimals = static_cast<int>(std::max(0.0, -k)) + (std::abs(m - 2.5) < 1e-6 && k <= 0 ? 1 : 0);
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(std::clamp(decimals, 0, 6)) + QStringLiteral("f"));
}

bool legend_fits_below(const QChart& chart, const QStringList& names) {
    constexpr double kPerEntry_px = 34.0;  ///< an entry's marker, its gaps and the space to the next
    const QFontMetricsF fm(chart.legend()->font());
    double need = 0.0;
    for (const QString& name : names) need += fm.horizontalAdvance(name) + kPerEntry_px;
    return need <= chart.size().width() - 16;
}

void place_legend(QChart& chart) {
    // A marker reads as hidden while its legend is: this legend is always shown.
    QStringList names;
    for (QLegendMarker* m : chart.legend()->markers()) {
        if (m->isVisible()) names << m->label();
    }
    const Qt::Alignment want = legend_fits_below(chart, names) ? Qt::AlignBottom : Qt::AlignRight;
    if (chart.legend()->alignment() != want) chart.legend()->setAlignment(want);
}

void apply_compact_style(QChart& chart) {
    chart.setAnimationOptions(QChart::NoAnimation);
    chart.setMargins(QMargins(4, 4, 4, 4));
    chart.setBackgroundRoundness(0);
    QFont title = chart.titleFont();
    title.setPointSizeF(9.0);
    title.setBold(true);
    chart.setTitleFont(title);
    QLegend* legend = chart.legend();
    legend->setAlignment(Qt::AlignBottom);
    QFont small = legend->font();
    small.setPointSizeF(7.5);
    legend->setFont(small);
    legend->setMarkerShape(QLegend::MarkerShapeFromSeries);
}

}  // namespace archlab
