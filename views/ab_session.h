#pragma once
// Drives one A/B run (core/lab/ab_run.h) for the window without blocking the GUI thread, the
// way RunSession drives one run: start() and wait() on a worker thread, results back as queued
// calls tagged with a job number so an older pair's result is dropped.
#include <cstdint>
#include <memory>
#include <thread>

#include <QObject>
#include <QString>

#include "core/lab/ab_run.h"
#include "views/worker_mailbox.h"

namespace archlab {

class RunStore;

class AbSession : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Starting, Running, Stopping, Finished, Failed };
    Q_ENUM(State)

    /// store may be null: the runs are then not recorded.
    explicit AbSession(RunStore* store, QObject* parent = nullptr);
    /// Stops a pair in progress and waits for both sides to be recorded.
    ~AbSession() override;

    /// Starts side A as `a` asks and side B with `b_settings`; false while a pair is active.
    /// Throws InputError at once when no knob differs.
    bool start(RunRequest a, Settings b_settings);
    /// Asks both sides to end (non-blocking).
    void stop();

    State state() const { return state_; }
    bool busy() const { return state_ == State::Starting || state_ == State::Running || state_ == State::Stopping; }
    /// The pair once both sides started (also after they finished); null otherwise. GUI thread only.
    AbRun* run() { return started_ ? run_.get() : nullptr; }
    const AbRun* run() const { return started_ ? run_.get() : nullptr; }

    static QString stateText(State s);

signals:
    void stateChanged(archlab::AbSession::State state);
    /// A side could not start; the message says why.
    void failed(const QString& message);

private slots:
    void takeNotes();  ///< the worker's notes, queued by name (views/worker_mailbox.h)

private:
    void onStarted(std::uint64_t job);
    void onFinished(std::uint64_t job);
    void onFailed(std::uint64_t job, const QString& message);
    void setState(State s);
    void joinWorker();

    RunStore* store_;
    std::shared_ptr<AbRun> run_;        ///< current or last pair
    WorkerMailbox<SessionNote> notes_;             ///< from worker_ to the GUI thread
    std::thread worker_;                ///< start() + wait() of the current pair
    std::uint64_t job_ = 0;
    State state_ = State::Idle;
    bool started_ = false;              ///< both sides' start() returned (GUI thread saw it)
};

}  // namespace archlab
