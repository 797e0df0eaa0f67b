#pragma once
// The live charts of the current lab in a grid that reflows with the width (one to three
// columns), scrolling when they do not all fit.
#include <map>
#include <string>
#include <vector>

#include <QScrollArea>

#include "core/lab/lab.h"
#include "core/lab/run_mark.h"

class QGridLayout;
class QLabel;

namespace archlab {

class LiveChart;
class SeriesWindow;

class ChartPanel : public QScrollArea {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);

    /// Replaces every chart (a lab was chosen, or a run brought its own chart notes).
    void setCharts(const std::vector<ChartSpec>& charts);
    /// Takes the notes of charts with the same ids, keeping their data.
    void updateNotes(const std::vector<ChartSpec>& charts);
    /// Redraws every chart from the window (call from the frame timer).
    void refresh(const SeriesWindow& window);
    void clearData();
    /// A vertical line at this run time on every chart; NaN hides it.
    void setCursor(double t_s);
    /// Marks these faults and knob changes on every chart.
    void setMarks(const std::vector<RunMark>& marks);
    /// The run's length, s (0: until stopped), for every chart's time axis.
    void setRunLength(double s);
    /// Names each node's current role in the legends of lines about nodes.
    void setRoles(const std::map<std::string, std::string>& role_of_node);
    /// The chart with that id, or null.
    LiveChart* chart(const std::string& chart_id) const;

    int chartCount() const { return static_cast<int>(charts_.size()); }
    /// Points drawn in the chart with that id, -1 when there is none.
    int pointCount(const std::string& chart_id) const;
    /// Points drawn over every chart.
    int totalPointCount() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void reflow();

    QWidget* grid_host_ = nullptr;
    QGridLayout* grid_ = nullptr;
    QLabel* empty_ = nullptr;         ///< shown when the lab has no charts
    std::vector<LiveChart*> charts_;  ///< owned by grid_host_
    double run_length_s_ = 0.0;       ///< the run's length, s; 0 until stopped
    int columns_ = 0;                 ///< current column count
    std::vector<RunMark> marks_;      ///< given to charts made later too
    std::map<std::string, std::string> roles_;
};

}  // namespace archlab
