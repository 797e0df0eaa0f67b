#include "views/presenter_view.h"

#include <algorithm>

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QHBoxLayout>
#include <QLabel>
#include <QStringList>
#include <QTextDocument>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/lab/run_controller.h"
#include "core/runtime/faults.h"
#include "views/fault_caption.h"
#include "views/legend_html.h"
#include "views/live_chart.h"
#include "views/scaled_view.h"
#include "views/series_window.h"
#include "views/topology_view.h"

namespace archlab {

namespace {

/// Narrowest the topology is laid out (at magnification 1) so node names and rates fit, pixels.
constexpr double kTopologyWidth_px = 520.0;
constexpr double kChartWidth_px = 300.0;   ///< narrowest a chart is laid out (at 1x), pixels
constexpr double kChartHeight_px = 170.0;  ///< lowest: the plot, its ticks and both axis titles
constexpr double kChartAxisFont_pt = 9.0;  ///< tick and axis title size before the magnification (the desk's is 7.5)
constexpr double kTopologyHeight_px = 220.0;  ///< at 1x: a column of four boxes with room for their two lines
}  // namespace

PresenterView::PresenterView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presenterView"));
    caption_ = new QLabel(this);
    caption_->setObjectName(QStringLiteral("presenterCaption"));
    caption_->setWordWrap(true);
    caption_->setStyleSheet(QStringLiteral("background: #fff3c4; color: #222; padding: 6px 10px; border-bottom: 2px solid #e0b000;"));
    caption_->setText(tr("What just happened: nothing yet"));

    topology_ = new TopologyView();
    topology_->setLegendShown(false);  // drawn below as wrapped text instead, never cut off
    topology_view_ = new ScaledView(topology_, this);
    topology_view_->setObjectName(QStringLiteral("presenterTopology"));
    legend_ = new QLabel(this);
    legend_->setObjectName(QStringLiteral("presenterLegend"));
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    QStringList items;
    for (NodeState st : {NodeState::Up, NodeState::Down, NodeState::Paused, NodeState::Slow, NodeState::Partitioned}) {
        items << QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2")
                     .arg(TopologyView::stateColour(st).name(), QString::fromLatin1(to_string(st)));
    }
    items << tr("<span style=\"color:#c0392b\">&#9548;&#9548;</span>&nbsp;link&nbsp;fault")
          << tr("<span style=\"color:#707888\">&middot;&middot;&middot;</span>&nbsp;delayed") << tr("numbers:&nbsp;messages/s");
    legend_->setText(items.join(QStringLiteral(" &nbsp; ")));

    auto* charts = new QHBoxLayout();
    charts->setSpacing(8);
    for (int slot = 0; slot < 2; ++slot) {
        chart_box_[slot] = new QWidget(this);
        auto* box = new QVBoxLayout(chart_box_[slot]);
        box->setContentsMargins(0, 0, 0, 0);
        box->setSpacing(2);
        pick_[slot] = new QToolButton(chart_box_[slot]);
        pick_[slot]->setObjectName(QStringLiteral("presenterChart%1").arg(slot + 1));
        pick_[slot]->setText(tr("Chart"));
        pick_[slot]->setToolTip(tr("Choose the chart shown here"));
        pick_[slot]->setPopupMode(QToolButton::InstantPopup);
        pick_[slot]->setMenu(new QMenu(pick_[slot]));
        title_[slot] = new QLabel(chart_box_[slot]);
        title_[slot]->setWordWrap(true);
        title_[slot]->setStyleSheet(QStringLiteral("font-weight: bold;"));
        auto* head = new QHBoxLayout();
        head->addWidget(title_[slot], 1);
        head->addWidget(pick_[slot], 0, Qt::AlignTop);
        box->addLayout(head);
        legend_text_[slot] = new QLabel(chart_box_[slot]);
        legend_text_[slot]->setObjectName(QStringLiteral("presenterChartLegend%1").arg(slot + 1));
        legend_text_[slot]->setWordWrap(true);
        legend_text_[slot]->setTextFormat(Qt::RichText);
        box->addWidget(legend_text_[slot]);
        charts->addWidget(chart_box_[slot], 1);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(6);
    layout->addWidget(caption_);
    layout->addWidget(topology_view_, 5);
    layout->addWidget(legend_);
    layout->addLayout(charts, 6);
    setScale(scale_);
}

void PresenterView::setScale(double scale) {
    scale_ = scale;
    fitTopology();
    for (ScaledView* v : chart_view_) {
        if (v) v->setScale(scale);
    }
}

void PresenterView::fitTopology() {
    // Node names are elided in boxes too narrow for them, and a column of boxes is cut off in a pane
    // too low: keep the diagram at least kTopologyWidth_px wide and kTopologyHeight_px high (at 1x).
    const double fit = std::min(topology_view_->width() / kTopologyWidth_px, topology_view_->height() / kTopologyHeight_px);
    topology_view_->setScale(std::max(1.0, std::min(scale_, fit)));
}

void PresenterView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitTopology();
}

