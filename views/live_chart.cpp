#include "views/live_chart.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QTextDocument>
#include <QVBoxLayout>
#include <QValueAxis>

#include "core/report/spike_cap.h"
#include "views/chart_marks.h"
#include "views/chart_style.h"
#include "views/decimate.h"
#include "views/legend_html.h"
#include "views/role_text.h"
#include "views/series_window.h"

namespace archlab {

namespace {
/// A line about a node, named with the role it has now when its name does not say it:
/// "replica-2 → primary", "primary → replica"; "replica-1" (a replica) stays as it is.
QString with_role(const QString& label, const std::string& node, const std::string& role) {
    if (role.empty()) return label;
    const std::string named = node == kNodeRolePrimary ? kNodeRolePrimary
                              : node.rfind(kNodeRoleReplica, 0) == 0 ? kNodeRoleReplica
                                                                      : std::string();
    if (role == named) return label;
    return label + QStringLiteral(" → ") + short_role_text(role);
}

/// Visible run time: grows in 30 s steps up to the window's span, then slides.
std::pair<double, double> x_range(double last_t_s, double span_s, double run_length_s) {
    // A run of known length that fits the window: its whole length from the start, so a 14 s
    // guided run is not drawn in the left half of a 30 s axis.
    if (run_length_s > 0.0 && run_length_s <= span_s && last_t_s <= run_length_s + 1e-9) return {0.0, run_length_s};
    const double visible = std::clamp(std::ceil(last_t_s / 30.0) * 30.0, 30.0, span_s);
    const double x1 = std::max(last_t_s, visible);
    return {x1 - visible, x1};
}
}  // namespace

LiveChart::LiveChart(ChartSpec spec, QWidget* parent) : QWidget(parent), spec_(std::move(spec)) {
    chart_ = new QChart();
    apply_compact_style(*chart_);
    // The title is a label above the plot that wraps, so a long one is never cut off.
    title_ = new QLabel(QString::fromStdString(spec_.title), this);
    title_->setObjectName(QStringLiteral("chartTitle"));
    title_->setWordWrap(true);
    title_->setAlignment(Qt::AlignHCenter);
    QFont title_font = title_->font();
    title_font.setBold(true);
    title_font.setPointSizeF(9.0);
    title_->setFont(title_font);
    title_->setContentsMargins(4, 3, 4, 0);
    title_->setAutoFillBackground(true);
    QPalette title_palette = title_->palette();
    title_palette.setColor(QPalette::Window, Qt::white);
    title_->setPalette(title_palette);

    x_ = new QValueAxis(chart_);
    x_->setTitleText(tr("run time (s)"));
    set_nice_axis(x_, 0.0, 30.0, 5.0);
    index_axis_ = !spec_.levels.empty();
    if (index_axis_) {
        // An index (which node leads): the axis names the values instead of counting them.
        auto* names = new QCategoryAxis(chart_);
        names->setStartValue(-0.5);
        for (std::size_t k = 0; k < spec_.levels.size(); ++k) {
            names->append(QString::fromStdString(spec_.levels[k]), static_cast<double>(k) + 0.5);
        }
        y_top_ = static_cast<double>(spec_.levels.size()) - 0.5;
        names->setRange(-0.5, y_top_);
        names->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
        y_ = names;
    } else {
        y_ = new QValueAxis(chart_);
        y_->setTitleText(QString::fromStdString(spec_.unit));
        set_nice_axis(y_, 0.0, y_top_, 0.2);
    }
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
        lines_.back().node = i < spec_.series_nodes.size() ? spec_.series_nodes[i] : std::string();
    }
    // A prediction drawn beside a measured line takes its colour and stays out of the legend
    // (the note says dashed = theory); one without a partner gets its own colour and entry.
    int extra = static_cast<int>(spec_.series.size());
    for (const std::string& p : spec_.predicted) {
        const int m = matching_measured(p, spec_.series);
        dashed_partner_ = dashed_partner_ || m >= 0;
        addLine(p, series_label(p, spec_.unit) + tr(" (theory)"), series_colour(m >= 0 ? m : extra++), true, m < 0);
        lines_.back().predicted = true;
    }
    if (dashed_partner_) {
        // One legend entry says what every dashed line is; it draws nothing itself.
        QLineSeries* key = addLine(std::string(), tr("theory (dashed)"), QColor(0x55, 0x55, 0x55), true, true);
        lines_.pop_back();
        key->setVisible(true);
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
    marks_ = std::make_unique<ChartMarks>(chart_, cursor_);

    // Entries that do not fit under the plot are listed under the chart, wrapped (placeLegend);
    // a line per node of a large cluster cannot be listed at all, so the note says what they are.
    crowded_ = spec_.series.size() > static_cast<std::size_t>(kMaxLegendNames);
    if (crowded_) chart_->legend()->setVisible(false);
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(160);
    connect(chart_, &QChart::plotAreaChanged, this, [this] {
        placeMarks();
        placeGap();
    });
    legend_ = new QLabel(this);
    legend_->setObjectName(QStringLiteral("chartLegend"));
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    legend_->setContentsMargins(6, 0, 6, 2);
    legend_->setAutoFillBackground(true);
    legend_->setPalette(title_palette);  // white, as the chart above it
    legend_->hide();
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #555; font-style: italic; padding: 0 6px 4px 6px;"));
    setNote(spec_.note);


    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(title_);
    layout->addWidget(view_, 1);
    layout->addWidget(legend_);
    layout->addWidget(note_);
    // Warnings about what the lines do not show, under the chart while they apply.
    const auto warning = [this, layout](const QString& name, const QString& tooltip) {
        auto* label = new QLabel(this);
        label->setObjectName(name);
        label->setWordWrap(true);
        label->setStyleSheet(QStringLiteral("color: #9a2a1a; padding: 0 6px 4px 6px;"));
        label->setToolTip(tooltip);
        label->hide();
        layout->addWidget(label);
        return label;
    };
    off_scale_ = warning(QStringLiteral("offScale"), tr("A few points stand far above the rest: the axis ends above the "
                                                        "others so their lines stay readable, and these run off its top."));
    past_gaps_ = warning(QStringLiteral("pastGaps"), tr("Where the lines break, nothing was answered: requests failed, timed "
                                                        "out or waited (see the errors chart)."));
}

LiveChart::~LiveChart() = default;

QLineSeries* LiveChart::addLine(const std::string& column, const QString& label, QColor colour, bool dashed, bool in_legend) {
    auto* series = new QLineSeries(chart_);
    series->setName(label);
    chart_->addSeries(series);
    if (!in_legend) {
        for (QLegendMarker* marker : chart_->legend()->markers(series)) marker->setVisible(false);
    }
    // Read by legends drawn outside the chart (the presenter view's): a marker of a hidden legend
    // reads as hidden whatever its own setting.
    series->setProperty(kInLegendProperty, in_legend);
    series->attachAxis(x_);
    series->attachAxis(y_);
    // Theory: long dashes, wider and paler than the measured line of its colour, so the two
    // can be told apart where they run together.
    if (dashed) colour.setAlpha(185);
    QPen pen(colour);
    pen.setWidthF(dashed ? 2.4 : 1.8);
    if (dashed) pen.setDashPattern({4.0, 2.5});
    series->setPen(pen);
    lines_.push_back(Line{column, series, {}, label, {}, dashed});
    return series;
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
        note = tr("Dashed and paler: the theory's prediction for the solid line of the same colour.") +
               (note.isEmpty() ? QString() : QStringLiteral(" ") + note);
    }
    note_->setText(note);
    note_->setVisible(desk_text_ && !note.isEmpty());
}

