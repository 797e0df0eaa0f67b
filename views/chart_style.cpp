#include "views/chart_style.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <QChart>
#include <QFont>
#include <QLegend>
#include <QValueAxis>

namespace archlab {

QColor series_colour(int i) {
    static const std::array<QColor, 8> palette = {
        QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c), QColor(0xff, 0x7f, 0x0e),
        QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b), QColor(0x17, 0xbe, 0xcf), QColor(0x7f, 0x7f, 0x7f),
    };
    const auto n = static_cast<int>(palette.size());
    return palette[static_cast<std::size_t>(((i % n) + n) % n)];
}

QString series_label(const std::string& column, const std::string& unit) {
    std::string name = column;
    const std::string suffix = "_" + unit;
    if (!unit.empty() && name.size() > suffix.size() && name.ends_with(suffix)) name.resize(name.size() - suffix.size());
    QString out = QString::fromStdString(name);
    out.replace(QLatin1Char('_'), QLatin1Char(' '));
    return out;
}

std::vector<QString> series_labels(const std::vector<std::string>& columns, const std::string& unit) {
    std::vector<QString> out;
    for (const std::string& c : columns) out.push_back(series_label(c, unit));
    if (out.size() < 2) return out;
    // Longest common prefix ending in a space (a whole word).
    QString prefix = out.front();
    for (const QString& l : out) {
        int n = 0;
        while (n < prefix.size() && n < l.size() && prefix[n] == l[n]) ++n;
        prefix.truncate(n);
    }
    const int cut = prefix.lastIndexOf(QLatin1Char(' ')) + 1;
    if (cut <= 0) return out;
    for (QString& l : out) {
        if (l.size() > cut) l.remove(0, cut);
    }
    return out;
}

int matching_measured(const std::string& predicted, const std::vector<std::string>& measured) {
    std::string key = predicted;
    const auto pos = key.find("predicted");
    if (pos == std::string::npos) return -1;
    key.erase(pos, std::string("predicted").size());
    while (!key.empty() && key.front() == '_') key.erase(key.begin());
    while (!key.empty() && key.back() == '_') key.pop_back();
    if (key.empty()) return -1;
    for (std::size_t i = 0; i < measured.size(); ++i) {
        const std::string& m = measured[i];
        if (m == key || m.ends_with("_" + key) || m.starts_with(key + "_")) return static_cast<int>(i);
    }
    return -1;
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
/// step needs. The order matters: the axis makes one item per tick, so it must never see a
/// wide range with a fine step, even for a moment.
void set_nice_axis(QValueAxis* axis, double lo, double hi, double step) {
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
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
