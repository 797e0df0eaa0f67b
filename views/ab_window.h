#pragma once
// The A/B window: two variants of the main window's lab run at once. Left, the knobs of A and
// of B (B starts as a copy of A; change at least one); right, a banner that says how the two
// share the clock or the machine, the difference readout of the headline figures, and every
// chart of the lab with A solid and B dashed. Both runs go to the run history like any run.
#include <string>

#include <QMainWindow>

#include "core/lab/lab.h"
#include "core/lab/settings.h"
#include "views/ab_session.h"
#include "views/series_window.h"

class QAction;
class QComboBox;
class QGridLayout;
class QLabel;
class QScrollArea;
class QSpinBox;
class QTabWidget;
class QTimer;

namespace archlab {

class AbChart;
class AbFiguresTable;
class KnobPanel;
class RunStore;

class AbWindow : public QMainWindow {
    Q_OBJECT
public:
    /// store may be null (the runs are then not recorded).
    AbWindow(const Lab& lab, RunStore* store, QWidget* parent = nullptr);
    /// Stops a pair in progress and waits for both sides to be recorded.
    ~AbWindow() override;

    const Lab& lab() const { return lab_; }
    /// Both sides' knobs to these (A's knobs as set in the main window).
    void setBaseSettings(const Settings& settings);
    /// One knob of side B, as a person would type it; false with the reason when it does not fit.
    bool setKnobB(const std::string& name, const std::string& text, QString* error = nullptr);
    /// Seed, run length (s, 0 = until Stop), clock and speed of the next pair.
    void setRunOptions(int seed, int length_s, TimeMode mode, double speed);

    /// Starts A and B; false with a status-bar message when B has the same knobs as A or a pair runs.
    bool start();
    void stop();

    AbSession* session() const { return session_; }
    KnobPanel* knobPanel(AbSide side) const { return side == AbSide::A ? knobs_a_ : knobs_b_; }
    AbFiguresTable* figures() const { return figures_; }
    int chartCount() const { return static_cast<int>(charts_.size()); }
    AbChart* chart(int i) const { return charts_.at(static_cast<std::size_t>(i)); }
    /// The banner's text: how A and B share the clock or the machine.
    QString sharingText() const;
    const SeriesWindow& series(AbSide side) const { return side == AbSide::A ? series_a_ : series_b_; }

signals:
    /// Both sides started or finished: the run history has new rows.
    void runsRecorded();

protected:
    void closeEvent(QCloseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildToolBar();
    void onStateChanged(AbSession::State state);
    void onFrame();
    void onKnobChanged(AbSide side, const QString& name, bool live);
    void updateDiffers();
    void updateActions();
    void setCharts(const std::vector<ChartSpec>& specs, const QString& a_name, const QString& b_name);
    void reflowCharts();

    const Lab& lab_;
    AbSession* session_ = nullptr;
    SeriesWindow series_a_, series_b_;         ///< the window's copies of both sides' series

    QTabWidget* sides_ = nullptr;              ///< the A and B knob panels
    KnobPanel* knobs_a_ = nullptr;
    KnobPanel* knobs_b_ = nullptr;
    QLabel* differs_ = nullptr;                ///< "B differs in: policy=lfu"
    QLabel* banner_ = nullptr;                 ///< shared clock or shared machine, overload flags
    AbFiguresTable* figures_ = nullptr;
    QScrollArea* chart_scroll_ = nullptr;
    QWidget* chart_host_ = nullptr;
    QGridLayout* chart_grid_ = nullptr;
    std::vector<AbChart*> charts_;             ///< owned by chart_host_
    QLabel* state_ = nullptr;                  ///< status bar: state and both clocks

    QAction* start_ = nullptr;
    QAction* stop_ = nullptr;
    QAction* step_ = nullptr;                  ///< virtual time, held: both sides one sample on
    QSpinBox* seed_ = nullptr;
    QComboBox* length_ = nullptr;              ///< seconds in item data (0 = until Stop)
    QComboBox* time_mode_ = nullptr;
    QComboBox* speed_ = nullptr;
    QTimer* frame_ = nullptr;
};

}  // namespace archlab
