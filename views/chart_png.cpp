#include "views/chart_png.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QValueAxis>

#include <cmath>

namespace archlab {

namespace {
/// Adds one column as a line; NaN values split nothing, they are simply skipped.
double add_line(QChart& chart, const SeriesSnapshot& s, const std::string& column, bool dashed, double& xmax) {
    const int c = s.column(column);
    if (c < 0) return 0.0;
    auto* line = new QLineSeries();
    line->setName(QString::fromStdString(column));
    QList<QPointF> points;
    double ymax = 0.0;
    for (const SeriesRow& row : s.rows) {
        const double v = row.values[static_cast<std::size_t>(c)];
        if (!std::isfinite(v)) continue;
        points.append(QPointF(row.t_s, v));
        ymax = std::max(ymax, v);
        xmax = std::max(xmax, row.t_s);
    }
    line->replace(points);
    chart.addSeries(line);
    if (dashed) {
        QPen pen = line->pen();
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(2.0);
        line->setPen(pen);
    }
    return ymax;
}
}  // namespace

bool render_chart_png(const ChartSpec& spec, const SeriesSnapshot& series, const std::string& path,
                      std::string* error, int width, int height) {
    auto* owned = new QChart();  // the view below owns and deletes it
    QChart& chart = *owned;
    chart.setTitle(QString::fromStdString(spec.title));
    chart.setAnimationOptions(QChart::NoAnimation);
    double ymax = 0.0, xmax = 0.0;
    for (const std::string& c : spec.series) ymax = std::max(ymax, add_line(chart, series, c, false, xmax));
    for (const std::string& c : spec.predicted) ymax = std::max(ymax, add_line(chart, series, c, true, xmax));
    auto* x = new QValueAxis();
    x->setTitleText("time (s)");
    x->setRange(0.0, std::max(1.0, xmax));
    auto* y = new QValueAxis();
    y->setTitleText(QString::fromStdString(spec.unit));
    y->setRange(0.0, ymax > 0 ? ymax * 1.1 : 1.0);
    chart.addAxis(x, Qt::AlignBottom);
    chart.addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart.series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    if (!spec.note.empty()) {
        QString note = QString::fromStdString(spec.note);
        chart.setTitle(chart.title() + "<br><small>" + note.toHtmlEscaped() + "</small>");
    }
    chart.resize(width, height);

    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        QChartView view(owned);
        view.setRenderHint(QPainter::Antialiasing);
        view.resize(width, height);
        view.render(&painter);
    }
    if (!image.save(QString::fromStdString(path), "PNG")) {
        if (error) *error = "cannot write chart '" + path + "'";
        return false;
    }
    return true;
}

}  // namespace archlab
