#pragma once
// Drives one lab run at a time through RunController without ever blocking the GUI thread:
// start() and wait() run on a worker thread, and their outcome comes back as a queued call
// tagged with a job number, so the result of an older run is dropped.
#include <cstdint>
#include <memory>
#include <thread>

#include <QObject>
#include <QString>

#include "core/lab/run_controller.h"
#include "views/worker_mailbox.h"

namespace archlab {

class RunStore;

class RunSession : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Stopping, Finished, Failed };
    Q_ENUM(State)

    /// store may be null: runs are then not recorded.
    explicit RunSession(RunStore* store, QObject* parent = nullptr);
    /// Stops a run in progress and waits for it (the run is recorded as finished).
    ~RunSession() override;

    /// Starts a run on a worker thread; false while another run is starting, running or stopping.
    bool start(RunRequest request);
    /// Asks the run to end (non-blocking); state goes Stopping, then Finished.
    void stop();
    /// Stops a run in progress and blocks until it has ended and is recorded (the window is
    /// closing). The state changes follow through the event loop as after stop(), if it runs on.
    void stopAndWait();
    /// Forgets a finished or failed run (back to Idle). Ignored while a run is active.
    void clear();

    State state() const { return state_; }
    /// True while a run is starting, running or stopping.
    bool busy() const { return state_ == State::Starting || state_ == State::Running || state_ == State::Stopping; }
    /// The current run once its cluster has started (also after it finished); null otherwise.
    /// GUI thread only.
    RunController* controller() { return started_ ? controller_.get() : nullptr; }
    const RunController* controller() const { return started_ ? controller_.get() : nullptr; }

    /// Injects a fault now, at the run's elapsed time. False with a reason when not running or refused.
    bool inject(FaultEvent fault, QString* error);
    /// Applies a live knob to the running lab. False with a reason when not running or not live.
    bool applyLive(const std::string& knob, const KnobValue& value, QString* error);

    /// Where runs are recorded; null when they are not.
    RunStore* store() const { return store_; }

    static QString stateText(State s);

signals:
    void stateChanged(archlab::RunSession::State state);
    /// The cluster could not start; the message says why.
    void failed(const QString& message);

private slots:
    void takeNotes();  ///< the worker's notes, queued by name (views/worker_mailbox.h)

private:
    void onStarted(std::uint64_t job);
    void onFinished(std::uint64_t job);
    void onFailed(std::uint64_t job, const QString& message);
    void setState(State s);
    void joinWorker();

    RunStore* store_;                               ///< may be null
    std::shared_ptr<RunController> controller_;     ///< current or last run
    WorkerMailbox<SessionNote> notes_;             ///< from worker_ to the GUI thread
    std::thread worker_;                            ///< start() + wait() of the current run
    std::uint64_t job_ = 0;                         ///< number of the current run; stale results are dropped
    State state_ = State::Idle;
    bool started_ = false;                          ///< the controller's start() returned (GUI thread saw it)
};

}  // namespace archlab
