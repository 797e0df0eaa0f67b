#pragma once
// One live chart of a run: the measured columns of a ChartSpec as solid lines, the model's
// columns dashed, a note underneath. Redrawn from the window's SeriesWindow on its timer with
// one replace() per line from a reused, decimated point list.
#include <cstddef>
#include <string>
#include <vector>

#include <QList>
#include <QPointF>
#include <QWidget>

#include "core/lab/lab.h"

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace archlab {

class SeriesWindow;

class LiveChart : public QWidget {
    Q_OBJECT
public:
    explicit LiveChart(ChartSpec spec, QWidget* parent = nullptr);

    /// Redraws from the window when it changed or the chart was resized; cheap otherwise.
    void refresh(const SeriesWindow& window);
    /// Empties every line (a new run or reset).
    void clearData();
    /// Height of the plot itself, pixels; the note below adds its own lines.
    void setChartHeight(int px);
    /// Replaces the note under the chart (a live knob changed which model fits).
    void setNote(const std::string& note);
    /// A vertical line at this run time (a finished run being scrubbed); NaN hides it.
    void setCursor(double t_s);

    const ChartSpec& spec() const { return spec_; }
    /// Points currently drawn over all lines (for tests and diagnostics).
    int pointCount() const;

private:
    /// One drawn column.
    struct Line {
        std::string column;          ///< series column name
        QLineSeries* series = nullptr; ///< owned by the chart
        QList<QPointF> points;       ///< reused buffer handed to replace()
    };
    void addLine(const std::string& column, const QString& label, QColor colour, bool dashed, bool in_legend);
    void updateYRange(double ymax);
    void placeCursor();

    ChartSpec spec_;
    QChart* chart_ = nullptr;        ///< owned by view_
    QChartView* view_ = nullptr;
    QValueAxis* x_ = nullptr;        ///< run time, seconds
    QValueAxis* y_ = nullptr;        ///< spec_.unit
    QLabel* note_ = nullptr;         ///< spec_.note, hidden when empty
    std::vector<Line> lines_;
    QLineSeries* cursor_ = nullptr;  ///< the scrub cursor, owned by the chart
    double cursor_t_s_ = 0.0;        ///< its run time, NaN when hidden
    std::size_t drawn_version_ = static_cast<std::size_t>(-1);  ///< SeriesWindow version last drawn
    bool dashed_partner_ = false;    ///< some prediction shares a measured line's colour
    bool crowded_ = false;           ///< more lines than a legend can name: legend hidden
    static constexpr std::size_t kMaxLegendEntries = 16;
    int drawn_width_ = -1;           ///< plot width last drawn, pixels
    double y_top_ = 1.0;             ///< current top of the value axis
    double x_span_ = 0.0;            ///< current width of the time axis, s
};

}  // namespace archlab
