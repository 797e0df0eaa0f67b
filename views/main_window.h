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
class ItemTablePanel;
class EventLogPanel;
class ExplainPanel;
class FaultPanel;
class GuideDriver;
class GuidePanel;
class KnobPanel;
class Lab;
class LabChooser;
class LabRegistry;
class PresenterView;
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
    /// Loads a stored run's lab, knobs, seed and time mode into the live page to run it again;
    /// false with a status-bar message when it cannot.
    bool loadRunSettings(std::int64_t id);
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
    GuidePanel* guidePanel() const { return guide_; }
    GuideDriver* guideDriver() const { return guide_driver_; }
    PresenterView* presenterView() const { return presenter_; }

    /// Presenter view (View menu, F11): topology, two charts and the Guide, magnified for a
    /// projector, with a caption for each fault; every other panel hidden until it is switched off.
    void setPresenterMode(bool on);
    bool presenterMode() const { return presenter_on_; }
    /// Opens a guided scenario file in the Guide (choosing its lab); false with the reason.
    bool openGuidedScenario(const QString& path, QString* why);
    /// Brings the Guide to the front of its dock area.
    void raiseGuide();

protected:
    void closeEvent(QCloseEvent* event) override;
    /// Fits the docks to their forms once laid out (a stored layout may be narrower).
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildActions();
    QDockWidget* addDock(QWidget* panel, const QString& title, const QString& name, Qt::DockWidgetArea area);
    void buildDocks();
    /// Widens the knobs and faults docks to their forms where a lab's knobs or own fault
    /// actions need more than the width they had (a dock keeps its width across labs).
    void fitDocksToForms();
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
    /// The toolbar shows the seed and length a run was started with (a guided run's, a replay's):
    /// a length the box lacks is added to it.
    void showRunSeedAndLength(const RunRequest& request);
    void stepRun();
    void syncSpeed(const RunController& ctl);
    void buildGuideActions();
    /// In presenter view, the chart of the Guide's step question is one of the two shown.
    void followGuideQuestion();
    /// Magnification of the presenter view for the window's size (1.3 at 1366x768, 1.8 at 1920x1080).
    double presenterScale() const;
    void applyPresenterFonts();
    /// The Guide dock's width in presenter view, from the window's.
    void fitGuideDock();
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
    ItemTablePanel* items_ = nullptr;  ///< the lab's latest items beside the topology
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
    QDockWidget* knobs_dock_ = nullptr;
    QDockWidget* faults_dock_ = nullptr;
    QTimer* frame_ = nullptr;                       ///< pulls series, states and log lines

    GuidePanel* guide_ = nullptr;                   ///< the lab's guided scenarios, step by step
    GuideDriver* guide_driver_ = nullptr;           ///< plays the Guide's steps through session_
    QDockWidget* guide_dock_ = nullptr;
    PresenterView* presenter_ = nullptr;            ///< the presenter's page of pages_ (tab hidden)
    bool presenter_on_ = false;
    int presenter_font_px_ = 0;                     ///< font size the presenter style sheet was made for
    QByteArray normal_state_;                       ///< dock layout before presenter view
    QRect normal_geometry_;                         ///< window place and size before presenter view
    QAction* presenter_action_ = nullptr;           ///< F11
    QAction* guide_next_ = nullptr;                 ///< Page Down
    QAction* guide_back_ = nullptr;                 ///< Page Up
    QAction* guide_restart_ = nullptr;              ///< F9
    QAction* guide_fault_ = nullptr;                ///< F8: on to the step's next scripted fault
    QAction* guide_play_ = nullptr;                 ///< F7
    AbWindow* ab_window_ = nullptr;                 ///< the A/B window once opened (a child top-level window)
};

}  // namespace archlab
