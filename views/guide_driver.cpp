#include "views/guide_driver.h"

#include <cmath>

#include "core/lab/guide_record.h"
#include "core/lab/lab.h"
#include "core/lab/settings.h"
#include "core/store/run_store.h"
#include "views/guide_panel.h"

namespace archlab {

namespace {
constexpr double kEpsilon_s = 1e-6;
}

GuideDriver::GuideDriver(RunSession* session, GuidePanel* panel, QObject* parent)
    : QObject(parent), session_(session), panel_(panel) {
    connect(panel_, &GuidePanel::playRequested, this, &GuideDriver::play);
    connect(panel_, &GuidePanel::scenarioChanged, this, &GuideDriver::reset);
}

void GuideDriver::reset() {
    if (guiding() && session_->busy()) session_->stop();
    plan_.reset();
    run_started_ = false;
    unrecorded_ = false;
    playing_ = -1;
    fast_to_.reset();
    pending_.reset();
}

bool GuideDriver::heldAt(Nanos t) const {
    const RunController* ctl = session_->controller();
    return ctl && !ctl->finished() && ctl->speed() == 0.0 && std::fabs(ctl->elapsed_s() - to_s(t)) < kEpsilon_s;
}

int GuideDriver::heldAfterStep() const {
    // Not while running at full speed to a step's start or a fault: that hold lasts one frame.
    if (!guiding() || fast_to_ || session_->state() != RunSession::State::Running) return -1;
    for (std::size_t i = 0; i < plan_->spans.size(); ++i) {
        if (heldAt(plan_->spans[i].end)) return static_cast<int>(i);
    }
    return -1;
}

void GuideDriver::play(int step) {
    const Scenario* s = panel_->scenario();
    if (!s || !lab_ || step < 0 || step >= static_cast<int>(s->steps.size())) return;
    if (guiding() && plan_ && session_->state() == RunSession::State::Running &&
        heldAt(plan_->spans[static_cast<std::size_t>(step)].start)) {
        // Held where this step begins: play on from here.
        playing_ = step;
        fast_to_.reset();
        panel_->setPlaying(step);
        session_->controller()->run_to(plan_->spans[static_cast<std::size_t>(step)].end, pace_);
        return;
    }
    panel_->setPlaying(step);
    if (session_->busy()) {
        // Another run (or this one, at the wrong place) first ends; then this step starts afresh.
        pending_ = step;
        playing_ = -1;
        run_started_ = false;
        session_->stop();
        return;
    }
    startFresh(step);
}

void GuideDriver::cancelPending() {
    if (!pending_) return;
    const int step = *pending_;
    pending_.reset();
    panel_->setInterrupted(step, tr("Stop was pressed before it started"));
}

void GuideDriver::startFresh(int step) {
    const Scenario* s = panel_->scenario();
    if (!s || !lab_) return;
    try {
        plan_ = plan_guided_run(*lab_, *s);
    } catch (const InputError& e) {
        panel_->setInterrupted(step, QString::fromStdString(e.what()));
        emit message(QString::fromStdString(e.what()));
        plan_.reset();
        return;
    }
    RunRequest r = plan_->request;
    const StepSpan& span = plan_->spans[static_cast<std::size_t>(step)];
    if (step > 0) fast_to_ = span.start;
    else fast_to_.reset();
    r.speed = fast_to_ ? kMaxSpeed : pace_;
    r.pause_at = fast_to_ ? span.start : span.end;
    playing_ = step;
    run_started_ = session_->start(std::move(r));
    unrecorded_ = run_started_;
    if (!run_started_) {
        playing_ = -1;
        panel_->setInterrupted(step, tr("another run is still going"));
    }
}

bool GuideDriver::jumpToNextFault() {
    if (!guiding() || playing_ < 0 || fast_to_) return false;
    RunController* ctl = session_->controller();
    if (!ctl || ctl->finished()) return false;
    const StepSpan& span = plan_->spans[static_cast<std::size_t>(playing_)];
    const Nanos now = from_ms(ctl->elapsed_s() * 1e3);
    for (const FaultEvent& f : plan_->request.faults) {
        if (f.at > now && f.at < span.end) {
            // Full speed to the fault's instant; from the hold there onFrame() paces on to the step's end.
            fast_to_ = f.at;
            ctl->run_to(f.at, kMaxSpeed);
            return true;
        }
    }
    return false;
}

void GuideDriver::finishStep(bool with_summary) {
    const RunController* ctl = session_->controller();
    const Scenario* s = panel_->scenario();
    if (!ctl || !s || !plan_ || playing_ < 0) return;
    const int step = playing_;
    playing_ = -1;
    const ScenarioStep& st = s->steps[static_cast<std::size_t>(step)];
    std::optional<Answer> answer;
    if (st.question) {
        const SeriesSnapshot series = ctl->series() ? ctl->series()->snapshot() : SeriesSnapshot{};
        const nlohmann::json summary = with_summary ? ctl->summary() : nlohmann::json::object();
        answer = answer_question(*st.question,
                                 measure_figure(st.question->figure, plan_->spans[static_cast<std::size_t>(step)], series, summary),
                                 panel_->guess(static_cast<std::size_t>(step)));
    }
    panel_->setAnswered(step, answer);
}

void GuideDriver::onFrame() {
    if (!guiding() || playing_ < 0 || session_->state() != RunSession::State::Running) return;
    RunController* ctl = session_->controller();
    if (!ctl) return;
    const StepSpan& span = plan_->spans[static_cast<std::size_t>(playing_)];
    if (fast_to_) {
        if (heldAt(*fast_to_)) {
            fast_to_.reset();
            ctl->run_to(span.end, pace_);
        }
        return;
    }
    if (heldAt(span.end)) finishStep(false);
}

void GuideDriver::recordGuide() {
    unrecorded_ = false;
    const RunController* ctl = session_->controller();
    const Scenario* s = panel_->scenario();
    RunStore* store = session_->store();
    if (!ctl || !s || !plan_ || !store || ctl->run_id() <= 0) return;
    const SeriesSnapshot series = ctl->series() ? ctl->series()->snapshot() : SeriesSnapshot{};
    const Nanos reached(std::llround(ctl->elapsed_s() * 1e9));
    const nlohmann::json guide = guide_record(*s, *plan_, series, ctl->summary(), panel_->guesses(), reached);
    try {
        if (store_guide_record(*store, ctl->run_id(), guide)) emit guideRecorded(ctl->run_id());
    } catch (const std::exception& e) {
        emit message(tr("Run store: the Guide's answers of run #%1 were not kept: %2").arg(ctl->run_id()).arg(QString::fromUtf8(e.what())));
    }
}

void GuideDriver::finishForClose() {
    pending_.reset();
    if (!unrecorded_) return;
    session_->stopAndWait();
    recordGuide();
}

void GuideDriver::onStateChanged(RunSession::State state) {
    using State = RunSession::State;
    if (state == State::Finished || state == State::Failed || state == State::Idle) {
        const bool finishes_last_step = state == State::Finished && guiding() && playing_ >= 0 && session_->controller() &&
                                        std::fabs(session_->controller()->elapsed_s() -
                                                  to_s(plan_->spans[static_cast<std::size_t>(playing_)].end)) < kEpsilon_s;
        if (finishes_last_step) finishStep(true);  // the last step ends with the run: its summary is ready
        if (state == State::Finished && unrecorded_) recordGuide();
        if (pending_ && !session_->busy()) {
            const int step = *pending_;
            pending_.reset();
            startFresh(step);
            return;
        }
        if (!guiding() || playing_ < 0) return;
        panel_->setInterrupted(playing_, state == State::Failed ? tr("the run failed to start") : tr("the run was stopped"));
        playing_ = -1;
        run_started_ = state == State::Finished ? run_started_ : false;
    }
}

}  // namespace archlab
