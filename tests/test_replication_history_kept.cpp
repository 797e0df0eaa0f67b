// A replication run's operation history outlives the run: recorded in a run store, the history
// the lab wrote into the run's data folder (removed with the run) is kept beside the store in
// histories/, named by the run's id, and the stored summary names the kept file; a bundle of the
// run carries it as history.edn, and importing the bundle keeps it beside the importing store.
// Virtual time, deterministic.
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/bundle/bundle_io.h"
#include "core/bundle/bundle_store.h"
#include "core/bundle/zip_archive.h"
#include "core/store/run_store.h"
#include "lab_runs.h"

using namespace archlab;
using lab_test::registry;
namespace fs = std::filesystem;

namespace {

std::string file_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

class TestReplicationHistoryKept : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<RunStore> store_;
    std::int64_t id_ = 0;
    nlohmann::json summary_;   ///< the controller's summary of the run

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        store_ = std::make_unique<RunStore>((dir_.path() + "/runs.sqlite3").toStdString());
        {
            RunController run(lab_test::request("replication", {{"replication", "async"}}, 3.0, {"2s:kill:primary"}), store_.get());
            run.start();
            run.wait();
            id_ = run.run_id();
            summary_ = run.summary();
        }  // the controller, and the run's data folder with it, is gone
        QVERIFY(id_ > 0);
    }

    void the_history_is_kept_beside_the_store_by_run_id() {
        QVERIFY(summary_.contains("history") && summary_["history"].is_string());
        const std::string kept = summary_["history"].get<std::string>();
        const fs::path expected = fs::path(dir_.path().toStdString()) / "histories" / ("runs-" + std::to_string(id_) + ".edn");
        QCOMPARE(fs::path(kept).lexically_normal(), fs::absolute(expected).lexically_normal());
        QVERIFY2(fs::exists(kept), kept.c_str());
        QVERIFY(file_text(kept).starts_with("{:process"));
        // The stored summary names the same file (the History page, an export).
        const std::optional<RunRecord> rec = store_->load_run(id_);
        QVERIFY(rec);
        QCOMPARE(rec->summary.value("history", std::string()), kept);
    }

    void a_bundle_carries_the_history_and_an_import_keeps_it() {
        try {
            bundle_round_trip();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

private:
    void bundle_round_trip() {
        const std::string kept = summary_["history"].get<std::string>();
        RunBundle bundle;
        bundle.created_by = bundle_creator();
        bundle.runs.push_back(bundled_run_from_store(*store_, id_, registry()));
        QCOMPARE(bundle.runs[0].record.summary.value("history", std::string()), std::string("history.edn"));
        const std::string path = (dir_.path() + "/repl.archlab").toStdString();
        write_bundle(bundle, path);
        const std::optional<std::string> in_zip = ZipReader(read_file_bytes(path), "repl.archlab").read("run-1/history.edn");
        QVERIFY(in_zip);
        QCOMPARE(*in_zip, file_text(kept));

        QVERIFY(QDir(dir_.path()).mkpath("elsewhere"));
        RunStore there((dir_.path() + "/elsewhere/other.sqlite3").toStdString());
        const std::int64_t id = import_bundle(there, read_bundle(path), "repl.archlab").front();
        const std::string imported = there.load_run(id)->summary.value("history", std::string());
        QCOMPARE(fs::path(imported).filename().string(), "other-" + std::to_string(id) + ".edn");
        QCOMPARE(fs::path(imported).parent_path().filename().string(), std::string("histories"));
        QCOMPARE(file_text(imported), file_text(kept));
    }
};

QTEST_GUILESS_MAIN(TestReplicationHistoryKept)
#include "test_replication_history_kept.moc"
