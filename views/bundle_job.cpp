#include "views/bundle_job.h"

#include <filesystem>
#include <fstream>

#include <QFileInfo>
#include <QTimer>

#include "core/bundle/bundle_io.h"
#include "core/bundle/bundle_store.h"
#include "core/report/html_report.h"
#include "core/store/run_store.h"
#include "views/bundle_pictures.h"
#include "views/run_animation.h"

namespace archlab {

BundleJob::BundleJob(RunStore& store, QString path, QObject* parent) : QObject(parent), store_(store), path_(std::move(path)) {
    timer_ = new QTimer(this);
    timer_->setSingleShot(true);
    timer_->setInterval(0);
    connect(timer_, &QTimer::timeout, this, &BundleJob::step);
}

BundleJob::~BundleJob() {
    cancelled_ = true;
    if (worker_.joinable()) worker_.join();
}

BundleJob* BundleJob::exportRuns(RunStore& store, const LabRegistry& labs, std::vector<std::int64_t> ids, QString path,
                                 bool report_only, QObject* parent) {
    auto* job = new BundleJob(store, std::move(path), parent);
    job->labs_ = &labs;
    job->ids_ = std::move(ids);
    job->report_only_ = report_only;
    job->timer_->start();
    return job;
}

BundleJob* BundleJob::importBundle(RunStore& store, QString path, QObject* parent) {
    auto* job = new BundleJob(store, std::move(path), parent);
    job->phase_ = Phase::Write;
    const std::string file = job->path_.toStdString();
    RunStore* s = &store;
    QList<qint64>* imported = &job->imported_;
    // The worker fills imported_ before it hands back; the GUI thread reads it only after.
    job->startWorker([file, s, imported]() -> QString {
        const RunBundle bundle = read_bundle(file);
        const std::string origin = std::filesystem::path(file).filename().string();
        for (std::int64_t id : import_bundle(*s, bundle, origin)) imported->push_back(id);
        return {};
    }, 0);
    return job;
}

void BundleJob::step() {
    if (cancelled_) return finish(false, tr("Cancelled: %1 was not written.").arg(path_));
    try {
        switch (phase_) {
            case Phase::Gather:
                emit progress(2, tr("Reading the runs from the run store…"));
                bundle_.created_by = bundle_creator();
                for (std::int64_t id : ids_) bundle_.runs.push_back(bundled_run_from_store(store_, id, *labs_));
                phase_ = report_only_ ? Phase::Write : Phase::Pictures;
                break;
            case Phase::Pictures:
                emit progress(8, tr("Drawing the charts…"));
                for (BundledRun& r : bundle_.runs) add_chart_pngs(r);
                phase_ = Phase::Animate;
                break;
            case Phase::Animate: {
                if (animated_ >= bundle_.runs.size()) {
                    phase_ = Phase::Write;
                    break;
                }
                BundledRun& run = bundle_.runs[animated_];
                if (!animation_) {
                    if (run.topology.nodes.empty() && run.charts.empty()) {
                        ++animated_;
                        break;
                    }
                    animation_ = std::make_unique<RunAnimation>(run, AnimationOptions{});
                }
                const bool more = animation_->step();
                const int share = 80 * (static_cast<int>(animated_) * animation_->frameCount() + animation_->framesDone()) /
                                  std::max(1, static_cast<int>(bundle_.runs.size()) * animation_->frameCount());
                emit progress(10 + share, tr("Drawing the animated GIF: frame %1 of %2…")
                                              .arg(animation_->framesDone())
                                              .arg(animation_->frameCount()));
                if (!more) {
                    run.files.push_back({"animation.gif", animation_->finish()});
                    animation_.reset();
                    ++animated_;
                }
                break;
            }
            case Phase::Write: {
                phase_ = Phase::Done;
                const std::string file = path_.toStdString();
                if (report_only_) {
                    emit progress(50, tr("Writing the report…"));
                    const std::string html = html_report(bundle_);
                    std::ofstream out(file, std::ios::binary);
                    out << html;
                    if (!out) throw InputError(file + ": cannot write");
                    return finish(true, tr("Report written: %1").arg(path_));
                }
                emit progress(90, tr("Writing %1…").arg(QFileInfo(path_).fileName()));
                const RunBundle* bundle = &bundle_;
                std::atomic<int>* percent = &write_percent_;
                startWorker([bundle, file, percent]() -> QString {
                    write_bundle(*bundle, file, [percent](double done) { *percent = static_cast<int>(done * 100); });
                    return {};
                }, 90);
                return;
            }
            case Phase::Done: return;
        }
    } catch (const std::exception& e) {
        return finish(false, QString::fromStdString(e.what()));
    }
    timer_->start();
}

void BundleJob::startWorker(std::function<QString()> work, int from_percent) {
    // Progress of the worker, polled (the worker never touches a QObject).
    poll_ = new QTimer(this);
    poll_->setInterval(100);
    connect(poll_, &QTimer::timeout, this, [this, from_percent] {
        emit progress(from_percent + (100 - from_percent) * write_percent_.load() / 100, QString());
    });
    poll_->start();
    worker_ = std::thread([this, work = std::move(work)] {
        QString error;
        try {
            error = work();
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        outcome_.put(error);
        QMetaObject::invokeMethod(this, "workerDone", Qt::QueuedConnection);
    });
}

void BundleJob::workerDone() {
    const std::vector<QString> outcome = outcome_.take();
    if (outcome.empty()) return;
    poll_->stop();
    if (worker_.joinable()) worker_.join();
    const QString& error = outcome.back();
    if (!error.isEmpty()) return finish(false, error);
    if (!imported_.isEmpty()) {
        return finish(true, imported_.size() == 1 ? tr("Imported %1 as run #%2.").arg(path_).arg(imported_.front())
                                                  : tr("Imported %1 as runs #%2 and #%3.")
                                                        .arg(path_)
                                                        .arg(imported_.front())
                                                        .arg(imported_.back()));
    }
    finish(true, tr("Bundle written: %1").arg(path_));
}

void BundleJob::finish(bool ok, const QString& message) {
    running_ = false;
    emit progress(100, message);
    emit finished(ok, message, imported_);
}

}  // namespace archlab