void PresenterView::setCharts(const std::vector<ChartSpec>& charts) {
    specs_ = charts;
    for (int slot = 0; slot < 2; ++slot) {
        QMenu* menu = pick_[slot]->menu();
        menu->clear();
        for (const ChartSpec& c : specs_) {
            const std::string id = c.id;
            menu->addAction(QString::fromStdString(c.title), this, [this, slot, id] { chooseChart(slot, id); });
        }
    }
    const auto has = [this](const std::string& id) {
        for (const ChartSpec& c : specs_) {
            if (c.id == id) return true;
        }
        return false;
    };
    for (int slot = 0; slot < 2; ++slot) {
        const std::string& other = chosen_[1 - slot];
        if (!has(chosen_[slot]) || (slot == 1 && chosen_[slot] == other)) {
            // The first chart the other slot does not show.
            chosen_[slot].clear();
            for (const ChartSpec& c : specs_) {
                if (c.id != other || specs_.size() == 1) {
                    chosen_[slot] = c.id;
                    break;
                }
            }
        }
    }
    for (int slot = 0; slot < 2; ++slot) rebuildChart(slot);
}

bool PresenterView::chooseChart(int slot, const std::string& id) {
    if (slot < 0 || slot > 1) return false;
    for (const ChartSpec& c : specs_) {
        if (c.id == id) {
            chosen_[slot] = id;
            rebuildChart(slot);
            return true;
        }
    }
    return false;
}

bool PresenterView::showChartOf(const std::string& column) {
    if (column.empty()) return false;
    for (const ChartSpec& c : specs_) {
        const bool draws = std::find(c.series.begin(), c.series.end(), column) != c.series.end() ||
                           std::find(c.predicted.begin(), c.predicted.end(), column) != c.predicted.end();
        if (!draws) continue;
        if (chosen_[0] == c.id || chosen_[1] == c.id) return true;
        return chooseChart(1, c.id);
    }
    return false;
}

std::string PresenterView::chosenChart(int slot) const { return slot == 0 || slot == 1 ? chosen_[slot] : std::string(); }

