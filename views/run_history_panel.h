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
class QProgressDialog;
class QPushButton;
class QTreeWidget;

namespace archlab {

class BundleJob;
class CompareChart;
class LabRegistry;
class RunStore;

class RunHistoryPanel : public QWidget {
    Q_OBJECT
public:
    /// store may be null: the panel then says there is no history. labs (may be null) gives
    /// an exported bundle its labs' explain text and charts.
    explicit RunHistoryPanel(RunStore* store, const LabRegistry* labs = nullptr, QWidget* parent = nullptr);
    ~RunHistoryPanel() override;

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

    /// Writes the runs (one, or an A/B pair) as a bundle file, or with report_only its HTML
    /// report, with a progress dialog; bundleDone says how it went. False when it cannot start
    /// (no store, another bundle job running, not one or two runs).
    bool exportBundle(const std::vector<std::int64_t>& ids, const QString& path, bool report_only = false);
    /// Adds the runs of a bundle file to the history, then selects them; bundleDone says how it went.
    bool importBundle(const QString& path);
    /// The selected run ids, newest first.
    std::vector<std::int64_t> selectedRuns() const;

signals:
    /// Open this run on the live page (the Open button or a double click).
    void runOpened(qint64 id);
    /// A bundle export, report export or import ended: ok, and what happened (or what was wrong, and where).
    void bundleDone(bool ok, const QString& message);
    /// Load this run's lab, knobs, seed and time mode into the live page ("Run again").
    void settingsRequested(qint64 id);

private:
    void askExport(bool report_only);   ///< the file dialog of Export bundle… / Export report…
    void askImport();                   ///< the file dialog of Import bundle…
    void watch(BundleJob* job, const QString& title);   ///< progress dialog and result of a job
    void onSelectionChanged();
    const SeriesSnapshot& seriesOf(std::int64_t id, bool finished);

    RunStore* store_;
    QTreeWidget* list_ = nullptr;
    const LabRegistry* labs_;
    QPushButton* open_ = nullptr;                       ///< opens the selected run on the live page
    QPushButton* export_ = nullptr;                     ///< Export bundle… (one or two runs selected)
    QPushButton* report_ = nullptr;                     ///< Export report… (one or two runs selected)
    QPushButton* import_ = nullptr;                     ///< Import bundle…
    BundleJob* job_ = nullptr;                          ///< the bundle job running, or null
    QProgressDialog* progress_ = nullptr;               ///< its progress
    QPushButton* again_ = nullptr;                      ///< loads its settings to run it again
    CompareChart* compare_ = nullptr;
    QLabel* empty_ = nullptr;                           ///< shown without a store
    std::map<std::int64_t, SeriesSnapshot> cache_;      ///< series of finished runs, loaded once
};

}  // namespace archlab
