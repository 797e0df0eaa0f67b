#include "views/compare_chart.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/chart_marks.h"
#include "views/chart_style.h"
#include "views/decimate.h"

namespace archlab {

namespace {
/// A knob value as a legend shows it: strings without quotes, 200 rather than 200.0.
std::string value_text(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) return QString::number(v.get<double>(), 'g', 6).toStdString();
    return v.dump();
}

/// "latency_p99_ms" -> "latency p99 (ms)"; a column without a unit suffix as words.
QString column_title(const std::string& column) {
    for (const char* unit : {"ms", "rps", "per_s", "ratio", "ops", "bytes"}) {
        const std::string suffix = std::string("_") + unit;
        if (column.size() > suffix.size() && column.ends_with(suffix)) {
            const QString shown = std::string(unit) == "per_s" ? QStringLiteral("1/s") : QString::fromLatin1(unit);
            return series_label(column.substr(0, column.size() - suffix.size()), {}) + QStringLiteral(" (") + shown +
                   QStringLiteral(")");
        }
    }
    return series_label(column, {});
}
}  // namespace

std::vector<QString> compare_labels(const std::vector<CompareRun>& runs) {
    // Knobs whose values are not the same in every run (a knob a run lacks counts as differing).
    std::set<std::string> knobs;
    for (const CompareRun& r : runs) {
        if (!r.settings.is_object()) continue;
        for (const auto& [k, v] : r.settings.items()) knobs.insert(k);
    }
    std::vector<std::string> differing;
    for (const std::string& k : knobs) {
        std::set<std::string> values;
        for (const CompareRun& r : runs) values.insert(r.settings.is_object() && r.settings.contains(k) ? value_text(r.settings[k]) : "—");
        if (values.size() > 1) differing.push_back(k);
    }
    std::set<std::string> labs;
    std::set<std::uint64_t> seeds;
    for (const CompareRun& r : runs) {
        labs.insert(r.lab);
        seeds.insert(r.seed);
    }
    std::vector<QString> out;
    for (const CompareRun& r : runs) {
        QStringList parts{QStringLiteral("#%1").arg(r.id)};
        if (labs.size() > 1) parts << QString::fromStdString(r.lab);
        for (const std::string& k : differing) {
            const std::string v = r.settings.is_object() && r.settings.contains(k) ? value_text(r.settings[k]) : "—";
            parts << QString::fromStdString(k + "=" + v);
        }
        if (seeds.size() > 1) parts << QObject::tr("seed %1").arg(r.seed);
        if (parts.size() == 1 && runs.size() > 1) parts << QObject::tr("same knobs");
        out.push_back(parts.join(QLatin1Char(' ')));
    }
    return out;
}