void PresenterView::rebuildChart(int slot) {
    auto* box = static_cast<QVBoxLayout*>(chart_box_[slot]->layout());
    if (chart_view_[slot]) {
        box->removeWidget(chart_view_[slot]);
        delete chart_view_[slot];  // and its chart
        chart_view_[slot] = nullptr;
        chart_[slot] = nullptr;
    }
    title_[slot]->clear();
    legend_text_[slot]->clear();
    for (std::size_t i = 0; i < specs_.size(); ++i) {
        if (specs_[i].id != chosen_[slot]) continue;
        chart_[slot] = new LiveChart(specs_[i]);
        chart_[slot]->setRunLength(run_length_s_);
        // The title goes above, wrapped at the presenter's font, instead of elided inside the
        // chart; the note under it is for the desk, not the room.
        chart_[slot]->setMarks(marks_);
        chart_[slot]->setRoles(roles_);
        if (auto* view = chart_[slot]->findChild<QChartView*>()) {
            view->chart()->setTitle(QString());
            view->chart()->legend()->hide();  // drawn below, wrapped, so no entry and no tick is cut short
        }
        updateLegend(slot);
        chart_[slot]->setTitleAndNoteShown(false);
        chart_[slot]->setAxisFontPt(kChartAxisFont_pt);  // ticks the room can read, as the rest of the text
        title_[slot]->setText(QString::fromStdString(specs_[i].title));
        chart_view_[slot] = new ScaledView(chart_[slot], chart_box_[slot]);
        // Below this logical size a chart drops its axis title and elides its ticks: a small
        // pane magnifies it less rather than cut it.
        chart_view_[slot]->setLogicalMinimum(QSizeF(kChartWidth_px, kChartHeight_px));
        chart_view_[slot]->setScale(scale_);
        box->insertWidget(box->count() - 1, chart_view_[slot], 1);  // above its legend
    }
}

void PresenterView::updateLegend(int slot) {
    const auto* view = chart_[slot] ? chart_[slot]->findChild<QChartView*>() : nullptr;
    const QString html = view ? legend_html(*view->chart()) : QString();
    if (legend_text_[slot]->text() != html) legend_text_[slot]->setText(html);
}

QString PresenterView::legendText(int slot) const {
    if (slot != 0 && slot != 1) return {};
    QTextDocument doc;
    doc.setHtml(legend_text_[slot]->text());
    return doc.toPlainText();
}

void PresenterView::setRunLength(double s) {
    run_length_s_ = s;
    for (LiveChart* c : chart_) {
        if (c) c->setRunLength(run_length_s_);
    }
}

void PresenterView::setMarks(const std::vector<RunMark>& marks) {
    marks_ = marks;
    for (LiveChart* c : chart_) {
        if (c) c->setMarks(marks_);
    }
}

void PresenterView::setRoles(const std::map<std::string, std::string>& role_of_node) {
    if (role_of_node == roles_) return;
    roles_ = role_of_node;
    for (int slot = 0; slot < 2; ++slot) {
        if (!chart_[slot]) continue;
        chart_[slot]->setRoles(roles_);
        updateLegend(slot);
    }
}

void PresenterView::refresh(const SeriesWindow& window) {
    for (int slot = 0; slot < 2; ++slot) {
        if (!chart_[slot]) continue;
        chart_[slot]->refresh(window);
        chart_view_[slot]->update();
    }
}

void PresenterView::setSnapshot(const TopologySnapshot& snapshot) {
    topology_->setSnapshot(snapshot);
    topology_view_->update();
}

void PresenterView::clear(const QString& hint) {
    topology_->clear(hint);
    topology_view_->update();
    marks_.clear();
    roles_.clear();
    for (int slot = 0; slot < 2; ++slot) {
        if (!chart_[slot]) continue;
        chart_[slot]->clearData();
        chart_[slot]->setRoles(roles_);
        updateLegend(slot);
    }
}

void PresenterView::resetCaption() {
    events_seen_ = 0;
    run_ = nullptr;
    caption_->setText(tr("What just happened: nothing yet"));
}

void PresenterView::pullEvents(const RunController* run) {
    if (!run) return;
    if (run != run_) {
        run_ = run;
        events_seen_ = 0;
    }
    const std::vector<RunEvent> events = run->events();
    for (; events_seen_ < events.size(); ++events_seen_) {
        if (const auto text = fault_caption(events[events_seen_])) {
            caption_->setText(tr("What just happened: %1").arg(*text));
        }
    }
}

QString PresenterView::caption() const { return caption_->text(); }

}  // namespace archlab
