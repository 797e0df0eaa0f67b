#include "views/run_session.h"

#include <cmath>
#include <exception>

#include <QMetaObject>

#include "core/lab/settings.h"

namespace archlab {

RunSession::RunSession(RunStore* store, QObject* parent) : QObject(parent), store_(store) {}

RunSession::~RunSession() {
    if (controller_) controller_->stop();
    joinWorker();
    controller_.reset();  // joins the sampler and finishes the run, if the worker did not
}

void RunSession::joinWorker() {
    if (worker_.joinable()) worker_.join();
}

bool RunSession::start(RunRequest request) {
    if (busy()) return false;
    joinWorker();  // the previous run's worker has posted its last result already
    controller_ = std::make_shared<RunController>(std::move(request), store_);
    started_ = false;
    const std::uint64_t job = ++job_;
    setState(State::Starting);
    worker_ = std::thread([this, job, ctl = controller_] {
        try {
            ctl->start();
        } catch (const std::exception& e) {
            notes_.put({SessionNote::Kind::Failed, job, QString::fromStdString(e.what())});
            QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
            return;
        }
        notes_.put({SessionNote::Kind::Started, job, {}});
        QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
        ctl->wait();
        notes_.put({SessionNote::Kind::Finished, job, {}});
        QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
    });
    return true;
}

void RunSession::stop() {
    if (state_ != State::Starting && state_ != State::Running) return;
    controller_->stop();  // takes a lock and wakes the sampler; the worker's wait() does the rest
    setState(State::Stopping);
}

void RunSession::stopAndWait() {
    if (controller_) controller_->stop();
    joinWorker();  // the worker returns once the run is finished and stored
}

void RunSession::clear() {
    if (busy()) return;
    joinWorker();
    controller_.reset();
    started_ = false;
    setState(State::Idle);
}

void RunSession::takeNotes() {
    for (SessionNote& note : notes_.take()) {
        switch (note.kind) {
            case SessionNote::Kind::Started: onStarted(note.job); break;
            case SessionNote::Kind::Finished: onFinished(note.job); break;
            case SessionNote::Kind::Failed: onFailed(note.job, note.message); break;
        }
    }
}

void RunSession::onStarted(std::uint64_t job) {
    if (job != job_) return;
    started_ = true;
    if (state_ == State::Starting) setState(State::Running);
    else emit stateChanged(state_);  // Stopping: the window may now read the series
}

void RunSession::onFinished(std::uint64_t job) {
    if (job != job_) return;
    joinWorker();
    setState(State::Finished);
}

void RunSession::onFailed(std::uint64_t job, const QString& message) {
    if (job != job_) return;
    joinWorker();
    controller_.reset();
    started_ = false;
    setState(State::Failed);
    emit failed(message);
}

void RunSession::setState(State s) {
    state_ = s;
    emit stateChanged(s);
}

bool RunSession::inject(FaultEvent fault, QString* error) {
    if (state_ != State::Running || !started_) {
        if (error) *error = tr("no run is in progress");
        return false;
    }
    fault.at = from_ms(std::round(controller_->elapsed_s() * 1e3));  // whole milliseconds read better in the log
    try {
        controller_->inject(fault);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

bool RunSession::applyLive(const std::string& knob, const KnobValue& value, QString* error) {
    if (state_ != State::Running || !started_) {
        if (error) *error = tr("no run is in progress");
        return false;
    }
    try {
        if (controller_->apply_live(knob, value)) return true;
        if (error) *error = tr("this lab cannot change %1 while running").arg(QString::fromStdString(knob));
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
    }
    return false;
}

QString RunSession::stateText(State s) {
    switch (s) {
        case State::Idle: return tr("Ready");
        case State::Starting: return tr("Starting…");
        case State::Running: return tr("Running");
        case State::Stopping: return tr("Stopping…");
        case State::Finished: return tr("Finished");
        case State::Failed: return tr("Failed to start");
    }
    return {};
}

}  // namespace archlab