CompareChart::CompareChart(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout();
    bar->addWidget(new QLabel(tr("Compare:"), this));
    column_ = new QComboBox(this);
    column_->setMinimumContentsLength(22);
    column_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    column_->setToolTip(tr("The series drawn for every selected run"));
    connect(column_, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    bar->addWidget(column_);
    align_ = new QCheckBox(tr("Align by first fault"), this);
    align_->setObjectName(QStringLiteral("alignByFault"));
    align_->setToolTip(tr("Shift each run so its first fault is at 0 s: the runs' reactions to it line up"));
    connect(align_, &QCheckBox::toggled, this, [this] { redraw(); });
    bar->addWidget(align_);
    hint_ = new QLabel(this);
    hint_->setStyleSheet(QStringLiteral("color: #666;"));
    hint_->setWordWrap(true);
    bar->addWidget(hint_, 1);
    layout->addLayout(bar);

    chart_ = new QChart();
    apply_compact_style(*chart_);
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(200);
    connect(chart_, &QChart::plotAreaChanged, this, [this] {
        if (marks_) marks_->place();
    });
    layout->addWidget(view_, 1);
    redraw();
}

CompareChart::~CompareChart() = default;

void CompareChart::setRuns(std::vector<CompareRun> runs) {
    runs_ = std::move(runs);
    const QString keep = column_->currentData().toString();
    std::vector<std::string> columns;
    for (const CompareRun& r : runs_) {
        for (const std::string& c : r.series.columns) {
            if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
        }
    }
    {
        const QSignalBlocker block(column_);
        column_->clear();
        for (const std::string& c : columns) {
            column_->addItem(column_title(c), QString::fromStdString(c));
            column_->setItemData(column_->count() - 1, QString::fromStdString(c), Qt::ToolTipRole);
        }
        int i = column_->findData(keep);
        if (i < 0) i = column_->findData(QStringLiteral("latency_p99_ms"));
        column_->setCurrentIndex(std::max(i, 0));
    }
    redraw();
}

bool CompareChart::setColumn(const std::string& column) {
    const int i = column_->findData(QString::fromStdString(column));
    if (i < 0) return false;
    column_->setCurrentIndex(i);
    return true;
}

std::string CompareChart::column() const { return column_->currentData().toString().toStdString(); }

void CompareChart::setAlignByFault(bool on) { align_->setChecked(on); }

int CompareChart::lineCount() const {
    int n = 0;
    for (QAbstractSeries* s : chart_->series()) n += s->property("runLine").toBool() ? 1 : 0;
    return n;
}

QStringList CompareChart::lineNames() const {
    QStringList out;
    for (QAbstractSeries* s : chart_->series()) {
        if (s->property("runLine").toBool()) out << s->name();
    }
    return out;
}

double CompareChart::xTickStep() const {
    const auto axes = chart_->axes(Qt::Horizontal);
    const auto* x = axes.isEmpty() ? nullptr : qobject_cast<const QValueAxis*>(axes.front());
    return x ? x->tickInterval() : 0.0;
}

void CompareChart::redraw() {
    marks_.reset();  // its anchor line goes with the series
    chart_->removeAllSeries();
    for (QAbstractAxis* axis : chart_->axes()) {
        chart_->removeAxis(axis);
        delete axis;
    }
    const std::string column = this->column();
    if (runs_.empty()) {
        chart_->setTitle(QString());
        hint_->setText(tr("Select two runs in the list (Ctrl+click) to overlay them."));
        return;
    }
    chart_->setTitle(column_->currentText());
    const bool align = align_->isChecked();

    // Each run's time shift, and what is left out and why.
    QStringList left_out;
    std::vector<double> shift(runs_.size(), 0.0);
    std::vector<bool> drawn(runs_.size(), true);
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (runs_[i].series.column(column) < 0) {
            drawn[i] = false;
            left_out << tr("#%1 has no %2").arg(runs_[i].id).arg(column_->currentText());
            continue;
        }
        if (align) {
            const double first = first_fault_s(runs_[i].marks);
            if (first < 0.0) {
                drawn[i] = false;
                left_out << tr("#%1 had no fault").arg(runs_[i].id);
            } else {
                shift[i] = first;
            }
        }
    }
    QString hint = runs_.size() < 2 ? tr("Ctrl+click a second run to compare.") : QString();
    if (!left_out.isEmpty()) hint += (hint.isEmpty() ? QString() : QStringLiteral(" ")) + tr("Not drawn: %1.").arg(left_out.join(QStringLiteral("; ")));
    hint_->setText(hint);

    auto* x = new QValueAxis(chart_);
    x->setTitleText(align ? tr("time since the first fault (s)") : tr("run time (s)"));
    auto* y = new QValueAxis(chart_);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    double xmin = 0.0, xmax = 1.0, ymax = 0.0;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (!drawn[i] || runs_[i].series.rows.empty()) continue;
        xmin = std::min(xmin, runs_[i].series.rows.front().t_s - shift[i]);
        xmax = std::max(xmax, runs_[i].series.rows.back().t_s - shift[i]);
    }
    const std::vector<QString> labels = compare_labels(runs_);
    const int width = std::max(100, static_cast<int>(view_->width()) - 80);
    std::vector<std::pair<std::size_t, RunMark>> marks;  ///< run index, its mark shifted
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        if (!drawn[i]) continue;
        const CompareRun& r = runs_[i];
        auto* line = new QLineSeries(chart_);
        line->setName(labels[i]);
        line->setProperty("runLine", true);
        QList<QPointF> points;
        ymax = std::max(ymax, decimate_minmax(r.series.rows, r.series.column(column), xmin + shift[i], xmax + shift[i], width, points));
        for (QPointF& p : points) p.rx() -= shift[i];
        line->replace(points);
        for (int lone : lone_points(points)) line->setPointConfiguration(lone, QXYSeries::PointConfiguration::Visibility, true);
        chart_->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        QPen pen(series_colour(static_cast<int>(i)));
        pen.setWidthF(1.8);
        line->setPen(pen);
        for (RunMark m : r.marks) {
            m.t_s -= shift[i];
            marks.emplace_back(i, m);
        }
    }
    const double x_step = nice_axis_step((xmax - xmin) / 6.0);
    set_nice_axis(x, std::floor(xmin / x_step) * x_step, std::ceil(xmax / x_step) * x_step, x_step);
    const double want = ymax > 0 ? ymax * 1.08 : 1.0;
    const double y_step = nice_axis_step(want / 5.0);
    set_nice_axis(y, 0.0, std::ceil(want / y_step - 1e-9) * y_step, y_step);

    // Each run's faults and knob changes: a labelled vertical line in the run's colour.
    std::vector<RunMark> shown_marks;
    std::vector<QColor> colours;
    for (const auto& [i, m] : marks) {
        RunMark labelled = m;
        labelled.text = QStringLiteral("#%1 ").arg(runs_[i].id).toStdString() + m.text;
        shown_marks.push_back(std::move(labelled));
        colours.push_back(series_colour(static_cast<int>(i)));
    }
    if (QAbstractSeries* anchor = chart_->series().isEmpty() ? nullptr : chart_->series().front()) {
        marks_ = std::make_unique<ChartMarks>(chart_, anchor);
        marks_->set(shown_marks, colours);
    }
}

QStringList CompareChart::shownMarks() const { return marks_ ? marks_->shown() : QStringList(); }

}  // namespace archlab
