#include "views/ab_chart.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QRegularExpression>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/chart_marks.h"
#include "views/chart_style.h"
#include "views/decimate.h"
#include "views/series_window.h"

namespace archlab {

namespace {
constexpr std::size_t kMaxNamedColumns = 6;   ///< more columns than this: only the variants in the legend
constexpr double kVisibleStep_s = 30.0;       ///< the time axis grows in steps of this

QColor grey() { return QColor(0x55, 0x55, 0x55); }
}  // namespace

AbChart::AbChart(ChartSpec spec, const QString& a_name, const QString& b_name, QWidget* parent)
    : QWidget(parent), spec_(std::move(spec)) {
    chart_ = new QChart();
    // A title that explains line styles ("measured solid, theory dashed") is of the lab's own
    // charts: here the model's lines are left out and dashed means B.
    QString title = QString::fromStdString(spec_.title);
    title.remove(QRegularExpression(QStringLiteral("\\s*\\([^()]*dashed[^()]*\\)")));
    chart_->setTitle(title);
    apply_compact_style(*chart_);
    x_ = new QValueAxis(chart_);
    x_->setTitleText(tr("run time (s)"));
    set_nice_axis(x_, 0.0, kVisibleStep_s, 5.0);
    y_ = new QValueAxis(chart_);
    y_->setTitleText(QString::fromStdString(spec_.unit));
    set_nice_axis(y_, 0.0, 1.0, 0.2);
    for (QValueAxis* axis : {x_, y_}) {
        QFont f = axis->labelsFont();
        f.setPointSizeF(7.5);
        axis->setLabelsFont(f);
        axis->setTitleFont(f);
    }
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);

    const std::vector<QString> labels = series_labels(spec_.series, spec_.unit);
    const bool single = spec_.series.size() == 1;
    const bool named = spec_.series.size() <= kMaxNamedColumns;
    // B's marker shows its short dashes, and the note under the chart says solid A, dashed B:
    // the names stay short enough to fit whole beside each other.
    const QString a_key = tr("A: %1").arg(a_name), b_key = tr("B: %1").arg(b_name);
    if (!single) {
        // The key to the line styles first, drawn nowhere: grey solid = A, grey dashed = B.
        addSeries(a_key, grey(), false, true);
        addSeries(b_key, grey(), true, true);
    }
    for (std::size_t i = 0; i < spec_.series.size(); ++i) {
        const QColor colour = series_colour(static_cast<int>(i));
        // One column: the lines are the variants; several: A's line names the column, B's is unnamed.
        QLineSeries* a = addSeries(single ? a_key : labels[i], colour, false, single || named);
        QLineSeries* b = addSeries(single ? b_key : labels[i], colour, true, single);
        lines_.push_back(Line{spec_.series[i], 0, a, {}});
        lines_.push_back(Line{spec_.series[i], 1, b, {}});
    }
    // Under the chart while the names fit there whole, else down its right side (refresh()).
    place_legend(*chart_);
    marks_ = std::make_unique<ChartMarks>(chart_, chart_->series().front());
    connect(chart_, &QChart::plotAreaChanged, this, [this] { marks_->place(); });

    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(160);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #555; font-style: italic; padding: 0 6px 4px 6px;"));
    QString note = tr("Solid: A (%1). Dashed: B (%2).").arg(a_name, b_name);
    if (!named) {
        note += tr(" %1 lines per side, too many to name: %2 … %3.")
                    .arg(spec_.series.size())
                    .arg(labels.front(), labels.back());
    }
    if (!spec_.predicted.empty()) note += tr(" The model's lines are drawn in a run of one variant only.");
    note_->setText(note);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(view_, 1);
    layout->addWidget(note_);
}

QLineSeries* AbChart::addSeries(const QString& name, QColor colour, bool dashed, bool in_legend) {
    auto* series = new QLineSeries(chart_);
    series->setName(name);
    chart_->addSeries(series);
    series->attachAxis(x_);
    series->attachAxis(y_);
    QPen pen(colour);
    pen.setWidthF(dashed ? 1.8 : 1.6);
    // Short dashes (in pen widths): a legend marker is a few pixels long, and Qt's DashLine
    // shows there as one solid stroke.
    if (dashed) pen.setDashPattern({2.5, 2.0});
    series->setPen(pen);
    for (QLegendMarker* marker : chart_->legend()->markers(series)) {
        marker->setVisible(in_legend);
        if (dashed) marker->setPen(pen);
    }
    return series;
}

AbChart::~AbChart() = default;  // marks_ goes before the chart that holds its items

void AbChart::setChartHeight(int px) { view_->setFixedHeight(px); }

void AbChart::setMarks(const std::vector<RunMark>& marks) { marks_->set(marks); }

QStringList AbChart::shownMarks() const { return marks_->shown(); }

QStringList AbChart::drawnTexts() const {
    QStringList out;
    if (!chart_->scene()) return out;
    for (QGraphicsItem* item : chart_->scene()->items()) {
        // Axes, title and legend draw their words as text items (the marks use simple ones).
        if (const auto* text = dynamic_cast<const QGraphicsTextItem*>(item); text && text->isVisible()) out << text->toPlainText();
    }
    return out;
}

void AbChart::refresh(const SeriesWindow& a, const SeriesWindow& b) {
    place_legend(*chart_);
    const int width = static_cast<int>(chart_->plotArea().width());
    if (a.version() == drawn_a_ && b.version() == drawn_b_ && width == drawn_width_) return;
    drawn_a_ = a.version();
    drawn_b_ = b.version();
    drawn_width_ = width;

    // Both sides on one time axis: it grows in 30 s steps up to the windows' span, then slides.
    const double last = std::max(a.last_t_s(), b.last_t_s());
    const double span = std::min(a.span_s(), b.span_s());
    const double visible = std::clamp(std::ceil(last / kVisibleStep_s) * kVisibleStep_s, kVisibleStep_s, std::max(span, kVisibleStep_s));
    const double x1 = std::max(last, visible), x0 = x1 - visible;
    double ymax = 0.0;
    for (Line& l : lines_) {
        const SeriesWindow& w = l.side == 0 ? a : b;
        const int c = w.column(l.column);
        ymax = std::max(ymax, decimate_minmax(w.rows(), c, x0, x1, std::max(width, 50), l.points));
        l.series->replace(l.points);
        l.series->clearPointsConfiguration();
        for (int i : lone_points(l.points)) l.series->setPointConfiguration(i, QXYSeries::PointConfiguration::Visibility, true);
    }
    // Ticks every nice step from zero (5, 10, 20 s ...), never at odd places like 18 or 35;
    // range and step set together in the order that never makes the axis build millions of ticks.
    set_nice_axis(x_, x0, x1, nice_axis_step(visible / 6.0));
    const double ystep = nice_axis_step((ymax > 0 ? ymax * 1.08 : 1.0) / 5.0);
    const double ytop = ymax > 0 ? std::ceil(ymax * 1.08 / ystep - 1e-9) * ystep : 1.0;
    set_nice_axis(y_, 0.0, ytop, ystep);
    marks_->place();
}

int AbChart::pointCount(int side) const {
    int n = 0;
    for (const Line& l : lines_) {
        if (l.side == side) n += static_cast<int>(l.series->count());
    }
    return n;
}

QStringList AbChart::legendNames() const {
    QStringList names;
    for (QLegendMarker* m : chart_->legend()->markers()) {
        if (m->isVisible()) names << m->label();
    }
    return names;
}

}  // namespace archlab
