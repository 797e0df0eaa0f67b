#include "views/chart_png.h"

#include "views/decimate.h"

#include <QChart>
#include <QGraphicsScene>
#include <QLineSeries>
#include <QPainter>
#include <QPen>
#include <QCategoryAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

#include "views/chart_style.h"

namespace archlab {

namespace {
/// Adds one column as a line in the given colour; the line breaks where the series has no data.
double add_line(QChart& chart, const SeriesSnapshot& s, const std::string& column, const QString& label,
                const QColor& colour, bool dashed, double& xmax) {
    const int c = s.column(column);
    if (c < 0) return 0.0;
    auto* line = new QLineSeries();
    line->setName(label);
    QList<QPointF> points;
    double ymax = 0.0;
    for (const SeriesRow& row : s.rows) xmax = std::max(xmax, row.t_s);
    ymax = decimate_minmax(s.rows, c, 0.0, std::max(xmax, 1e-9), 4096, points);
    line->replace(points);
    for (int i : lone_points(points)) line->setPointConfiguration(i, QXYSeries::PointConfiguration::Visibility, true);
    QPen pen(colour);
    pen.setWidthF(2.0);
    if (dashed) pen.setStyle(Qt::DashLine);
    line->setPen(pen);
    chart.addSeries(line);
    return ymax;
}
}  // namespace

bool render_chart_png(const ChartSpec& spec, const SeriesSnapshot& series, const std::string& path,
                      std::string* error, int width, int height) {
    auto* owned = new QChart();  // handed to the scene below
    QChart& chart = *owned;
    chart.setTitle(QString::fromStdString(spec.title));
    chart.setAnimationOptions(QChart::NoAnimation);
    chart.legend()->setAlignment(Qt::AlignBottom);
    double ymax = 0.0, xmax = 0.0;
    // Colours and labels as the live chart draws them: a theory line shares its measured colour.
    const std::vector<QString> labels = series_labels(spec.series, spec.unit);
    for (std::size_t i = 0; i < spec.series.size(); ++i) {
        ymax = std::max(ymax, add_line(chart, series, spec.series[i], labels[i], series_colour(static_cast<int>(i)),
                                       false, xmax));
    }
    int extra = static_cast<int>(spec.series.size());
    for (const std::string& p : spec.predicted) {
        const int m = matching_measured(p, spec.series);
        const QString label = (m >= 0 ? labels[static_cast<std::size_t>(m)] : series_label(p, spec.unit)) + " (theory)";
        ymax = std::max(ymax, add_line(chart, series, p, label,
                                       series_colour(m >= 0 ? m : extra++), true, xmax));
    }
    auto* x = new QValueAxis();
    x->setTitleText("time (s)");
    x->setRange(0.0, std::max(1.0, xmax));
    QValueAxis* y = nullptr;
    if (spec.levels.empty()) {
        y = new QValueAxis();
        y->setTitleText(QString::fromStdString(spec.unit));
        y->setRange(0.0, ymax > 0 ? ymax * 1.1 : 1.0);
    } else {
        // An index: the axis names its values, as in the window.
        auto* names = new QCategoryAxis();
        names->setStartValue(-0.5);
        for (std::size_t k = 0; k < spec.levels.size(); ++k) {
            names->append(QString::fromStdString(spec.levels[k]), static_cast<double>(k) + 0.5);
        }
        names->setRange(-0.5, static_cast<double>(spec.levels.size()) - 0.5);
        names->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
        y = names;
    }
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

    // Drawn straight from a scene: a view that is never shown lays the chart out at its own
    // default size, not the image's.
    QGraphicsScene scene;
    scene.addItem(owned);  // the scene owns and deletes the chart
    chart.setGeometry(0, 0, width, height);
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        scene.render(&painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height));
    }
    if (!image.save(QString::fromStdString(path), "PNG")) {
        if (error) *error = "cannot write chart '" + path + "'";
        return false;
    }
    return true;
}

}  // namespace archlab
