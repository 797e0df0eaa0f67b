#include "views/legend_html.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QStringList>

#include "views/live_chart.h"

namespace archlab {

QString legend_html(const QChart& chart) {
    QStringList items;
    for (QAbstractSeries* s : chart.series()) {
        const auto* line = qobject_cast<const QLineSeries*>(s);
        if (!line || line->name().isEmpty()) continue;  // the scrub cursor has no name
        const QVariant in_legend = line->property(kInLegendProperty);
        if (in_legend.isValid() ? !in_legend.toBool() : chart.legend()->markers(const_cast<QLineSeries*>(line)).isEmpty()) continue;
        const QPen pen = line->pen();
        const bool dashed = pen.style() != Qt::SolidLine;
        // No break inside an entry: its line sample and name stay together (the sample's dashes
        // are box-drawing characters, which a line never breaks after as it does after "-").
        items << QStringLiteral("<span style=\"white-space:nowrap\"><span style=\"color:%1\"><b>%2</b></span>&nbsp;%3</span>")
                     .arg(pen.color().name(), dashed ? QStringLiteral("&#9548;&#9548;") : QStringLiteral("&#9472;&#9472;"),
                          line->name().toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
    }
    if (items.size() > kMaxLegendNames) return {};
    return items.join(QStringLiteral(" &nbsp; "));
}

}  // namespace archlab
