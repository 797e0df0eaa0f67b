#pragma once
// One chart of an A/B run: each measured column of a ChartSpec twice, side A solid and side B
// dashed in the same colour. A chart of one column names its two lines by the variants
// ("A: policy=lru", "B: policy=lfu"); a chart of several names the columns by colour and adds
// a grey solid and a grey dashed entry for the two variants. Model (theory) lines are left out:
// dashed means B here. Faults and knob changes are marked as on the main charts. Redrawn from the two sides' SeriesWindows on the window's frame timer.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <QList>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include "core/lab/lab.h"
#include "core/lab/run_mark.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace archlab {

class ChartMarks;
class SeriesWindow;

class AbChart : public QWidget {
    Q_OBJECT
public:
    /// a_name, b_name: the variants, "policy=lru" and "policy=lfu".
    AbChart(ChartSpec spec, const QString& a_name, const QString& b_name, QWidget* parent = nullptr);
    ~AbChart() override;

    /// Redraws when either side changed or the chart was resized.
    void refresh(const SeriesWindow& a, const SeriesWindow& b);
    void setChartHeight(int px);
    /// Marks these faults and knob changes with labelled vertical lines, as the main charts do.
    void setMarks(const std::vector<RunMark>& marks);

    const ChartSpec& spec() const { return spec_; }
    /// Points drawn for a side (0 = A, 1 = B) over all its lines.
    int pointCount(int side) const;
    /// The legend names shown, in order (for tests).
    QStringList legendNames() const;
    /// Mark labels now shown in the plot (for tests).
    QStringList shownMarks() const;
    /// Every tick label, axis title and legend name as drawn (for tests: Qt draws "…" where it cut one).
    QStringList drawnTexts() const;

private:
    struct Line {
        std::string column;            ///< series column
        int side = 0;                  ///< 0 = A (solid), 1 = B (dashed)
        QLineSeries* series = nullptr; ///< owned by the chart
        QList<QPointF> points;         ///< reused buffer handed to replace()
    };
    QLineSeries* addSeries(const QString& name, QColor colour, bool dashed, bool in_legend);

    ChartSpec spec_;
    QChart* chart_ = nullptr;          ///< owned by view_
    QChartView* view_ = nullptr;
    QValueAxis* x_ = nullptr;          ///< run time, s
    QValueAxis* y_ = nullptr;          ///< spec_.unit
    QLabel* note_ = nullptr;
    std::unique_ptr<ChartMarks> marks_;  ///< faults and knob changes of either side
    std::vector<Line> lines_;
    std::size_t drawn_a_ = static_cast<std::size_t>(-1);  ///< SeriesWindow versions last drawn
    std::size_t drawn_b_ = static_cast<std::size_t>(-1);
    int drawn_width_ = -1;
};

}  // namespace archlab
