#include "views/ab_session.h"

#include <exception>

#include <QMetaObject>

namespace archlab {

AbSession::AbSession(RunStore* store, QObject* parent) : QObject(parent), store_(store) {}

AbSession::~AbSession() {
    if (run_) run_->stop();
    joinWorker();
    run_.reset();
}

void AbSession::joinWorker() {
    if (worker_.joinable()) worker_.join();
}

bool AbSession::start(RunRequest a, Settings b_settings) {
    if (busy()) return false;
    joinWorker();
    auto run = std::make_shared<AbRun>(std::move(a), std::move(b_settings), store_);  // InputError: nothing differs
    run_ = std::move(run);
    started_ = false;
    const std::uint64_t job = ++job_;
    setState(State::Starting);
    worker_ = std::thread([this, job, run = run_] {
        try {
            run->start();
        } catch (const std::exception& e) {
            notes_.put({SessionNote::Kind::Failed, job, QString::fromStdString(e.what())});
            QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
            return;
        }
        notes_.put({SessionNote::Kind::Started, job, {}});
        QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
        run->wait();
        notes_.put({SessionNote::Kind::Finished, job, {}});
        QMetaObject::invokeMethod(this, "takeNotes", Qt::QueuedConnection);
    });
    return true;
}

void AbSession::stop() {
    if (state_ != State::Starting && state_ != State::Running) return;
    run_->stop();
    setState(State::Stopping);
}

void AbSession::takeNotes() {
    for (SessionNote& note : notes_.take()) {
        switch (note.kind) {
            case SessionNote::Kind::Started: onStarted(note.job); break;
            case SessionNote::Kind::Finished: onFinished(note.job); break;
            case SessionNote::Kind::Failed: onFailed(note.job, note.message); break;
        }
    }
}

void AbSession::onStarted(std::uint64_t job) {
    if (job != job_) return;
    started_ = true;
    if (state_ == State::Starting) setState(State::Running);
    else emit stateChanged(state_);
}

void AbSession::onFinished(std::uint64_t job) {
    if (job != job_) return;
    joinWorker();
    setState(State::Finished);
}

void AbSession::onFailed(std::uint64_t job, const QString& message) {
    if (job != job_) return;
    joinWorker();
    run_.reset();
    started_ = false;
    setState(State::Failed);
    emit failed(message);
}

void AbSession::setState(State s) {
    state_ = s;
    emit stateChanged(s);
}

QString AbSession::stateText(State s) {
    switch (s) {
        case State::Idle: return tr("Ready");
        case State::Starting: return tr("Starting A and B…");
        case State::Running: return tr("A and B running");
        case State::Stopping: return tr("Stopping…");
        case State::Finished: return tr("Finished");
        case State::Failed: return tr("Failed to start");
    }
    return {};
}

}  // namespace archlab
