#pragma once
// Bundle work for the window, without freezing it: exporting gathers the runs, draws the chart
// PNGs and the animated GIF one frame per turn of the event loop (GUI thread: the topology is
// drawn by a widget), then zips the bundle on a worker thread; importing reads and checks the
// bundle and adds its runs to the store on a worker thread. Progress and the result come back
// as signals on the GUI thread; a job deleted early waits for its worker thread.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <QList>
#include <QObject>
#include <QString>

#include "core/bundle/run_bundle.h"
#include "views/worker_mailbox.h"

class QTimer;

namespace archlab {

class LabRegistry;
class RunAnimation;
class RunStore;

class BundleJob : public QObject {
    Q_OBJECT
public:
    /// Exports stored runs `ids` (one, or two for an A/B pair) to the bundle file `path`;
    /// `report_only` writes just the HTML report to `path` instead.
    static BundleJob* exportRuns(RunStore& store, const LabRegistry& labs, std::vector<std::int64_t> ids, QString path,
                                 bool report_only, QObject* parent);
    /// Imports the runs of the bundle file `path` into the store.
    static BundleJob* importBundle(RunStore& store, QString path, QObject* parent);
    ~BundleJob() override;

    /// Stops before the next step (the file is then not written).
    void cancel() { cancelled_ = true; }
    bool running() const { return running_; }

signals:
    /// percent 0..100 and what is being done.
    void progress(int percent, const QString& what);
    /// ok, a message for the person (what went wrong, and where), and the runs imported.
    void finished(bool ok, const QString& message, const QList<qint64>& imported);

private slots:
    void workerDone();                    ///< the worker's outcome, queued by name (views/worker_mailbox.h)

private:
    BundleJob(RunStore& store, QString path, QObject* parent);
    void step();                          ///< one piece of GUI-thread work, then the next on the timer
    void startWorker(std::function<QString()> work, int from_percent);   ///< work returns "" or an error
    void finish(bool ok, const QString& message);

    enum class Phase { Gather, Pictures, Animate, Write, Done };
    RunStore& store_;
    const LabRegistry* labs_ = nullptr;
    QString path_;
    bool report_only_ = false;
    std::vector<std::int64_t> ids_;
    Phase phase_ = Phase::Gather;
    RunBundle bundle_;
    std::size_t animated_ = 0;                    ///< runs whose GIF is done
    std::unique_ptr<RunAnimation> animation_;     ///< the GIF being drawn
    QTimer* timer_ = nullptr;
    QTimer* poll_ = nullptr;                      ///< polls write_percent_ while the worker runs
    WorkerMailbox<QString> outcome_;              ///< the worker's error, "" when it succeeded
    std::thread worker_;
    std::atomic<int> write_percent_{0};           ///< the worker's progress, 0..100
    std::atomic<bool> cancelled_{false};
    bool running_ = true;
    QList<qint64> imported_;
};

}  // namespace archlab
