#pragma once
// Labelled vertical lines on a QChart at run times: faults (red, dashed) and knob changes
// (blue, dash-dot), or in a colour of the caller's (one per run in an overlay). Labels hang from
// the top of the plot in up to three rows so neighbours do not cover each other; a mark outside
// the visible time range is hidden. place() after the axes or the plot area change.
#include <vector>

#include <QColor>
#include <QStringList>

#include "core/lab/run_mark.h"

class QAbstractSeries;
class QChart;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace archlab {

class ChartMarks {
public:
    /// anchor: a series attached to the chart's time and value axes (maps times to pixels).
    ChartMarks(QChart* chart, QAbstractSeries* anchor);
    ~ChartMarks();
    ChartMarks(const ChartMarks&) = delete;
    ChartMarks& operator=(const ChartMarks&) = delete;

    /// Replaces the marks (cheap when they are the same); colours, when given, one per mark.
    void set(const std::vector<RunMark>& marks, const std::vector<QColor>& colours = {});
    /// Puts the lines and labels where the axes now put their times.
    void place();
    /// Labels now visible in the plot (for tests).
    QStringList shown() const;

private:
    struct Item {
        RunMark mark;
        QColor colour;
        QGraphicsLineItem* line = nullptr;       ///< owned by the chart
        QGraphicsRectItem* box = nullptr;        ///< the label's background
        QGraphicsSimpleTextItem* text = nullptr;
    };
    void clear();

    QChart* chart_;
    QAbstractSeries* anchor_;
    std::vector<Item> items_;
};

}  // namespace archlab
