#include "views/chart_style.h"

#include <array>

#include <QChart>
#include <QFont>
#include <QLegend>

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
