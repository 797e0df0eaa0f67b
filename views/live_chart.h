#pragma once
// One live chart of a run: the measured columns of a ChartSpec as solid lines, the model's
// columns dashed, a note underneath. Redrawn from the window's SeriesWindow on its timer with
// one replace() per line from a reused, decimated point list. Faults and knob changes are marked
// with labelled vertical lines; a line about a node says the node's current role in the legend;
// a chart of an index (which node is primary) labels its axis with the names. The legend sits
// under the plot while it fits there in one row; else it is drawn under the chart as wrapped
// text (every entry whole, up to 16); a chart of more lines says what they are in its note.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QWidget>

#include "core/lab/lab.h"
#include "core/lab/run_mark.h"

class QChart;
class QChartView;
class QGraphicsSimpleTextItem;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace archlab {

class ChartMarks;
class SeriesWindow;

/// Property of each of a LiveChart's line series: true when the chart's legend names it.
inline constexpr const char* kInLegendProperty = "archlab_in_legend";

class LiveChart : public QWidget {
    Q_OBJECT
public:
    explicit LiveChart(ChartSpec spec, QWidget* parent = nullptr);
    ~LiveChart() override;

    /// Redraws from the window when it changed or the chart was resized; cheap otherwise.
    void refresh(const SeriesWindow& window);
    /// Empties every line (a new run or reset).
    void clearData();
    /// Height of the plot itself, pixels; the note below adds its own lines.
    void setChartHeight(int px);
    /// Replaces the note under the chart (a live knob changed which model fits).
    void setNote(const std::string& note);
    /// Shows or hides the title above the plot and the note under it (the presenter view draws
    /// its own title, and the note is for the desk, not the room).
    void setTitleAndNoteShown(bool shown);
    /// The axes' tick and title size, pt (7.5 on the desk; the presenter view sets it larger for the room).
    void setAxisFontPt(double pt);
    /// The run's length, s (0: until stopped): a run that fits the chart's window is drawn over
    /// its whole length from the start.
    void setRunLength(double s);
    /// A vertical line at this run time (a finished run being scrubbed); NaN hides it.
    void setCursor(double t_s);
    /// Marks these faults and knob changes with labelled vertical lines.
    void setMarks(const std::vector<RunMark>& marks);
    /// Names each node's current role beside its line in the legend (node -> role, "" = none).
    void setRoles(const std::map<std::string, std::string>& role_of_node);

    const ChartSpec& spec() const { return spec_; }
    /// The title as shown (wrapped above the plot, never cut).
    QString title() const;
    /// Points currently drawn over all lines (for tests and diagnostics).
    int pointCount() const;
    /// Legend names of the measured lines, in column order (for tests).
    QStringList lineNames() const;
    /// The legend drawn under the chart as wrapped text, plain ("" while the chart's own
    /// legend is used or none is shown), for tests.
    QString wrappedLegend() const;
    /// Mark labels now shown in the plot (for tests).
    QStringList shownMarks() const;
    /// The words shown above the plot when its lines stopped ("" when none), for tests.
    QString gapText() const;
    /// Where those words are drawn, chart pixels (empty when hidden), for tests.
    QRectF gapRect() const;
    /// Where the lines are drawn, chart pixels, for tests.
    QRectF plotArea() const;

private:
    /// One drawn column.
    struct Line {
        std::string column;          ///< series column name
        QLineSeries* series = nullptr; ///< owned by the chart
        QList<QPointF> points;       ///< reused buffer handed to replace()
        QString label;               ///< legend name without a role
        std::string node;            ///< the node the column is about, "" for none
        bool predicted = false;      ///< a model's line
    };
    QLineSeries* addLine(const std::string& column, const QString& label, QColor colour, bool dashed, bool in_legend);
    void updateYRange(double ymax);
    /// spec_.spikes_off_scale: the axis top that leaves a few towering points off the scale, and
    /// the line naming them; ymax as it is when none stands out.
    double spikeTop(double ymax);
    /// Latency charts: names the stretches of a second or more with no answer that have ended
    /// (the line resumes after a hole that would otherwise go unexplained).
    void updatePastGaps(const SeriesWindow& window);
    /// The chart's own legend under the plot while its entries fit there, else the wrapped one.
    void placeLegend();
    void placeCursor();
    /// Puts the marks where the axes now put their times (after a redraw or resize).
    void placeMarks();
    /// Says above the plot since when no line has a value, while the run goes on.
    void updateGap(const SeriesWindow& window);
    /// Shows or hides the band above the plot that holds those words (the plot gives it room).
    void showGapBand(bool shown);
    /// Puts the words in their band (after the plot area changed).
    void placeGap();

    ChartSpec spec_;
    QChart* chart_ = nullptr;        ///< owned by view_
    QChartView* view_ = nullptr;
    QValueAxis* x_ = nullptr;        ///< run time, seconds
    QValueAxis* y_ = nullptr;        ///< spec_.unit
    QLabel* title_ = nullptr;        ///< spec_.title, wrapped
    QLabel* legend_ = nullptr;       ///< the legend as wrapped text, when the chart's own does not fit
    QLabel* note_ = nullptr;         ///< spec_.note, hidden when empty
    double run_length_s_ = 0.0;      ///< see setRunLength
    QLabel* off_scale_ = nullptr;    ///< "Off the scale: ..." while spec_.spikes_off_scale cuts a spike
    QLabel* past_gaps_ = nullptr;    ///< latency: "No answers 7.1-8.0 s ..." for outages that ended
    bool desk_text_ = true;          ///< title_ and note_ shown (off in the presenter view)
    std::vector<Line> lines_;
    QLineSeries* cursor_ = nullptr;  ///< the scrub cursor, owned by the chart
    std::unique_ptr<ChartMarks> marks_;  ///< faults and knob changes
    QGraphicsSimpleTextItem* gap_ = nullptr;  ///< "no answers since …" above the plot, owned by the chart
    static constexpr double kGapFont_pt = 8.5;
    static constexpr int kChartMargin_px = 4;  ///< apply_compact_style's margin on each side
    bool index_axis_ = false;        ///< y is a QCategoryAxis naming spec_.levels
    double cursor_t_s_ = 0.0;        ///< its run time, NaN when hidden
    std::size_t drawn_version_ = static_cast<std::size_t>(-1);  ///< SeriesWindow version last drawn
    bool dashed_partner_ = false;    ///< some prediction shares a measured line's colour
    bool crowded_ = false;           ///< more lines than a legend can name: legend hidden
    int drawn_width_ = -1;           ///< plot width last drawn, pixels
    double y_top_ = 1.0;             ///< current top of the value axis
    double x_span_ = 0.0;            ///< current width of the time axis, s
};

}  // namespace archlab
