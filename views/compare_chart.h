#pragma once
// Two (or a few) stored runs overlaid on one chart: one line per run for the column chosen
// in the combo box, over run time.
#include <string>
#include <vector>

#include <QWidget>

#include "core/metrics/series.h"

class QChart;
class QChartView;
class QComboBox;
class QLabel;

namespace archlab {

/// One run to draw: its legend label and its stored series.
struct CompareRun {
    QString label;           ///< "#12 queueing seed 1"
    SeriesSnapshot series;
};

class CompareChart : public QWidget {
    Q_OBJECT
public:
    explicit CompareChart(QWidget* parent = nullptr);

    /// Replaces the runs drawn; the column choice is kept when the new runs have it.
    void setRuns(std::vector<CompareRun> runs);
    /// Chooses the column to compare; false when no run has it.
    bool setColumn(const std::string& column);
    std::string column() const;
    /// Lines currently drawn (for tests).
    int lineCount() const;

private:
    void redraw();

    std::vector<CompareRun> runs_;
    QComboBox* column_ = nullptr;
    QLabel* hint_ = nullptr;
    QChart* chart_ = nullptr;     ///< owned by view_
    QChartView* view_ = nullptr;
};

}  // namespace archlab
