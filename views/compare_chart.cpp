#include "views/compare_chart.h"

#include <algorithm>

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QValueAxis>

#include "views/chart_style.h"
#include "views/decimate.h"

namespace archlab {

CompareChart::CompareChart(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout();
    bar->addWidget(new QLabel(tr("Compare column:"), this));
    column_ = new QComboBox(this);
    column_->setMinimumContentsLength(22);
    column_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    column_->setToolTip(tr("The series drawn for every selected run"));
    connect(column_, &QComboBox::currentTextChanged, this, [this] { redraw(); });
    bar->addWidget(column_);
    hint_ = new QLabel(this);
    hint_->setStyleSheet(QStringLiteral("color: #666;"));
    bar->addWidget(hint_, 1);
    layout->addLayout(bar);

    chart_ = new QChart();
    apply_compact_style(*chart_);
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(200);
    layout->addWidget(view_, 1);
    redraw();
}

void CompareChart::setRuns(std::vector<CompareRun> runs) {
    runs_ = std::move(runs);
    const QString keep = column_->currentText();
    std::vector<std::string> columns;
    for (const CompareRun& r : runs_) {
        for (const std::string& c : r.series.columns) {
            if (std::find(columns.begin(), columns.end(), c) == columns.end()) columns.push_back(c);
        }
    }
    {
        const QSignalBlocker block(column_);
        column_->clear();
        for (const std::string& c : columns) column_->addItem(QString::fromStdString(c));
        int i = column_->findText(keep);
        if (i < 0) i = column_->findText(QStringLiteral("latency_p99_ms"));
        column_->setCurrentIndex(std::max(i, 0));
    }
    redraw();
}

bool CompareChart::setColumn(const std::string& column) {
    const int i = column_->findText(QString::fromStdString(column));
    if (i < 0) return false;
    column_->setCurrentIndex(i);
    return true;
}

std::string CompareChart::column() const { return column_->currentText().toStdString(); }

int CompareChart::lineCount() const { return static_cast<int>(chart_->series().size()); }

void CompareChart::redraw() {
    chart_->removeAllSeries();
    for (QAbstractAxis* axis : chart_->axes()) {
        chart_->removeAxis(axis);
        delete axis;
    }
    const std::string column = column_->currentText().toStdString();
    if (runs_.empty()) {
        chart_->setTitle(QString());
        hint_->setText(tr("Select two runs in the list (Ctrl+click) to overlay them."));
        return;
    }
    hint_->setText(runs_.size() < 2 ? tr("Ctrl+click a second run to compare.") : QString());
    chart_->setTitle(QString::fromStdString(column));

    auto* x = new QValueAxis(chart_);
    x->setTitleText(tr("run time (s)"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto* y = new QValueAxis(chart_);
    chart_->addAxis(x, Qt::AlignBottom);
    chart_->addAxis(y, Qt::AlignLeft);
    double xmax = 1.0, ymax = 0.0;
    for (const CompareRun& r : runs_) {
        if (!r.series.rows.empty()) xmax = std::max(xmax, r.series.rows.back().t_s);
    }
    const int width = std::max(100, static_cast<int>(view_->width()) - 80);
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        const CompareRun& r = runs_[i];
        auto* line = new QLineSeries(chart_);
        line->setName(r.label);
        QList<QPointF> points;
        ymax = std::max(ymax, decimate_minmax(r.series.rows, r.series.column(column), 0.0, xmax, width, points));
        line->replace(points);
        for (int lone : lone_points(points)) line->setPointConfiguration(lone, QXYSeries::PointConfiguration::Visibility, true);
        chart_->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        QPen pen(series_colour(static_cast<int>(i)));
        pen.setWidthF(1.8);
        line->setPen(pen);
    }
    x->setRange(0.0, xmax);
    y->setRange(0.0, ymax > 0 ? ymax * 1.1 : 1.0);
    y->applyNiceNumbers();
}

}  // namespace archlab