void LiveChart::setRunLength(double s) {
    if (s == run_length_s_) return;
    run_length_s_ = s;
    drawn_version_ = static_cast<std::size_t>(-1);  // the next refresh lays the time axis out again
}

void LiveChart::setAxisFontPt(double pt) {
    for (QAbstractAxis* axis : chart_->axes()) {
        QFont f = axis->labelsFont();
        f.setPointSizeF(pt);
        axis->setLabelsFont(f);
        axis->setTitleFont(f);
    }
}

void LiveChart::setTitleAndNoteShown(bool shown) {
    desk_text_ = shown;
    title_->setVisible(shown);
    placeLegend();
    note_->setVisible(shown && !note_->text().isEmpty());
}

void LiveChart::setCursor(double t_s) {
    cursor_t_s_ = t_s;
    placeCursor();
}

void LiveChart::placeCursor() {
    const bool shown = std::isfinite(cursor_t_s_);
    const double bottom = index_axis_ ? -0.5 : 0.0;
    if (shown) cursor_->replace(QList<QPointF>{{cursor_t_s_, bottom}, {cursor_t_s_, y_top_}});
    cursor_->setVisible(shown);
    // Showing a series shows its legend marker again: the cursor stays out of the legend.
    for (QLegendMarker* marker : chart_->legend()->markers(cursor_)) marker->setVisible(false);
}

