// MainWindow's door to the A/B window (views/ab_window.h): opened from Run ▸ A/B run… with
// the lab and knobs as set in the main window. Kept apart from main_window.cpp, which only
// adds the menu entry.
#include <QComboBox>
#include <QSpinBox>
#include <QStatusBar>

#include "views/ab_window.h"
#include "views/knob_panel.h"
#include "views/lab_chooser.h"
#include "views/main_window.h"
#include "views/run_history_panel.h"

namespace archlab {

AbWindow* MainWindow::openAbRun() {
    const Lab* lab = chooser_->current();
    if (ab_window_ && (ab_window_->session()->busy() || !lab || &ab_window_->lab() == lab)) {
        if (lab && &ab_window_->lab() != lab) statusBar()->showMessage(tr("An A/B run of another lab is still running."), 4000);
        ab_window_->show();
        ab_window_->raise();
        ab_window_->activateWindow();
        return ab_window_;
    }
    if (!lab) return nullptr;
    delete ab_window_;
    ab_window_ = new AbWindow(*lab, store_, this);
    connect(ab_window_, &AbWindow::runsRecorded, history_, &RunHistoryPanel::refresh);
    ab_window_->setBaseSettings(knobs_->settings());
    // Seed, clock and speed as chosen here; a run "until Stop" becomes 30 s, so the pair ends with its summaries.
    const bool live = time_mode_->currentData().toString() == QStringLiteral("live");
    ab_window_->setRunOptions(seed_->value(), length_->currentData().toInt() > 0 ? length_->currentData().toInt() : 30,
                              live ? TimeMode::Live : TimeMode::Virtual, speed_->currentData().toDouble());
    ab_window_->show();
    return ab_window_;
}

}  // namespace archlab
