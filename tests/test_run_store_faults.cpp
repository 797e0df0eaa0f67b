// The run store when the disk lets it down: a read-only path, a full disk, a damaged file. In
// each case the message names the file and says what to do, the lab still runs and writes its
// report, the runs already stored are not lost, and the next start recovers once the cause is
// gone. The full disk is a real 1 MB tmpfs when the test may mount one (root); otherwise SQLite's
// max_page_count makes the database refuse to grow, which SQLite reports exactly as a full disk.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/lab/run_controller.h"
#include "core/store/run_store.h"
#include "lab_runs.h"

using namespace archlab;

namespace {

/// A small tmpfs mounted over `dir` while this lives (root only; mounted() says whether it is).
class SmallDisk {
public:
    SmallDisk(const std::string& dir, const char* size) : dir_(dir) {
        mounted_ = ::geteuid() == 0 && ::mount("tmpfs", dir.c_str(), "tmpfs", 0, size) == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return mounted_; }
    /// Remounts read-only (true) or writable (false).
    bool set_read_only(bool ro, const char* size) {
        return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | (ro ? MS_RDONLY : 0), size) == 0;
    }

private:
    std::string dir_;
    bool mounted_ = false;
};

/// Fills the filesystem holding `path` with one file until a write fails.
void fill_disk(const std::string& path) {
    std::ofstream f(path, std::ios::binary);
    const std::string chunk(4096, 'x');
    while (f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
        f.flush();
    }
}

struct StoredRun {
    std::int64_t id = 0;
    std::string store_error;
    nlohmann::json summary;
    std::vector<RunEvent> events;
};

/// A short virtual queueing run recorded into `store` (which may fail under it).
StoredRun run_into(RunStore* store, double seconds = 3) {
    RunController run(lab_test::request("queueing", {}, seconds), store);
    run.start();
    run.wait();
    return {run.run_id(), run.store_error(), run.summary(), run.events()};
}

bool has_event(const std::vector<RunEvent>& events, const std::string& part) {
    for (const RunEvent& e : events) {
        if (e.text.find(part) != std::string::npos) return true;
    }
    return false;
}

struct CliResult {
    int code = -1;
    QString err;
};

CliResult cli_run(const QString& store, const QString& out) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, {"run", "queueing", "--time", "virtual", "--duration", "2s", "--no-charts", "--store", store,
                               "--out", out});
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
}

QByteArray file_bytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

class TestRunStoreFaults : public QObject {
    Q_OBJECT
private slots:
    void read_only_folder_is_named_and_the_lab_runs() {
        // Nobody, root included, can create a file under /proc/self.
        const std::string path = "/proc/self/archlab-test/runs.sqlite3";
        try {
            RunStore store(path);
            QFAIL("a store under /proc opened");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(path) != std::string::npos, e.what());
            QVERIFY2(what.find("read-only") != std::string::npos && what.find("ARCHLAB_STORE") != std::string::npos,
                     e.what());
        }
        QTemporaryDir out;
        const CliResult r = cli_run(QString::fromStdString(path), out.path() + "/report");
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("run not recorded") && r.err.contains("read-only"), qPrintable(r.err));
        QVERIFY(QFile::exists(out.path() + "/report/summary.json"));
    }

    void read_only_disk_keeps_what_it_holds() {
        QTemporaryDir dir;
        SmallDisk disk(dir.path().toStdString(), "size=4m");
        if (!disk.mounted()) QSKIP("cannot mount a tmpfs here (not root): the /proc case above covers a read-only path");
        const std::string path = dir.path().toStdString() + "/runs.sqlite3";
        std::int64_t earlier = 0;
        std::size_t earlier_rows = 0;
        {
            RunStore store(path);
            earlier = run_into(&store).id;
            earlier_rows = store.load_series(earlier).rows.size();
        }
        QVERIFY(earlier_rows > 0);
        QVERIFY(disk.set_read_only(true, "size=4m"));
        // Opening may fail (SQLite cannot make its WAL index) or succeed and fail at the first
        // write: either way the run goes on and says why.
        StoredRun run;
        try {
            RunStore store(path);
            run = run_into(&store);
            QVERIFY2(run.store_error.find("read-only") != std::string::npos ||
                         run.store_error.find("readonly") != std::string::npos,
                     run.store_error.c_str());
        } catch (const std::runtime_error& e) {
            QVERIFY2(std::string(e.what()).find("read-only") != std::string::npos, e.what());
            run = run_into(nullptr);
        }
        QVERIFY(run.summary["requests"].get<std::uint64_t>() > 0);
        QVERIFY(disk.set_read_only(false, "size=4m"));
        RunStore store(path);
        QCOMPARE(store.load_series(earlier).rows.size(), earlier_rows);
        QVERIFY(run_into(&store).store_error.empty());
    }

    void full_disk_keeps_the_run_and_earlier_runs() {
        QTemporaryDir dir;
        SmallDisk disk(dir.path().toStdString(), "size=1m");
        const std::string path = dir.path().toStdString() + "/runs.sqlite3";
        const std::string filler = dir.path().toStdString() + "/filler";
        std::int64_t earlier = 0;
        std::size_t earlier_rows = 0;
        {
            RunStore store(path);
            earlier = run_into(&store).id;
            earlier_rows = store.load_series(earlier).rows.size();
            QVERIFY(earlier_rows > 0);
            if (disk.mounted()) {
                fill_disk(filler);
            } else {
                store.limit_pages(1);  // no bigger than it is now: the next page it needs is refused
            }
            // 30 s of rows do not fit: the run finishes whole in memory and says what was not kept.
            const StoredRun full = run_into(&store, 30);
            QVERIFY2(full.store_error.find("disk is full") != std::string::npos, full.store_error.c_str());
            QVERIFY(has_event(full.events, "run store error"));
            QVERIFY(full.summary["requests"].get<std::uint64_t>() > 0);
            QCOMPARE(store.load_series(earlier).rows.size(), earlier_rows);
        }
        // The next start, with space again, opens the same file with the earlier run in it.
        std::filesystem::remove(filler);
        RunStore store(path);
        QCOMPARE(store.load_series(earlier).rows.size(), earlier_rows);
        QCOMPARE(store.load_run(earlier)->status, std::string("finished"));
        const StoredRun next = run_into(&store);
        QVERIFY2(next.store_error.empty(), next.store_error.c_str());
        QVERIFY(!store.load_series(next.id).rows.empty());
    }

    void damaged_file_is_left_alone_and_said_so() {
        QTemporaryDir dir;
        const QString path = dir.path() + "/runs.sqlite3";
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            for (int i = 0; i < 512; ++i) f.write("this is not a SQLite database. ");
        }
        const QByteArray before = file_bytes(path);
        try {
            RunStore store(path.toStdString());
            QFAIL("a damaged store opened");
        } catch (const std::runtime_error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find(path.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find("not a database") != std::string::npos && what.find("move it aside") != std::string::npos,
                     e.what());
        }
        const CliResult r = cli_run(path, dir.path() + "/report");
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains("run not recorded") && r.err.contains("move it aside"), qPrintable(r.err));
        QVERIFY(QFile::exists(dir.path() + "/report/summary.json"));
        QCOMPARE(file_bytes(path), before);  // nothing of it was overwritten
        // What the message says to do works: moved aside, the next start makes a new store.
        QVERIFY(QFile::rename(path, path + ".damaged"));
        RunStore store(path.toStdString());
        QVERIFY(store.list_runs().empty());
        QVERIFY(run_into(&store).store_error.empty());
    }
};

QTEST_GUILESS_MAIN(TestRunStoreFaults)
#include "test_run_store_faults.moc"
