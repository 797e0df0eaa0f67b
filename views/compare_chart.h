#pragma once
// A few stored runs overlaid on one chart: one line per run for the column chosen in the combo
// box, over run time, each run's faults and knob changes marked in its colour. Legends name the
// knobs that differ between the runs; "Align by first fault" shifts each run so its first fault
// falls at 0 s.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <QStringList>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "core/lab/run_mark.h"
#include "core/metrics/series.h"

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;

namespace archlab {

class ChartMarks;

/// One run to draw: who it is, its knobs, its stored series and its marks.
struct CompareRun {
    std::int64_t id = 0;
    std::string lab;
    std::uint64_t seed = 0;
    nlohmann::json settings;      ///< knob -> value as the run began
    SeriesSnapshot series;
    std::vector<RunMark> marks;   ///< faults and knob changes (from its summary)
};

/// Legend names: "#12" and, for each run, the knobs (and seed, lab) whose values differ
/// between the runs: "#12 arrival_rps=900", "#13 arrival_rps=1800".
std::vector<QString> compare_labels(const std::vector<CompareRun>& runs);

class CompareChart : public QWidget {
    Q_OBJECT
public:
    explicit CompareChart(QWidget* parent = nullptr);
    ~CompareChart() override;

    /// Replaces the runs drawn; the column choice is kept when the new runs have it.
    void setRuns(std::vector<CompareRun> runs);
    /// Chooses the column to compare; false when no run has it.
    bool setColumn(const std::string& column);
    std::string column() const;
    /// Shifts each run so its first fault is at 0 s (runs without a fault are left out).
    void setAlignByFault(bool on);
    /// Lines currently drawn (for tests).
    int lineCount() const;
    /// Legend names of the drawn lines (for tests).
    QStringList lineNames() const;
    /// The x axis's tick step, s (for tests).
    double xTickStep() const;
    /// Mark labels now shown ("#13 promote replica-2"), for tests.
    QStringList shownMarks() const;

private:
    void redraw();

    std::vector<CompareRun> runs_;
    QComboBox* column_ = nullptr;
    QCheckBox* align_ = nullptr;
    QLabel* hint_ = nullptr;
    QChart* chart_ = nullptr;     ///< owned by view_
    QChartView* view_ = nullptr;
    std::unique_ptr<ChartMarks> marks_;   ///< the runs' faults and knob changes (null when nothing is drawn)
};

}  // namespace archlab
