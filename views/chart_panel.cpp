#include "views/chart_panel.h"

#include <algorithm>

#include <QGridLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>

#include "views/live_chart.h"

namespace archlab {

namespace {
constexpr int kMinChartWidth_px = 300;   ///< charts are at least this wide; fewer columns otherwise
constexpr int kMinChartHeight_px = 220;  ///< below this a chart's labels crowd its plot
constexpr int kMaxChartHeight_px = 420;
constexpr int kRowsInView = 2;           ///< chart rows that fit the visible area
}

ChartPanel::ChartPanel(QWidget* parent) : QScrollArea(parent) {
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    grid_host_ = new QWidget(this);
    grid_ = new QGridLayout(grid_host_);
    grid_->setContentsMargins(2, 2, 2, 2);
    grid_->setSpacing(4);
    empty_ = new QLabel(tr("This lab has no charts."), grid_host_);
    empty_->setAlignment(Qt::AlignCenter);
    grid_->addWidget(empty_, 0, 0);
    setWidget(grid_host_);
}

void ChartPanel::setCharts(const std::vector<ChartSpec>& charts) {
    // Another lab's charts are read from the top; the same lab's (a new run) keep the place.
    bool same_charts = charts.size() == charts_.size();
    for (std::size_t i = 0; same_charts && i < charts.size(); ++i) same_charts = charts[i].id == charts_[i]->spec().id;
    if (!same_charts) verticalScrollBar()->setValue(0);
    for (LiveChart* c : charts_) {
        grid_->removeWidget(c);
        delete c;
    }
    charts_.clear();
    for (const ChartSpec& spec : charts) {
        charts_.push_back(new LiveChart(spec, grid_host_));
        charts_.back()->setRunLength(run_length_s_);
        charts_.back()->setMarks(marks_);
        charts_.back()->setRoles(roles_);
    }
    empty_->setVisible(charts_.empty());
    columns_ = 0;
    reflow();
}

void ChartPanel::updateNotes(const std::vector<ChartSpec>& charts) {
    for (const ChartSpec& spec : charts) {
        for (LiveChart* c : charts_) {
            if (c->spec().id == spec.id && c->spec().note != spec.note) c->setNote(spec.note);
        }
    }
}

void ChartPanel::refresh(const SeriesWindow& window) {
    for (LiveChart* c : charts_) c->refresh(window);
}

void ChartPanel::clearData() {
    marks_.clear();
    roles_.clear();
    for (LiveChart* c : charts_) {
        c->clearData();
        c->setRoles(roles_);
    }
}

void ChartPanel::setRunLength(double s) {
    run_length_s_ = s;
    for (LiveChart* c : charts_) c->setRunLength(run_length_s_);
}

void ChartPanel::setMarks(const std::vector<RunMark>& marks) {
    marks_ = marks;
    for (LiveChart* c : charts_) c->setMarks(marks_);
}

void ChartPanel::setRoles(const std::map<std::string, std::string>& role_of_node) {
    if (role_of_node == roles_) return;
    roles_ = role_of_node;
    for (LiveChart* c : charts_) c->setRoles(roles_);
}

LiveChart* ChartPanel::chart(const std::string& chart_id) const {
    for (LiveChart* c : charts_) {
        if (c->spec().id == chart_id) return c;
    }
    return nullptr;
}

void ChartPanel::setCursor(double t_s) {
    for (LiveChart* c : charts_) c->setCursor(t_s);
}

int ChartPanel::pointCount(const std::string& chart_id) const {
    for (const LiveChart* c : charts_) {
        if (c->spec().id == chart_id) return c->pointCount();
    }
    return -1;
}

int ChartPanel::totalPointCount() const {
    int n = 0;
    for (const LiveChart* c : charts_) n += c->pointCount();
    return n;
}

void ChartPanel::resizeEvent(QResizeEvent* event) {
    QScrollArea::resizeEvent(event);
    reflow();
}

void ChartPanel::reflow() {
    // Two rows of plots fill the visible height (notes add a little); the rest scroll.
    const int height = std::clamp((viewport()->height() - grid_->spacing() * kRowsInView) / kRowsInView,
                                  kMinChartHeight_px, kMaxChartHeight_px);
    for (LiveChart* c : charts_) c->setChartHeight(height);
    const int columns = std::clamp(viewport()->width() / kMinChartWidth_px, 1, 3);
    if (columns == columns_) return;
    columns_ = columns;
    for (LiveChart* c : charts_) grid_->removeWidget(c);
    for (int i = 0; i < static_cast<int>(charts_.size()); ++i) grid_->addWidget(charts_[static_cast<std::size_t>(i)], i / columns, i % columns, Qt::AlignTop);
    for (int c = 0; c < 3; ++c) grid_->setColumnStretch(c, c < columns ? 1 : 0);
}

}  // namespace archlab
