#include "views/live_chart.h"

#include <algorithm>
#include <cmath>

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/chart_style.h"
#include "views/decimate.h"
#include "views/series_window.h"

namespace archlab {

namespace {
/// The smallest of 1, 2, 2.5, 5 x 10^k that is at least v (v > 0).
double nice_step(double v) {
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
void set_axis(QValueAxis* axis, double lo, double hi, double step) {
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

/// Visible run time: grows in 30 s steps up to the window's span, then slides.
std::pair<double, double> x_range(double last_t_s, double span_s) {
    const double visible = std::clamp(std::ceil(last_t_s / 30.0) * 30.0, 30.0, span_s);
    const double x1 = std::max(last_t_s, visible);
    return {x1 - visible, x1};
}
}  // namespace

LiveChart::LiveChart(ChartSpec spec, QWidget* parent) : QWidget(parent), spec_(std::move(spec)) {
    chart_ = new QChart();
    chart_->setTitle(QString::fromStdString(spec_.title));
    apply_compact_style(*chart_);

    x_ = new QValueAxis(chart_);
    x_->setTitleText(tr("run time (s)"));
    set_axis(x_, 0.0, 30.0, 5.0);
    y_ = new QValueAxis(chart_);
    y_->setTitleText(QString::fromStdString(spec_.unit));
    set_axis(y_, 0.0, y_top_, 0.2);
    for (QValueAxis* axis : {x_, y_}) {
        QFont f = axis->labelsFont();
        f.setPointSizeF(7.5);
        axis->setLabelsFont(f);
        axis->setTitleFont(f);
    }
    chart_->addAxis(x_, Qt::AlignBottom);
    chart_->addAxis(y_, Qt::AlignLeft);

    const std::vector<QString> labels = series_labels(spec_.series, spec_.unit);
    for (std::size_t i = 0; i < spec_.series.size(); ++i) {
        addLine(spec_.series[i], labels[i], series_colour(static_cast<int>(i)), false, true);
    }
    // A prediction drawn beside a measured line takes its colour and stays out of the legend
    // (the note says dashed = theory); one without a partner gets its own colour and entry.
    int extra = static_cast<int>(spec_.series.size());
    for (const std::string& p : spec_.predicted) {
        const int m = matching_measured(p, spec_.series);
        dashed_partner_ = dashed_partner_ || m >= 0;
        addLine(p, series_label(p, spec_.unit) + tr(" (theory)"), series_colour(m >= 0 ? m : extra++), true, m < 0);
    }

    // The scrub cursor: a thin vertical line, out of the legend, hidden until a run is scrubbed.
    cursor_ = new QLineSeries(chart_);
    chart_->addSeries(cursor_);
    for (QLegendMarker* marker : chart_->legend()->markers(cursor_)) marker->setVisible(false);
    cursor_->attachAxis(x_);
    cursor_->attachAxis(y_);
    QPen cursor_pen(QColor(0x22, 0x22, 0x22));
    cursor_pen.setWidthF(1.2);
    cursor_pen.setStyle(Qt::DashLine);
    cursor_->setPen(cursor_pen);
    cursor_t_s_ = std::nan("");
    cursor_->setVisible(false);

    // Many entries do not fit under a narrow chart: list them down the right side instead; a
    // line per node of a large cluster cannot be listed at all, so the note says what they are.
    if (spec_.series.size() > 4) chart_->legend()->setAlignment(Qt::AlignRight);
    crowded_ = spec_.series.size() > kMaxLegendEntries;
    if (crowded_) chart_->legend()->setVisible(false);
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(160);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #555; font-style: italic; padding: 0 6px 4px 6px;"));
    setNote(spec_.note);


    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(view_, 1);
    layout->addWidget(note_);
}

void LiveChart::addLine(const std::string& column, const QString& label, QColor colour, bool dashed, bool in_legend) {
    auto* series = new QLineSeries(chart_);
    series->setName(label);
    chart_->addSeries(series);
    if (!in_legend) {
        for (QLegendMarker* marker : chart_->legend()->markers(series)) marker->setVisible(false);
    }
    series->attachAxis(x_);
    series->attachAxis(y_);
    QPen pen(colour);
    pen.setWidthF(dashed ? 1.6 : 1.8);
    if (dashed) pen.setStyle(Qt::DashLine);
    series->setPen(pen);
    lines_.push_back(Line{column, series, {}});
}

void LiveChart::setChartHeight(int px) { view_->setFixedHeight(px); }

void LiveChart::setNote(const std::string& text) {
    spec_.note = text;
    QString note = QString::fromStdString(text);
    if (crowded_) {
        note = tr("%1 lines, too many to name: %2 … %3.")
                   .arg(spec_.series.size())
                   .arg(QString::fromStdString(spec_.series.front()), QString::fromStdString(spec_.series.back())) +
               (note.isEmpty() ? QString() : QStringLiteral(" ") + note);
    }
    if (dashed_partner_) {
        if (!note.isEmpty()) note[0] = note[0].toUpper();
        note = tr("Dashed: the prediction for the line of the same colour.") + (note.isEmpty() ? QString() : QStringLiteral(" ") + note);
    }
    note_->setText(note);
    note_->setVisible(!note.isEmpty());
}

void LiveChart::setCursor(double t_s) {
    cursor_t_s_ = t_s;
    placeCursor();
}

void LiveChart::placeCursor() {
    const bool shown = std::isfinite(cursor_t_s_);
    if (shown) cursor_->replace(QList<QPointF>{{cursor_t_s_, 0.0}, {cursor_t_s_, y_top_}});
    cursor_->setVisible(shown);
    // Showing a series shows its legend marker again: the cursor stays out of the legend.
    for (QLegendMarker* marker : chart_->legend()->markers(cursor_)) marker->setVisible(false);
}

void LiveChart::clearData() {
    for (Line& l : lines_) {
        l.points.clear();
        l.series->clear();
    }
    set_axis(x_, 0.0, 30.0, 5.0);
    x_span_ = 30.0;
    y_top_ = 1.0;
    set_axis(y_, 0.0, y_top_, 0.2);
    cursor_t_s_ = std::nan("");
    placeCursor();
    drawn_version_ = static_cast<std::size_t>(-1);
}

void LiveChart::refresh(const SeriesWindow& window) {
    const int width = static_cast<int>(chart_->plotArea().width());
    if (window.version() == drawn_version_ && width == drawn_width_) return;
    drawn_version_ = window.version();
    drawn_width_ = width;

    const auto [x0, x1] = x_range(window.last_t_s(), window.span_s());
    const bool known = !window.columns().empty();
    double ymax = 0.0;
    for (Line& l : lines_) {
        const int c = window.column(l.column);
        // A column the run does not have is hidden rather than drawn flat.
        if (known) l.series->setVisible(c >= 0);
        ymax = std::max(ymax, decimate_minmax(window.rows(), c, x0, x1, std::max(width, 50), l.points));
        l.series->replace(l.points);
        l.series->clearPointsConfiguration();
        for (int i : lone_points(l.points)) l.series->setPointConfiguration(i, QXYSeries::PointConfiguration::Visibility, true);
    }
    x_span_ = x1 - x0;
    set_axis(x_, x0, x1, nice_step(x_span_ / 6.0));
    updateYRange(ymax);
}

void LiveChart::updateYRange(double ymax) {
    const double want = ymax > 0.0 ? ymax * 1.08 : 1.0;
    const double step = nice_step(want / 5.0);
    const double top = std::ceil(want / step - 1e-9) * step;
    // Grow at once, shrink only when far too tall, so the axis does not twitch every frame.
    if (top > y_top_ || top < y_top_ * 0.4) {
        y_top_ = top;
        set_axis(y_, 0.0, y_top_, step);
        placeCursor();
    }
}

int LiveChart::pointCount() const {
    int n = 0;
    for (const Line& l : lines_) n += static_cast<int>(l.series->count());
    return n;
}

}  // namespace archlab