void LiveChart::clearData() {
    for (Line& l : lines_) {
        l.points.clear();
        l.series->clear();
    }
    set_nice_axis(x_, 0.0, 30.0, 5.0);
    x_span_ = 30.0;
    if (!index_axis_) {
        y_top_ = 1.0;
        set_nice_axis(y_, 0.0, y_top_, 0.2);
    }
    cursor_t_s_ = std::nan("");
    placeCursor();
    setMarks({});
    showGapBand(false);
    off_scale_->clear();
    off_scale_->hide();
    past_gaps_->clear();
    past_gaps_->hide();
    drawn_version_ = static_cast<std::size_t>(-1);
}

void LiveChart::refresh(const SeriesWindow& window) {
    placeLegend();
    const int width = static_cast<int>(chart_->plotArea().width());
    if (window.version() == drawn_version_ && width == drawn_width_) return;
    drawn_version_ = window.version();
    drawn_width_ = width;

    const auto [x0, x1] = x_range(window.last_t_s(), window.span_s(), run_length_s_);
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
    set_nice_axis(x_, x0, x1, nice_axis_step(x_span_ / 6.0));
    updateYRange(spikeTop(ymax));
    placeMarks();
    updateGap(window);
    updatePastGaps(window);
}

void LiveChart::updatePastGaps(const SeriesWindow& window) {
    if (spec_.id != "latency") return;
    std::vector<int> columns;
    for (const Line& l : lines_) {
        if (!l.predicted) columns.push_back(window.column(l.column));
    }
    QStringList gaps;
    double last_answer_s = -1.0;  // the last row with a value, before the stretch being looked at
    bool in_gap = false;
    for (const SeriesRow& row : window.rows()) {
        const bool answered = std::any_of(columns.begin(), columns.end(), [&row](int c) {
            return c >= 0 && static_cast<std::size_t>(c) < row.values.size() && std::isfinite(row.values[static_cast<std::size_t>(c)]);
        });
        if (!answered) {
            in_gap = last_answer_s >= 0.0;
            continue;
        }
        // A hole of a second or more that ended here (a lone empty sample is not an outage).
        if (in_gap && row.t_s - last_answer_s >= 1.0) {
            gaps << tr("%1–%2 s").arg(last_answer_s, 0, 'f', 1).arg(row.t_s, 0, 'f', 1);
        }
        in_gap = false;
        last_answer_s = row.t_s;
    }
    constexpr int kShown = 4;  // the latest ones; more would not fit under a chart
    if (gaps.size() > kShown) gaps = gaps.mid(gaps.size() - kShown);
    const QString text = gaps.isEmpty() ? QString()
                                        : tr("No answers %1: requests failed, timed out or were still waiting then").arg(gaps.join(QStringLiteral(", ")));
    if (past_gaps_->text() != text) past_gaps_->setText(text);
    past_gaps_->setVisible(!text.isEmpty());
}

