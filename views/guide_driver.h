#pragma once
// Runs the Guide's steps in the window. A guided scenario is one virtual-time run with every
// step on its timeline (core/lab/guided_plan.h): a step plays from the hold at its start to the
// hold at its end, paced at the window's speed; a step played out of order (back, restart, a
// jump ahead) starts the run again and runs at full speed to the step's start first, so every
// step sees exactly the run the CLI measures. At a step's end the driver answers its question.
#include <optional>

#include <QObject>

#include "core/lab/guided_plan.h"
#include "views/run_session.h"

namespace archlab {

class GuidePanel;
class Lab;

class GuideDriver : public QObject {
    Q_OBJECT
public:
    GuideDriver(RunSession* session, GuidePanel* panel, QObject* parent = nullptr);

    /// The lab the Guide's scenarios run on (null: none chosen).
    void setLab(const Lab* lab) { lab_ = lab; }
    /// Virtual seconds per wall second for played steps, as the toolbar's speed: kMaxSpeed (below
    /// 0) as fast as the CPU allows; 0 ("hold") plays in real time, as a played step must move.
    void setPace(double speed) { pace_ = speed == 0.0 ? 1.0 : speed; }

    /// Plays step i of the Guide's scenario (the panel's playRequested).
    void play(int step);
    /// Jumps the playing step's clock to its next scripted fault (at full speed), then plays on.
    /// False when the step has no fault left.
    bool jumpToNextFault();
    /// Call on every frame: notices holds at a step's start and end.
    void onFrame();
    /// Call on the session's state changes: a finished run ends the last step.
    void onStateChanged(RunSession::State state);
    /// Forgets the guided run (another scenario or lab was chosen).
    void reset();
    /// Stop was pressed: a step waiting for the old run to end (play() while it ran) does not
    /// start after all; the Guide says so. Nothing happens when no step waits.
    void cancelPending();

    /// The window is closing: ends a guided run that is still going and keeps its guide (the
    /// steps it got through answered, the guesses entered) with the stored run.
    void finishForClose();

    /// True while the session's run is the Guide's.
    bool guiding() const { return plan_.has_value() && run_started_; }
    /// The step playing, -1 when none.
    int playing() const { return playing_; }
    /// The step (from 0) whose end the guided run is held at, waiting for the next to be played;
    /// -1 when it is not held at a step's end.
    int heldAfterStep() const;

signals:
    /// A message for the status bar (a step that could not start).
    void message(const QString& text);
    /// The guided run `run_id` ended and its stored record now carries the guide: every step
    /// with its question, the room's guess and the measured value (summary.json's "guide").
    void guideRecorded(qint64 run_id);

private:
    void startFresh(int step);
    void finishStep(bool with_summary);
    /// The ended run's guide joins its stored summary (the steps it got through answered).
    void recordGuide();
    bool heldAt(Nanos t) const;

    RunSession* session_;
    GuidePanel* panel_;
    const Lab* lab_ = nullptr;
    double pace_ = 1.0;
    std::optional<GuidedPlan> plan_;   ///< of the scenario the run plays
    bool run_started_ = false;         ///< the session's current run is the plan's
    bool unrecorded_ = false;          ///< a run of the plan was started and its guide is not stored yet
    int playing_ = -1;                 ///< step being played
    std::optional<Nanos> fast_to_;     ///< running at full speed to this instant (the step's start, a fault), then paced
    std::optional<int> pending_;       ///< step to start once the old run has stopped
};

}  // namespace archlab
