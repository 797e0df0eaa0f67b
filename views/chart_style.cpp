#include "views/chart_style.h"

#include <QChart>
#include <QFont>
#include <QLegend>

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
