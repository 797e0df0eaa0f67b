#pragma once
// The presenter's page: for a projector, the run reduced to the topology and two chosen charts,
// magnified (large text, thick lines), under a "what just happened" caption that names each fault
// as it is applied, with its run time and node. The Guide stays beside it in its dock; the
// window hides every other panel while this page is up (MainWindow::setPresenterMode).
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <QWidget>

#include "core/lab/lab.h"
#include "core/lab/run_mark.h"
#include "views/topology_model.h"

class QLabel;
class QMenu;
class QToolButton;

namespace archlab {

class LiveChart;
class RunController;
class ScaledView;
class SeriesWindow;
class TopologyView;

class PresenterView : public QWidget {
    Q_OBJECT
public:
    explicit PresenterView(QWidget* parent = nullptr);

    /// The lab's (or the run's) charts; keeps the two chosen ones when they are among them,
    /// else the first two.
    void setCharts(const std::vector<ChartSpec>& charts);
    /// Shows chart `id` in slot 0 or 1; false when there is no such chart.
    bool chooseChart(int slot, const std::string& id);
    std::string chosenChart(int slot) const;
    /// Makes sure the chart drawing `column` is shown (the second slot takes it when neither
    /// has it): a guided step's question is about that figure. False when no chart draws it.
    bool showChartOf(const std::string& column);
    /// Magnification of topology and charts (1 = as in the normal window).
    void setScale(double scale);

    void refresh(const SeriesWindow& window);
    /// Marks these faults and knob changes on both charts, as the normal window's charts.
    void setMarks(const std::vector<RunMark>& marks);
    /// The run's length, s (0: until stopped), for both charts' time axes.
    void setRunLength(double s);
    /// Names each node's current role beside its line in the legends ("replica-1 → primary").
    void setRoles(const std::map<std::string, std::string>& role_of_node);
    /// The chart in slot 0 or 1, null when none (for tests).
    LiveChart* chart(int slot) const { return slot == 0 || slot == 1 ? chart_[slot] : nullptr; }
    /// The legend under that chart, as plain text (for tests).
    QString legendText(int slot) const;
    void setSnapshot(const TopologySnapshot& snapshot);
    void clear(const QString& hint);
    /// New fault events of the run become the caption; call on every frame.
    void pullEvents(const RunController* run);
    /// A new run: no caption yet.
    void resetCaption();
    QString caption() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuildChart(int slot);
    /// Rewrites the legend under a chart from its lines' names (after a role changed).
    void updateLegend(int slot);
    /// The topology's own magnification: at most scale_, less when the diagram would get too
    /// narrow for its boxes.
    void fitTopology();

    std::vector<ChartSpec> specs_;
    std::string chosen_[2];
    QToolButton* pick_[2] = {nullptr, nullptr};   ///< a menu of the lab's charts
    QLabel* title_[2] = {nullptr, nullptr};
    QLabel* legend_text_[2] = {nullptr, nullptr};   ///< each chart's legend, wrapped under it
    LiveChart* chart_[2] = {nullptr, nullptr};
    ScaledView* chart_view_[2] = {nullptr, nullptr};
    QWidget* chart_box_[2] = {nullptr, nullptr};
    TopologyView* topology_ = nullptr;
    ScaledView* topology_view_ = nullptr;
    QLabel* legend_ = nullptr;     ///< node states and line styles, wrapped
    QLabel* caption_ = nullptr;
    double scale_ = 1.6;
    std::vector<RunMark> marks_;                      ///< given to each chart as it is made
    double run_length_s_ = 0.0;                       ///< likewise: the run's length, s
    std::map<std::string, std::string> roles_;        ///< node -> role, likewise
    std::size_t events_seen_ = 0;   ///< run events already looked at
    const RunController* run_ = nullptr;  ///< the run they belong to
};

}  // namespace archlab
