#pragma once
// Labelled vertical lines on a QChart at run times: faults (red, dashed) and knob changes
// (blue, dash-dot), or in a colour of the caller's (one per run in an overlay). Labels hang from
// the top of the plot in up to three rows so neighbours do not cover each other; marks at one
// time share a label (views/mark_labels.h decides where each goes); a mark outside the visible
// time range is hidden. place() after the axes or the plot area change.
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
    /// Their tooltips (every mark's words and time), in the same order (for tests).
    QStringList shownToolTips() const;

private:
    /// One mark's vertical line.
    struct Item {
        RunMark mark;
        QColor colour;
        QGraphicsLineItem* line = nullptr;       ///< owned by the chart
    };
    /// One label, for one mark or several at the same place.
    struct Label {
        QGraphicsRectItem* box = nullptr;        ///< the label's background, owned by the chart
        QGraphicsSimpleTextItem* text = nullptr; ///< owned by the chart
    };
    void clear();
    /// labels_[i], made when first needed.
    Label& label(std::size_t i);

    QChart* chart_;
    QAbstractSeries* anchor_;
    std::vector<Item> items_;
    std::vector<Label> labels_;                  ///< as many as were ever needed; the unused hidden
};

}  // namespace archlab
