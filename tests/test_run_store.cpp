// The run store: a run reads back exactly (settings, faults, series, summary); runs list newest
// first; and a process killed with SIGKILL in the middle of writing leaves a database that opens
// cleanly, passes integrity_check, keeps every flushed row and marks the run interrupted.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "core/store/run_store.h"
#include "core/store/run_store_schema.h"

using namespace archlab;

namespace {
/// Row i of a test series: t = i/4 s, values i, -i/2 and NaN every tenth row.
SeriesRow test_row(int i) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return SeriesRow{i * 0.25, {double(i), -i / 2.0, i % 10 == 0 ? nan : i * 1e-3}};
}

std::vector<SeriesRow> test_rows(int from, int count) {
    std::vector<SeriesRow> rows;
    for (int i = from; i < from + count; ++i) rows.push_back(test_row(i));
    return rows;
}

/// One value from SQL run directly against the file ("" on error).
std::string sql_value(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
            if (const unsigned char* t = sqlite3_column_text(st, 0)) out = reinterpret_cast<const char*>(t);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close_v2(db);
    return out;
}

QString error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

const std::vector<std::string> kColumns = {"throughput_rps", "latency_p99_ms", "errors"};
}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void run_round_trip() {
        const std::string path = db_path("round.sqlite3");
        const nlohmann::json settings = {{"workers", 4}, {"dispatch", "round-robin"}, {"db_lock", false}, {"service_ms", 2.5}};
        const nlohmann::json summary = {{"requests", 12345}, {"latency_ms", {{"p99", 7.5}}}};
        const std::uint64_t seed = (std::uint64_t{1} << 63) + 5;  // beyond int64: stored bit for bit
        std::int64_t id = 0;
        {
            RunStore store(path);
            id = store.begin_run("queueing", seed, settings, kColumns);
            QVERIFY(id > 0);
            store.add_fault(id, {5.0, "kill", "worker-2", ""});
            store.add_fault(id, {2.5, "delay", "lb->worker-1", "5ms"});
            for (int chunk = 0; chunk < 10; ++chunk) {
                store.add_rows(id, test_rows(chunk * 100, 100));
                store.flush();
            }
            const auto running = store.load_run(id);
            QVERIFY(running);
            QCOMPARE(running->status, std::string("running"));
            QVERIFY(running->summary.is_null());
            store.finish_run(id, "finished", 12.5, summary);
        }
        RunStore store(path);
        QCOMPARE(store.interrupted_on_open(), 0);
        const auto run = store.load_run(id);
        QVERIFY(run);
        QCOMPARE(run->id, id);
        QCOMPARE(run->lab, std::string("queueing"));
        QCOMPARE(run->seed, seed);
        QCOMPARE(run->status, std::string("finished"));
        QCOMPARE(run->duration_s, 12.5);
        QVERIFY2(run->settings == settings, run->settings.dump().c_str());
        QVERIFY2(run->summary == summary, run->summary.dump().c_str());
        QVERIFY2(QRegularExpression(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$)").match(QString::fromStdString(run->started_at)).hasMatch(),
                 run->started_at.c_str());

        const SeriesSnapshot series = store.load_series(id);
        QCOMPARE(series.columns, kColumns);
        QCOMPARE(series.rows.size(), std::size_t{1000});
        for (int i = 0; i < 1000; ++i) {
            const SeriesRow want = test_row(i);
            const SeriesRow& got = series.rows[static_cast<std::size_t>(i)];
            QCOMPARE(got.t_s, want.t_s);
            QCOMPARE(got.values.size(), want.values.size());
            for (std::size_t c = 0; c < want.values.size(); ++c) {
                if (std::isnan(want.values[c])) QVERIFY(std::isnan(got.values[c]));
                else QCOMPARE(got.values[c], want.values[c]);
            }
        }
        const auto faults = store.load_faults(id);  // in time order
        QCOMPARE(faults.size(), std::size_t{2});
        QCOMPARE(faults[0].at_s, 2.5);
        QCOMPARE(faults[0].action, std::string("delay"));
        QCOMPARE(faults[0].target, std::string("lb->worker-1"));
        QCOMPARE(faults[0].value, std::string("5ms"));
        QCOMPARE(faults[1].action, std::string("kill"));
        QVERIFY(!store.load_run(id + 100));
        QVERIFY(store.load_series(id + 100).rows.empty());
    }

    void topology_round_trip() {
        const std::string path = db_path("topology.sqlite3");
        const std::vector<TopologyNodeName> nodes = {{"client", "client"}, {"lb", "lb"}, {"worker-1", "worker"}, {"db", "db"}};
        std::vector<TopologyRow> rows;
        for (int i = 0; i < 40; ++i) {
            std::string states = "uuuu";
            if (i >= 20) states[2] = 'd';
            rows.push_back({0.25 * (i + 1), states,
                            encode_links({{0, 1, std::uint64_t(10 * i), 0, 0}, {1, 2, std::uint64_t(9 * i), std::uint64_t(i / 4), static_cast<std::uint8_t>(i >= 20 ? kLinkLoses : 0)}})});
        }
        std::int64_t id = 0, other = 0;
        {
            RunStore store(path);
            id = store.begin_run("queueing", 1, nlohmann::json::object(), kColumns);
            other = store.begin_run("queueing", 2, nlohmann::json::object(), kColumns);
            store.set_nodes(id, nodes);
            // Committed with the series rows, in the same flushes.
            store.add_rows(id, test_rows(0, 30));
            store.add_topology(id, {rows.begin(), rows.begin() + 30});
            store.add_topology(other, {rows.front()});
            QVERIFY(store.load_topology(id).rows.empty());  // buffered until the flush
            store.flush();
            QCOMPARE(store.load_topology(id).rows.size(), std::size_t{30});
            store.add_rows(id, test_rows(30, 10));
            store.add_topology(id, {rows.begin() + 30, rows.end()});
            store.finish_run(id, "finished", 10.0, nlohmann::json::object());
        }
        RunStore store(path);
        const StoredTopology t = store.load_topology(id);
        QCOMPARE(t.nodes.size(), nodes.size());
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            QCOMPARE(t.nodes[i].name, nodes[i].name);
            QCOMPARE(t.nodes[i].kind, nodes[i].kind);
        }
        QCOMPARE(t.rows.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(t.rows[i].t_s, rows[i].t_s);
            QCOMPARE(t.rows[i].states, rows[i].states);
            QCOMPARE(t.rows[i].links, rows[i].links);
        }
        QCOMPARE(store.load_topology(other).rows.size(), std::size_t{1});
        QVERIFY(store.load_topology(other).nodes.empty());  // set_nodes was not called for it
        QVERIFY(store.load_topology(id + 100).rows.empty());
        QVERIFY(store.delete_run(id));
        QVERIFY(store.load_topology(id).rows.empty());
        QCOMPARE(sql_value(path, "SELECT count(*) FROM topology WHERE run_id = " + std::to_string(id)), std::string("0"));
    }

    void migrates_a_version_1_store() {
        // A store written before topology was recorded: schema 1 with one finished run.
        const std::string path = db_path("v1.sqlite3");
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            const std::string v1 = run_store_migrations().at(0) +
                                   "INSERT INTO runs(lab, seed, started_at, duration_s, status, settings_json, summary_json, columns_json) "
                                   "VALUES('queueing', 3, '2024-01-01T00:00:00Z', 1.0, 'finished', '{}', '{\"requests\": 5}', '[\"a\"]');"
                                   "INSERT INTO samples(run_id, row, t_s, vals) VALUES(1, 0, 0.25, zeroblob(8));"
                                   "PRAGMA user_version = 1;";
            char* err = nullptr;
            const int rc = sqlite3_exec(db, v1.c_str(), nullptr, nullptr, &err);
            QVERIFY2(rc == SQLITE_OK, err ? err : "");
            sqlite3_close(db);
        }
        RunStore store(path);
        QCOMPARE(sql_value(path, "PRAGMA user_version"), std::to_string(run_store_migrations().size()));
        const auto old = store.load_run(1);
        QVERIFY(old);
        QCOMPARE(old->summary["requests"].get<int>(), 5);
        QCOMPARE(store.load_series(1).rows.size(), std::size_t{1});
        const StoredTopology none = store.load_topology(1);  // recorded before topology was kept
        QVERIFY(none.nodes.empty() && none.rows.empty());
        // New runs in the migrated store record topology.
        const auto id = store.begin_run("queueing", 4, nlohmann::json::object(), kColumns);
        store.set_nodes(id, {{"client", "client"}});
        store.add_rows(id, test_rows(0, 1));
        store.add_topology(id, {TopologyRow{0.25, "d", encode_links({{0, 0, 1, 0, 0}})}});
        store.finish_run(id, "finished", 0.25, nlohmann::json::object());
        QCOMPARE(store.load_topology(id).nodes.size(), std::size_t{1});
        QCOMPARE(store.load_topology(id).rows.at(0).states, std::string("d"));
        QCOMPARE(sql_value(path, "PRAGMA integrity_check"), std::string("ok"));
    }

    void database_settings() {
        const std::string path = db_path("pragmas.sqlite3");
        RunStore store(path);
        QCOMPARE(sql_value(path, "PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(sql_value(path, "PRAGMA user_version"), std::to_string(run_store_migrations().size()));
        QCOMPARE(sql_value(path, "SELECT count(*) FROM sqlite_master WHERE name IN ('runs', 'samples', 'faults', 'topology')"),
                 std::string("4"));
    }

    void list_runs_newest_first() {
        RunStore store(db_path("list.sqlite3"));
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 4; ++i) {
            ids.push_back(store.begin_run("lab" + std::to_string(i), std::uint64_t(i), nlohmann::json::object(), kColumns));
            store.finish_run(ids.back(), "finished", 1.0, {{"i", i}});
        }
        const auto all = store.list_runs();
        QCOMPARE(all.size(), std::size_t{4});
        for (std::size_t i = 0; i < 4; ++i) QCOMPARE(all[i].id, ids[3 - i]);
        QCOMPARE(all[0].lab, std::string("lab3"));
        QCOMPARE(all[0].summary["i"].get<int>(), 3);
        const auto two = store.list_runs(2);
        QCOMPARE(two.size(), std::size_t{2});
        QCOMPARE(two[0].id, ids[3]);
    }

    void rows_are_committed_by_flush() {
        RunStore store(db_path("flush.sqlite3"));
        const auto id = store.begin_run("q", 1, nlohmann::json::object(), kColumns);
        store.add_rows(id, test_rows(0, 5));
        QCOMPARE(store.load_series(id).rows.size(), std::size_t{0});  // buffered, not yet written
        store.flush();
        QCOMPARE(store.load_series(id).rows.size(), std::size_t{5});
        store.add_rows(id, test_rows(5, 3));
        store.finish_run(id, "finished", 2.0, nlohmann::json::object());  // writes what is still buffered
        QCOMPARE(store.load_series(id).rows.size(), std::size_t{8});
        store.flush();  // nothing pending: a no-op
    }

    void rows_continue_after_reopen() {
        const std::string path = db_path("continue.sqlite3");
        std::int64_t id = 0;
        {
            RunStore store(path);
            id = store.begin_run("q", 1, nlohmann::json::object(), kColumns);
            store.add_rows(id, test_rows(0, 10));
        }  // closing writes what is buffered
        RunStore store(path);
        QCOMPARE(store.interrupted_on_open(), 0);  // its owner (this process) is alive
        store.add_rows(id, test_rows(10, 5));
        store.flush();
        const auto rows = store.load_series(id).rows;
        QCOMPARE(rows.size(), std::size_t{15});
        for (std::size_t i = 0; i < rows.size(); ++i) QCOMPARE(rows[i].t_s, i * 0.25);
    }

    void delete_run() {
        RunStore store(db_path("delete.sqlite3"));
        const auto keep = store.begin_run("q", 1, nlohmann::json::object(), kColumns);
        const auto gone = store.begin_run("q", 2, nlohmann::json::object(), kColumns);
        store.add_rows(gone, test_rows(0, 3));
        store.add_rows(keep, test_rows(0, 2));
        store.flush();
        store.add_fault(gone, {1.0, "kill", "db", ""});
        store.add_rows(gone, test_rows(3, 3));  // still buffered: dropped with the run
        QVERIFY(store.delete_run(gone));
        QVERIFY(!store.delete_run(gone));
        store.flush();
        QVERIFY(!store.load_run(gone));
        QVERIFY(store.load_series(gone).rows.empty());
        QVERIFY(store.load_faults(gone).empty());
        QCOMPARE(store.load_series(keep).rows.size(), std::size_t{2});
        QCOMPARE(store.list_runs().size(), std::size_t{1});
    }

    void open_errors_name_the_path() {
        const QString missing = error_of([] { RunStore s("/nonexistent/dir/runs.sqlite3"); });
        QVERIFY2(missing.contains("/nonexistent/dir/runs.sqlite3") && missing.contains("unable to open"), qPrintable(missing));
        const std::string junk = db_path("junk.sqlite3");
        QFile f(QString::fromStdString(junk));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        const QString not_db = error_of([&] { RunStore s(junk); });
        QVERIFY2(not_db.contains(QString::fromStdString(junk)) && not_db.contains("not a database"), qPrintable(not_db));
    }

    void newer_schema_is_refused() {
        const std::string path = db_path("future.sqlite3");
        { RunStore s(path); }
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(db);
        const QString msg = error_of([&] { RunStore s(path); });
        QVERIFY2(msg.contains("newer") && msg.contains(QString::fromStdString(path)), qPrintable(msg));
    }

    void default_path_follows_the_environment() {
        const QByteArray store = qgetenv("ARCHLAB_STORE"), xdg = qgetenv("XDG_DATA_HOME"), home = qgetenv("HOME");
        const QString base = dir_.filePath("env");
        qputenv("ARCHLAB_STORE", (base + "/explicit/runs.db").toUtf8());
        QCOMPARE(QString::fromStdString(RunStore::default_path()), base + "/explicit/runs.db");
        qunsetenv("ARCHLAB_STORE");
        qputenv("XDG_DATA_HOME", (base + "/xdg").toUtf8());
        QCOMPARE(QString::fromStdString(RunStore::default_path()), base + "/xdg/archlab/runs.sqlite3");
        QVERIFY(QFileInfo(base + "/xdg/archlab").isDir());  // the folder is made
        qputenv("XDG_DATA_HOME", "relative/ignored");
        qputenv("HOME", (base + "/home").toUtf8());
        QCOMPARE(QString::fromStdString(RunStore::default_path()), base + "/home/.local/share/archlab/runs.sqlite3");
        QVERIFY(QFileInfo(base + "/home/.local/share/archlab").isDir());
        const auto restore = [](const char* name, const QByteArray& v) { v.isNull() ? qunsetenv(name) : qputenv(name, v); };
        restore("ARCHLAB_STORE", store);
        restore("XDG_DATA_HOME", xdg);
        restore("HOME", home);
    }

    void survives_sigkill() {
        const std::string path = db_path("killed.sqlite3");
        constexpr int kFirst = 40;   // rows the child flushes before it reports
        constexpr int kBatch = 250;  // rows per flush afterwards
        int pipe_fds[2];
        QCOMPARE(::pipe(pipe_fds), 0);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::close(pipe_fds[0]);
            try {
                RunStore store(path);
                const auto id = store.begin_run("queueing", 3, {{"workers", 4}}, kColumns);
                store.add_fault(id, {0.5, "kill", "worker-2", ""});
                store.add_rows(id, test_rows(0, kFirst));
                store.flush();
                const std::string msg = std::to_string(id) + " " + std::to_string(kFirst) + "\n";
                if (::write(pipe_fds[1], msg.data(), msg.size()) != static_cast<ssize_t>(msg.size())) ::_exit(4);
                store.add_rows(id, test_rows(kFirst, 17));  // buffered: go in with the next flush
                for (int next = kFirst + 17;; next += kBatch) {  // then flush big batches until killed
                    store.add_rows(id, test_rows(next, kBatch));
                    store.flush();
                }
            } catch (...) {
                ::_exit(3);
            }
        }
        ::close(pipe_fds[1]);
        std::string line;  // "RUN_ID FLUSHED_ROWS\n", or nothing if the child failed
        char c = 0;
        while (::read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(pipe_fds[0]);
        long long id = 0, flushed = 0;
        const bool reported = std::sscanf(line.c_str(), "%lld %lld", &id, &flushed) == 2;
        {
            // While the child is alive and writing, opening the store leaves its run alone.
            RunStore peek(path);
            QCOMPARE(peek.interrupted_on_open(), 0);
            if (reported) QCOMPARE(peek.load_run(id)->status, std::string("running"));
        }
        ::kill(child, SIGKILL);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY2(reported, "the child did not report its flushed rows");
        QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child ended before it was killed");

        RunStore store(path);  // opens cleanly
        QCOMPARE(sql_value(path, "PRAGMA integrity_check"), std::string("ok"));
        QCOMPARE(store.interrupted_on_open(), 1);
        const auto run = store.load_run(id);
        QVERIFY(run);
        QCOMPARE(run->status, std::string("interrupted"));
        QCOMPARE(run->settings["workers"].get<int>(), 4);
        QCOMPARE(store.load_faults(id).size(), std::size_t{1});
        const SeriesSnapshot s = store.load_series(id);
        QVERIFY2(s.rows.size() >= std::size_t(flushed), qPrintable(QString::number(s.rows.size())));
        // Each flush is one transaction: beyond the reported rows there are only whole flushes
        // (the first also carries the 17 rows buffered before the loop).
        const std::size_t extra = s.rows.size() - std::size_t(flushed);
        qInfo("after SIGKILL: %zu rows kept, %lld reported flushed by the child", s.rows.size(), flushed);
        QVERIFY2(extra == 0 || (extra >= 17 + kBatch && (extra - 17 - kBatch) % kBatch == 0),
                 qPrintable(QString::number(extra)));
        for (std::size_t i = 0; i < s.rows.size(); ++i) QCOMPARE(s.rows[i].values[0], double(i));  // no torn rows
        QCOMPARE(store.list_runs().front().status, std::string("interrupted"));
        RunStore again(path);
        QCOMPARE(again.interrupted_on_open(), 0);  // marked once
    }

private:
    std::string db_path(const char* name) const { return dir_.filePath(name).toStdString(); }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestRunStore)
#include "test_run_store.moc"