double LiveChart::spikeTop(double ymax) {
    if (!spec_.spikes_off_scale || index_axis_) return ymax;
    std::vector<double> values;
    for (const Line& l : lines_) {
        if (l.predicted || !l.series->isVisible()) continue;
        for (const QPointF& pt : l.points) values.push_back(pt.y());
    }
    const std::optional<double> top = spike_cap(std::move(values));
    QString text;
    if (top) {
        for (const Line& l : lines_) {
            if (l.predicted || !l.series->isVisible()) continue;
            const auto peak = std::max_element(l.points.begin(), l.points.end(),
                                               [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
            if (peak == l.points.end() || peak->y() <= *top) continue;
            text += (text.isEmpty() ? QString() : QStringLiteral(", ")) +
                    tr("%1 up to %2 %3 at %4 s")
                        .arg(l.series->name())
                        .arg(peak->y(), 0, 'g', 4)
                        .arg(QString::fromStdString(spec_.unit))
                        .arg(peak->x(), 0, 'f', 1);
        }
    }
    off_scale_->setText(text.isEmpty() ? QString() : tr("↑ Off the scale: %1").arg(text));
    off_scale_->setVisible(!text.isEmpty());
    return top ? *top : ymax;
}

void LiveChart::updateYRange(double ymax) {
    if (index_axis_) return;  // fixed: one step per name
    const double want = ymax > 0.0 ? ymax * 1.08 : 1.0;
    const double step = nice_axis_step(want / 5.0);
    const double top = std::ceil(want / step - 1e-9) * step;
    // Grow at once, shrink only when far too tall, so the axis does not twitch every frame.
    if (top > y_top_ || top < y_top_ * 0.4) {
        y_top_ = top;
        set_nice_axis(y_, 0.0, y_top_, step);
        placeCursor();
    }
}

void LiveChart::setMarks(const std::vector<RunMark>& marks) { marks_->set(marks); }

void LiveChart::placeMarks() { marks_->place(); }

void LiveChart::setRoles(const std::map<std::string, std::string>& role_of_node) {
    for (Line& l : lines_) {
        if (l.node.empty() || l.predicted) continue;
        const auto it = role_of_node.find(l.node);
        const QString name = with_role(l.label, l.node, it == role_of_node.end() ? std::string() : it->second);
        if (l.series->name() != name) l.series->setName(name);
    }
    placeLegend();
}

void LiveChart::placeLegend() {
    // Off the desk (the presenter view) the page draws the legend itself.
    if (crowded_ || !desk_text_) {
        legend_->hide();
        return;
    }
    chart_->legend()->setAlignment(Qt::AlignBottom);
    // The names from the series (a hidden legend's markers all read as hidden).
    QStringList names;
    for (QAbstractSeries* s : chart_->series()) {
        if (s->property(kInLegendProperty).toBool()) names << s->name();
    }
    const bool below = legend_fits_below(*chart_, names);
    if (chart_->legend()->isVisible() != below) chart_->legend()->setVisible(below);
    if (below) {
        legend_->hide();
        return;
    }
    const QString html = legend_html(*chart_);
    if (legend_->text() != html) legend_->setText(html);
    legend_->setVisible(!html.isEmpty());
}

QString LiveChart::wrappedLegend() const {
    if (legend_->isHidden()) return {};
    QTextDocument doc;
    doc.setHtml(legend_->text());
    return doc.toPlainText().replace(QChar::Nbsp, QLatin1Char(' '));
}

void LiveChart::updateGap(const SeriesWindow& window) {
    // While the run goes on and every line has stopped, say so rather than leave a line that
    // just ends: for latency that means nothing was answered (everything failed or timed out).
    double last_value_s = -1.0;
    bool any_line = false;
    for (const Line& l : lines_) {
        if (l.predicted) continue;
        const int c = window.column(l.column);
        if (c < 0) continue;
        any_line = true;
        for (auto it = window.rows().rbegin(); it != window.rows().rend(); ++it) {
            const std::size_t i = static_cast<std::size_t>(c);
            if (i < it->values.size() && std::isfinite(it->values[i])) {
                last_value_s = std::max(last_value_s, it->t_s);
                break;
            }
        }
    }
    const double now_s = window.last_t_s();
    // A request-latency chart ("latency") speaks of answers; other charts (lag, detection delay,
    // lock wait) of values, as they may rightly have none for a while.
    const bool latency = spec_.id == "latency";
    // A latency chart with never a value after a second of run: the same lesson (nothing
    // answered), not an empty chart that looks like a drawing fault.
    const bool never = latency && any_line && last_value_s < 0.0 && !window.rows().empty() &&
                       now_s - window.rows().front().t_s >= 1.0;
    const bool stopped = any_line && last_value_s >= 0.0 && now_s - last_value_s >= 1.0;
    if (!stopped && !never) {
        showGapBand(false);
        return;
    }
    if (!gap_) {
        gap_ = new QGraphicsSimpleTextItem(chart_);
        QFont f = font();
        f.setPointSizeF(kGapFont_pt);
        f.setBold(true);
        gap_->setFont(f);
        gap_->setBrush(QColor(0x9a, 0x2a, 0x1a));
        gap_->setZValue(8);
    }
    const QString since = QString::number(last_value_s, 'f', 1);
    QString head, why;
    // The window keeps the last few minutes: values before that are not "never".
    const bool trimmed = window.total_rows() > window.rows().size();
    const QString from = QString::number(window.rows().empty() ? 0.0 : window.rows().front().t_s, 'f', 1);
    if (never) {  // a latency chart
        head = trimmed ? tr("No answers since before %1 s:").arg(from) : tr("No answers yet:");
        why = trimmed ? tr("every request failed or timed out") : tr("every request so far failed, timed out or still waits");
    } else {
        head = latency ? tr("No answers since %1 s:").arg(since) : tr("No values since %1 s").arg(since);
        if (latency) why = tr("every request failed or timed out");
    }
    // In a band of its own above the plot, so it covers no line nor mark: on one line where the
    // chart is wide enough, else on two; never smaller than kGapFont_pt.
    const QString one_line = why.isEmpty() ? head : head + QStringLiteral(" ") + why;
    gap_->setText(one_line);
    if (gap_->boundingRect().width() > chart_->size().width() - 12.0 && !why.isEmpty()) gap_->setText(head + QStringLiteral("\n") + why);
    showGapBand(true);
}

void LiveChart::showGapBand(bool shown) {
    if (!gap_) return;
    gap_->setVisible(shown);
    const int band = shown ? static_cast<int>(std::ceil(gap_->boundingRect().height())) + 4 : 0;
    QMargins m = chart_->margins();
    if (m.top() != kChartMargin_px + band) {
        m.setTop(kChartMargin_px + band);
        chart_->setMargins(m);
    }
    if (shown) placeGap();
}

void LiveChart::placeGap() {
    if (!gap_ || !gap_->isVisible()) return;
    // Centred over the plot, in the band between the chart's top and the plot's.
    const QRectF plot = chart_->plotArea();
    const QRectF tb = gap_->boundingRect();
    const double x = std::max(2.0, plot.center().x() - tb.width() / 2);
    gap_->setPos(std::min(x, std::max(2.0, chart_->size().width() - tb.width() - 2.0)), plot.top() - tb.height() - 3.0);
}

QRectF LiveChart::gapRect() const {
    return gap_ && gap_->isVisible() ? gap_->sceneBoundingRect() : QRectF();
}

QRectF LiveChart::plotArea() const { return chart_->plotArea(); }

QStringList LiveChart::lineNames() const {
    QStringList out;
    for (const Line& l : lines_) {
        if (!l.predicted) out << l.series->name();
    }
    return out;
}

QStringList LiveChart::shownMarks() const { return marks_->shown(); }

QString LiveChart::title() const { return title_->text(); }

QString LiveChart::gapText() const { return gap_ && gap_->isVisible() ? gap_->text() : QString(); }

int LiveChart::pointCount() const {
    int n = 0;
    for (const Line& l : lines_) n += static_cast<int>(l.series->count());
    return n;
}

}  // namespace archlab
