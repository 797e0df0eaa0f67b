#pragma once
// The run store's history: one row per run (lab, start time, seed, status, key figures), and
// the selected runs overlaid on one chart for comparison. "Open" (or a double click) shows a
// run on the live page, to scrub through it and re-run it.
#include <cstdint>
#include <map>
#include <vector>

#include <QWidget>

#include "core/metrics/series.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace archlab {

class CompareChart;
class RunStore;

class RunHistoryPanel : public QWidget {
    Q_OBJECT
public:
    /// store may be null: the panel then says there is no history.
    explicit RunHistoryPanel(RunStore* store, QWidget* parent = nullptr);

    /// Reads the run list again (after a run started or finished).
    void refresh();
    /// Runs listed.
    int runCount() const;
    /// Status of a listed run ("finished", "running" ...), empty when it is not listed.
    QString runStatus(std::int64_t id) const;
    /// Selects these runs (as Ctrl+click would), which draws them on the comparison chart.
    void selectRuns(const std::vector<std::int64_t>& ids);
    /// Selects the n most recent runs.
    void selectNewest(int n);
    CompareChart* compareChart() const { return compare_; }

signals:
    /// Open this run on the live page (the Open button or a double click).
    void runOpened(qint64 id);
    /// Load this run's lab, knobs, seed and time mode into the live page ("Run again").
    void settingsRequested(qint64 id);

private:
    void onSelectionChanged();
    const SeriesSnapshot& seriesOf(std::int64_t id, bool finished);

    RunStore* store_;
    QTreeWidget* list_ = nullptr;
    QPushButton* open_ = nullptr;                       ///< opens the selected run on the live page
    QPushButton* again_ = nullptr;                      ///< loads its settings to run it again
    CompareChart* compare_ = nullptr;
    QLabel* empty_ = nullptr;                           ///< shown without a store
    std::map<std::int64_t, SeriesSnapshot> cache_;      ///< series of finished runs, loaded once
};

}  // namespace archlab
