// The window's finished-run part: a finished run (or one opened from the history) stays on the
// live page with a slider to scrub through it; a virtual-time run can be re-run up to the
// slider's time, held there, stepped, and its fingerprint checked when the replay ends.
#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>

#include <QAction>
#include <QComboBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>

#include "core/lab/default_charts.h"
#include "core/lab/lab_registry.h"
#include "core/lab/replay_request.h"
#include "core/store/run_store.h"
#include "views/chart_panel.h"
#include "views/event_log_panel.h"
#include "views/fault_panel.h"
#include "views/knob_panel.h"
#include "views/lab_chooser.h"
#include "views/main_window.h"
#include "views/presenter_view.h"
#include "views/run_review.h"
#include "views/time_scrubber.h"
#include "views/topology_view.h"

namespace archlab {

void MainWindow::enterReview(std::int64_t run_id, const nlohmann::json& summary) {
    std::vector<double> times;
    times.reserve(series_.rows().size());
    for (const SeriesRow& row : series_.rows()) times.push_back(row.t_s);
    review_ = std::make_unique<RunReview>(store_, run_id, summary, std::move(times));
    if (!review_->topologyError().empty()) {
        log_->note(tr("The topology of run #%1 could not be read: %2")
                       .arg(run_id)
                       .arg(QString::fromStdString(review_->topologyError())),
                   true);
    }
    scrubber_->setRun(run_id, review_->times(), replayable(summary), review_->hasTopology());
    scrubber_->setRerunAllowed(!session_->busy());
    scrubber_->setVisible(!review_->times().empty());
    const std::vector<RunMark> marks = marks_from_summary(summary);
    charts_->setMarks(marks);
    presenter_->setMarks(marks);
    onScrub(scrubber_->time());
}

void MainWindow::leaveReview() {
    review_.reset();
    scrubber_->clearRun();
    scrubber_->hide();
    charts_->setCursor(std::nan(""));
}

void MainWindow::onScrub(double t_s) {
    charts_->setCursor(t_s);
    if (review_ && review_->hasTopology() && std::isfinite(t_s)) topology_->setSnapshot(review_->topologyAt(t_s));
}

bool MainWindow::openStoredRun(std::int64_t id) {
    if (!store_ || session_->busy()) return false;
    std::optional<RunRecord> rec;
    try {
        rec = store_->load_run(id);
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Run #%1 could not be read: %2").arg(id).arg(QString::fromStdString(e.what())), 6000);
        return false;
    }
    if (!rec) return false;
    const Lab* lab = labs_.find(rec->lab);
    if (!lab) {
        statusBar()->showMessage(tr("Run #%1 is of the %2 lab, which this build does not have.")
                                     .arg(id)
                                     .arg(QString::fromStdString(rec->lab)),
                                 6000);
        return false;
    }
    // Choosing the lab resets the page (knobs, charts, topology); then the run's own values.
    if (chooser_->current() == lab) onLabChosen(lab);
    else chooser_->select(rec->lab);
    Settings settings = lab->default_settings();
    const nlohmann::json stored = rec->settings.is_object() ? rec->settings : nlohmann::json::object();
    for (const auto& [knob, value] : stored.items()) {
        try {
            settings.set_json(knob, value);
        } catch (const std::exception&) {  // a knob this build no longer has: keep its default
        }
    }
    for (const KnobSpec& spec : settings.specs()) knobs_->setKnobText(spec.name, format_value(settings.get(spec.name)));
    SeriesSnapshot series = store_->load_series(id);
    std::vector<ChartSpec> charts = charts_for(*lab, settings);
    if (series.column(host_keep_up_chart().series.front()) >= 0) charts.push_back(host_keep_up_chart());
    charts_->setCharts(charts);
    series_.loadAll(std::move(series));
    charts_->refresh(series_);
    log_->beginRun();
    const nlohmann::json& s = rec->summary;
    log_->note(tr("Run #%1 opened from the history: %2, seed %3, %4 time, %5 s, %6.")
                   .arg(id)
                   .arg(QString::fromStdString(rec->lab))
                   .arg(rec->seed)
                   .arg(QString::fromStdString(s.is_object() ? s.value("time_mode", "live") : "live"))
                   .arg(rec->duration_s, 0, 'f', 1)
                   .arg(QString::fromStdString(rec->status)));
    if (!rec->origin.empty()) log_->note(tr("  imported from %1").arg(QString::fromStdString(rec->origin)));
    // The run's own event log when it was recorded (runs before it: their faults only).
    const std::vector<StoredEvent> events = store_->load_events(id);
    for (const StoredEvent& e : events) {
        log_->note(tr("  run %1 s  %2").arg(e.t_s, 7, 'f', 2).arg(QString::fromStdString(e.text)), e.text.rfind("fault", 0) == 0);
    }
    if (events.empty()) {
        for (const StoredFault& f : store_->load_faults(id)) {
            log_->note(tr("  fault at %1 s: %2 %3%4")
                           .arg(f.at_s, 0, 'f', 2)
                           .arg(QString::fromStdString(f.action), QString::fromStdString(f.target),
                                f.value.empty() ? QString() : QStringLiteral(" ") + QString::fromStdString(f.value)));
        }
    }
    topology_->clear(tr("The topology of run #%1 was not recorded (runs before this version).").arg(id));
    enterReview(id, s);
    pages_->setCurrentIndex(0);
    statusBar()->showMessage(tr("Run #%1 opened: move the slider under the charts to scrub through it.").arg(id), 6000);
    return true;
}

bool MainWindow::loadRunSettings(std::int64_t id) {
    if (!store_ || session_->busy()) return false;
    std::optional<RunRecord> rec;
    try {
        rec = store_->load_run(id);
    } catch (const std::exception& e) {
        statusBar()->showMessage(tr("Run #%1 could not be read: %2").arg(id).arg(QString::fromStdString(e.what())), 6000);
        return false;
    }
    const Lab* lab = rec ? labs_.find(rec->lab) : nullptr;
    if (!lab) {
        statusBar()->showMessage(tr("Run #%1 is of a lab this build does not have.").arg(id), 6000);
        return false;
    }
    if (chooser_->current() == lab) onLabChosen(lab);  // knobs back to defaults first
    else chooser_->select(rec->lab);
    QStringList skipped;
    if (rec->settings.is_object()) {
        for (const auto& [knob, value] : rec->settings.items()) {
            Settings one = lab->default_settings();
            try {
                one.set_json(knob, value);
                knobs_->setKnobText(knob, format_value(one.get(knob)));
            } catch (const std::exception&) {  // a knob this build no longer has
                skipped << QString::fromStdString(knob);
            }
        }
    }
    seed_->setValue(static_cast<int>(std::min<std::uint64_t>(rec->seed, INT_MAX)));
    const std::string mode = rec->summary.is_object() ? rec->summary.value("time_mode", "live") : "live";
    time_mode_->setCurrentIndex(std::max(0, time_mode_->findData(QString::fromStdString(mode))));
    pages_->setCurrentIndex(0);
    statusBar()->showMessage(tr("Knobs, seed and time mode of run #%1 loaded%2: press Start to run it again.")
                                 .arg(id)
                                 .arg(skipped.isEmpty() ? QString() : tr(" (not: %1)").arg(skipped.join(QStringLiteral(", ")))),
                             8000);
    return true;
}

bool MainWindow::rerunToHere(double t_s) {
    if (!review_ || session_->busy() || !std::isfinite(t_s)) return false;
    const nlohmann::json summary = review_->summary();
    RunRequest request;
    try {
        request = request_from_summary(labs_, summary);
    } catch (const std::exception& e) {
        log_->note(tr("Run #%1 cannot be re-run: %2").arg(review_->runId()).arg(QString::fromStdString(e.what())), true);
        statusBar()->showMessage(tr("Run #%1 cannot be re-run.").arg(review_->runId()), 6000);
        return false;
    }
    request.pause_at = Nanos(std::llround(t_s * 1e9));
    const double speed = speed_->currentData().toDouble();
    request.speed = speed == 0.0 ? kMaxSpeed : speed;  // "hold" would never get there
    replay_ = Replay{review_->runId(), summary.at("fingerprint").get<std::string>()};
    replay_matched_.reset();
    {
        const QSignalBlocker block(time_mode_);
        time_mode_->setCurrentIndex(time_mode_->findData(QStringLiteral("virtual")));
    }
    showRunSeedAndLength(request);  // what the replay runs with
    const std::int64_t of_run = review_->runId();
    log_->note(tr("Re-running run #%1 in virtual time to %2 s (speed %3), where it holds: raise Speed or press Step "
                  "to go on.")
                   .arg(of_run)
                   .arg(t_s, 0, 'f', 2)
                   .arg(QString::fromStdString(format_speed(request.speed))));
    statusBar()->showMessage(tr("Re-running run #%1 to %2 s…").arg(of_run).arg(t_s, 0, 'f', 2));
    if (!session_->start(std::move(request))) {
        replay_.reset();
        return false;
    }
    return true;
}

void MainWindow::showRunSeedAndLength(const RunRequest& request) {
    if (request.seed <= static_cast<std::uint64_t>(seed_->maximum())) seed_->setValue(static_cast<int>(request.seed));
    // The box holds whole seconds; a length in between (a replay stopped early) is left as it is.
    const auto whole_s = std::chrono::duration_cast<std::chrono::seconds>(request.duration);
    if (whole_s != request.duration || whole_s.count() > INT_MAX) return;
    const int len_s = static_cast<int>(whole_s.count());
    int i = length_->findData(len_s);
    if (i < 0) {  // e.g. a guided scenario's 14 s: in its place among the lengths offered
        i = 1;
        while (i < length_->count() && length_->itemData(i).toInt() < len_s) ++i;
        length_->insertItem(i, tr("%1 s").arg(len_s), len_s);
    }
    length_->setCurrentIndex(i);
}

void MainWindow::reportReplay(const RunController& ctl) {
    const Replay replay = *replay_;
    replay_.reset();
    const nlohmann::json summary = ctl.summary();
    const bool whole = summary.value("duration_ns", std::int64_t{-1}) == ctl.request().duration.count();
    QString text;
    if (!whole) {
        text = tr("Replay of run #%1 stopped at %2 s, before its end: fingerprints not compared.")
                   .arg(replay.of_run)
                   .arg(ctl.elapsed_s(), 0, 'f', 2);
        log_->note(text);
    } else {
        const std::string fp = ctl.fingerprint();
        replay_matched_ = fp == replay.fingerprint;
        text = *replay_matched_ ? tr("Replay #%1 of run #%2: fingerprint %3 matches; the run is reproduced exactly.")
                                      .arg(ctl.run_id())
                                      .arg(replay.of_run)
                                      .arg(QString::fromStdString(fp))
                                : tr("Replay #%1 of run #%2: fingerprint %3 DIFFERS from the recorded %4.")
                                      .arg(ctl.run_id())
                                      .arg(replay.of_run)
                                      .arg(QString::fromStdString(fp), QString::fromStdString(replay.fingerprint));
        log_->note(text, !*replay_matched_);
    }
    statusBar()->showMessage(text);
}

void MainWindow::stepRun() {
    RunController* ctl = session_->controller();
    if (!ctl || session_->state() != RunSession::State::Running || ctl->time_mode() != TimeMode::Virtual) return;
    const Nanos period(std::llround(1e9 / std::max(0.5, ctl->request().sample_hz)));
    const Nanos now(std::llround(ctl->elapsed_s() * 1e9));
    ctl->run_to(now + period, kMaxSpeed);
}

void MainWindow::syncSpeed(const RunController& ctl) {
    // Follow the run's own speed changes (it holds itself at a pause point or after a step);
    // a change made in the combo box is already shown there.
    const double speed = ctl.speed();
    if (speed == seen_speed_) return;
    seen_speed_ = speed;
    const int i = speed_->findData(speed);
    if (i >= 0 && i != speed_->currentIndex()) {
        const QSignalBlocker block(speed_);
        speed_->setCurrentIndex(i);
    }
    updateActions();
}

}  // namespace archlab
