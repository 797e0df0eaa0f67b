#include "views/mrc_chart_png.h"

#include <QChart>
#include <QGraphicsScene>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <map>

#include "views/chart_style.h"

namespace archlab {

bool render_mrc_png(const std::vector<cache::SimResult>& results, const std::string& title, const std::string& path,
                    std::string* error, int width, int height) {
    // Policies in the order they first appear; points sorted by capacity.
    std::vector<std::string> order;
    std::map<std::string, std::vector<QPointF>> points;
    double cmin = 0.0, cmax = 0.0;
    for (const cache::SimResult& r : results) {
        if (!points.count(r.policy)) order.push_back(r.policy);
        const double c = static_cast<double>(r.capacity);
        points[r.policy].push_back(QPointF(c, r.miss_ratio()));
        cmin = cmin == 0.0 ? c : std::min(cmin, c);
        cmax = std::max(cmax, c);
    }
    if (order.empty() || cmax <= 0.0) {
        if (error) *error = "no results to draw";
        return false;
    }

    auto* owned = new QChart();  // handed to the scene below
    QChart& chart = *owned;
    chart.setTitle(QString::fromStdString(title));
    chart.setAnimationOptions(QChart::NoAnimation);
    const bool log_x = cmax / cmin > 20.0;
    QAbstractAxis* x = nullptr;
    const QString unit = results.front().unit == cache::CapacityUnit::bytes ? "bytes" : "entries";
    if (log_x) {
        auto* axis = new QLogValueAxis();
        axis->setBase(10.0);
        axis->setLabelFormat("%g");
        axis->setRange(cmin / 1.2, cmax * 1.2);
        axis->setTitleText("cache capacity (" + unit + ", log scale)");
        x = axis;
    } else {
        auto* axis = new QValueAxis();
        axis->setLabelFormat("%g");
        axis->setRange(0.0, cmax * 1.05);
        axis->applyNiceNumbers();  // round ticks (1000, 2000...), not quarters of an odd maximum
        axis->setTitleText("cache capacity (" + unit + ")");
        x = axis;
    }
    auto* y = new QValueAxis();
    y->setTitleText("miss ratio");
    y->setRange(0.0, 1.0);
    chart.addAxis(x, Qt::AlignBottom);
    chart.addAxis(y, Qt::AlignLeft);

    for (std::size_t i = 0; i < order.size(); ++i) {
        std::vector<QPointF>& pts = points[order[i]];
        std::sort(pts.begin(), pts.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
        auto* line = new QLineSeries();
        line->setName(QString::fromStdString(order[i]));
        for (const QPointF& p : pts) line->append(p);
        QPen pen(series_colour(static_cast<int>(i)));
        pen.setWidthF(2.0);
        line->setPen(pen);
        auto* dots = new QScatterSeries();  // a dot at every measured capacity
        dots->setMarkerSize(7.0);
        dots->setColor(series_colour(static_cast<int>(i)));
        dots->setBorderColor(series_colour(static_cast<int>(i)));
        for (const QPointF& p : pts) dots->append(p);
        chart.addSeries(line);
        chart.addSeries(dots);
        for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(dots)}) {
            s->attachAxis(x);
            s->attachAxis(y);
        }
    }
    // Only the lines carry legend entries; the dots repeat their colour.
    for (QAbstractSeries* s : chart.series()) {
        if (qobject_cast<QScatterSeries*>(s)) {
            for (auto* marker : chart.legend()->markers(s)) marker->setVisible(false);
        }
    }
    chart.legend()->setAlignment(Qt::AlignBottom);
    // Drawn straight from a scene: a view that is never shown would lay the chart out
    // at its own default size.
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
