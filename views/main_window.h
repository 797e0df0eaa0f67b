#pragma once
// The desktop window: arranges the panels (labs, knobs, topology, charts, faults, event log,
// explain, run history), drives runs through a RunSession and redraws on one frame timer.
// A finished run (or one opened from the history) stays on the live page with a slider under
// the charts to scrub through it; a virtual-time run can be re-run up to the slider's time.
// Each panel owns its own job; this class only wires them together.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <QMainWindow>

#include "views/run_session.h"
#include "views/series_window.h"
#include "views/topology_model.h"

class QAction;
class QComboBox;
class QLabel;
class QDockWidget;
class QMenu;
class QSpinBox;
class QSplitter;
class QTabWidget;
class QTimer;

namespace archlab {

class AbWindow;
class ChartPanel;
class EndpointsBar;
class EventLogPanel;
class ExplainPanel;
class FaultPanel;
class KnobPanel;
class Lab;
class LabChooser;
class LabRegistry;
class RunHistoryPanel;
class RunStore;
class ScopedLogSink;
class RunReview;
class StatusReadout;
class TimeScrubber;
class TopologyView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// store may be null (no history, runs not recorded). Restores the saved layout and last lab.
    MainWindow(const LabRegistry& labs, RunStore* store, QWidget* parent = nullptr);
    /// Stops a run in progress and waits for it to be recorded.
    ~MainWindow() override;

    // Small public surface for tests and the screenshot script.
    bool selectLab(const std::string& id);
    const Lab* currentLab() const;
    void startRun();
    void stopRun();
    /// Knobs back to defaults, charts and topology cleared (not while a run is active).
    void resetLab();
    /// Shows the "Live" (0) or "History" (1) page.
    void showPage(int index);
    /// Brings the event log to the front of its dock area.
    void raiseEventLog();
    /// Shows a stored run on the live page to scrub through (not while a run is active); false
    /// with a status-bar message when it cannot.
    bool openStoredRun(std::int64_t id);
    /// Replays the run being scrubbed in virtual time up to t_s and holds it there; false when
    /// it is not a virtual-time run or a run is active.
    bool rerunToHere(double t_s);
    /// Whether the last replay's fingerprint matched the run it replayed (none before one finished).
    std::optional<bool> replayMatched() const { return replay_matched_; }
    TimeScrubber* scrubber() const { return scrubber_; }
    TopologyView* topologyView() const { return topology_; }
    KnobPanel* knobPanel() const { return knobs_; }
    ChartPanel* chartPanel() const { return charts_; }
    RunHistoryPanel* historyPanel() const { return history_; }
    EventLogPanel* eventLog() const { return log_; }
    EndpointsBar* endpointsBar() const { return endpoints_; }
    RunSession* session() const { return session_; }
    /// Opens the A/B window for the current lab (views/ab_window.h), its knobs as set here;
    /// null when no lab is chosen. The same window comes back while its pair runs.
    AbWindow* openAbRun();
    /// The rows the window has pulled from the current run.
    const SeriesWindow& seriesWindow() const { return series_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    QDockWidget* addDock(QWidget* panel, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void buildDocks();
    void onLabChosen(const Lab* lab);
    void onStateChanged(RunSession::State state);
    void onFrame();
    /// The run store's failure (or its recovery) in the status bar, when it changes.
    void showStoreError(const std::string& error);
    void onKnobChanged(const QString& name, bool live);
    void onFaultRequested(const FaultEvent& fault);
    void enterReview(std::int64_t run_id, const nlohmann::json& summary);
    void leaveReview();
    void onScrub(double t_s);
    void reportReplay(const RunController& ctl);
    void stepRun();
    void syncSpeed(const RunController& ctl);
    void updateActions();
    void saveLayout() const;
    void restoreLayout();

    const LabRegistry& labs_;
    RunStore* store_;                               ///< may be null
    std::unique_ptr<ScopedLogSink> log_sink_;       ///< spdlog -> event log; outlives session_
    RunSession* session_ = nullptr;                 ///< child QObject; destroyed in ~MainWindow first
    SeriesWindow series_;                           ///< last 120 s of the current run
    TopologySampler topo_sampler_;                  ///< link rates between frames
    std::unique_ptr<RunReview> review_;             ///< the finished run being scrubbed, or null
    /// A replay under way: the run it replays and that run's fingerprint.
    struct Replay {
        std::int64_t of_run = 0;
        std::string fingerprint;
    };
    std::optional<Replay> replay_;
    std::optional<bool> replay_matched_;            ///< verdict of the last replay that finished
    double seen_speed_ = 0.0;                       ///< the running controller's speed at the last frame

    LabChooser* chooser_ = nullptr;
    KnobPanel* knobs_ = nullptr;
    EndpointsBar* endpoints_ = nullptr;
    TopologyView* topology_ = nullptr;
    ChartPanel* charts_ = nullptr;
    FaultPanel* faults_ = nullptr;
    EventLogPanel* log_ = nullptr;
    ExplainPanel* explain_ = nullptr;
    RunHistoryPanel* history_ = nullptr;
    StatusReadout* readout_ = nullptr;
    QTabWidget* pages_ = nullptr;
    QSplitter* live_split_ = nullptr;               ///< topology above, charts below

    QAction* start_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* reset_ = nullptr;
    QAction* step_ = nullptr;                       ///< virtual time, held: run one sample on and hold
    QSpinBox* seed_ = nullptr;                      ///< seed of the next run
    QComboBox* length_ = nullptr;                   ///< run length, seconds in item data (0 = until Stop)
    QComboBox* time_mode_ = nullptr;                ///< live or virtual time for the next run
    QComboBox* speed_ = nullptr;                    ///< virtual time: speed, changeable during the run
    std::string shown_store_error_;                 ///< the store error now in the status bar, "" for none
    QLabel* host_banner_ = nullptr;                 ///< over the charts: the host, not the model, is the limit
    TimeScrubber* scrubber_ = nullptr;              ///< under the charts of a finished run
    QMenu* view_menu_ = nullptr;                    ///< dock toggles
    QDockWidget* log_dock_ = nullptr;               ///< shares its place with the explain dock
    QTimer* frame_ = nullptr;                       ///< pulls series, states and log lines
    AbWindow* ab_window_ = nullptr;                 ///< the A/B window once opened (a child top-level window)
};

}  // namespace archlab
