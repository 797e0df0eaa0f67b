// archlab-cli as a person uses it: exit codes and one clear line for every bad input,
// and a short real run that writes its report.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args, int timeout_ms = 120000, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(ARCHLAB_CLI_PATH, args);
    p.waitForFinished(timeout_ms);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void bad_input_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("words");
        const QStringList run = {"run", "queueing", "--no-store", "--no-charts", "--duration", "1s"};
        QTest::newRow("unknown lab") << QStringList{"run", "nosuch"} << QStringList{"unknown lab 'nosuch'", "queueing"};
        QTest::newRow("describe unknown lab") << QStringList{"describe", "nosuch"} << QStringList{"unknown lab 'nosuch'"};
        QTest::newRow("unknown knob") << (run + QStringList{"--set", "wrokers=4"}) << QStringList{"wrokers", "workers"};
        QTest::newRow("set without =") << (run + QStringList{"--set", "workers"}) << QStringList{"KNOB=VALUE"};
        QTest::newRow("wrong type") << (run + QStringList{"--set", "workers=abc"}) << QStringList{"workers", "abc"};
        QTest::newRow("out of range") << (run + QStringList{"--set", "workers=0"}) << QStringList{"workers", "200"};
        QTest::newRow("double out of range") << (run + QStringList{"--set", "arrival_rps=-5"}) << QStringList{"arrival_rps", "-5"};
        QTest::newRow("bad enum") << (run + QStringList{"--set", "dispatch=fastest"}) << QStringList{"dispatch", "fastest", "shared-queue"};
        QTest::newRow("bad bool") << (run + QStringList{"--set", "db_lock=maybe"}) << QStringList{"db_lock", "maybe"};
        const QStringList lb = {"run", "load-balancing", "--no-store", "--no-charts", "--duration", "1s"};
        QTest::newRow("bad weight item") << (lb + QStringList{"--set", "weights=5,1,x,1"})
                                         << QStringList{"weights", "5,1,x,1", "item 3 'x'"};
        QTest::newRow("weights count") << (lb + QStringList{"--set", "nodes=3", "--set", "weights=5,1,1,2"})
                                       << QStringList{"weights", "4 weights for 3 nodes"};
        QTest::newRow("bad fault time") << (run + QStringList{"--fault", "5x:kill:worker-2"}) << QStringList{"5x"};
        QTest::newRow("bad fault action") << (run + QStringList{"--fault", "5s:explode:db"}) << QStringList{"explode"};
        QTest::newRow("fault on unknown node") << (run + QStringList{"--fault", "1s:kill:worker-9"}) << QStringList{"worker-9", "worker-1"};
        QTest::newRow("duration without unit") << QStringList{"run", "queueing", "--no-store", "--duration", "10"}
                                               << QStringList{"10", "unit"};
        QTest::newRow("unreadable scenario") << QStringList{"run", "/nonexistent/scenario.json"} << QStringList{"/nonexistent/scenario.json"};
        QTest::newRow("unknown subcommand") << QStringList{"fly"} << QStringList{"fly"};
    }
    void bad_input() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, words);
        const Result r = cli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
        for (const QString& w : words) QVERIFY2(r.err.contains(w), qPrintable(r.err + " lacks " + w));
    }

    void malformed_scenario_names_line_and_column() {
        const QString path = dir_.filePath("bad.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"lab\": \"queueing\",\n  \"seed\": 1,,\n}\n");
        f.close();
        const Result r = cli({"run", path});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(path + ":3:"), qPrintable(r.err));
    }

    void scenario_with_bad_knob_names_the_file() {
        const QString path = dir_.filePath("knob.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"lab": "queueing", "settings": {"workers": 999}})");
        f.close();
        const Result r = cli({"run", path});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("knob.json") && r.err.contains("workers"), qPrintable(r.err));
    }

    void out_of_range_numbers_in_a_scenario_are_bad_input_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("where");  // LINE:COL after the file name
        QTest::addColumn<QString>("field");
        QTest::newRow("seed 1e999") << R"({"lab": "queueing", "seed": 1e999})" << "1:29" << "field 'seed'";
        QTest::newRow("duration 1e300") << "{\"lab\": \"queueing\",\n \"duration\": 1e300}" << "2:14" << "field 'duration'";
        QTest::newRow("knob 1e300") << R"({"lab": "queueing", "settings": {"workers": 1e300}})" << "1:45" << "knob 'workers'";
        QTest::newRow("fault at 1e999") << R"({"lab": "queueing", "faults": [{"at": 1e999, "action": "kill", "target": "db"}]})"
                                        << "1:39" << "fault 1 field 'at'";
    }
    void out_of_range_numbers_in_a_scenario_are_bad_input() {
        QFETCH(QString, text);
        QFETCH(QString, where);
        QFETCH(QString, field);
        const QString path = dir_.filePath("range.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
        f.close();
        const Result r = cli({"run", path, "--no-store"});
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains(path + ":" + where + ": ") && r.err.contains(field), qPrintable(r.err));
    }

    void list_and_describe() {
        const Result l = cli({"list"});
        QCOMPARE(l.code, 0);
        QVERIFY(l.out.contains("queueing"));
        const Result d = cli({"describe", "queueing", "--json"});
        QCOMPARE(d.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(d.out.toUtf8()).object();
        QStringList names;
        for (const auto& k : o["knobs"].toArray()) names << k.toObject()["name"].toString();
        for (const char* want : {"arrival_rps", "service_ms", "service_dist", "workers", "threads_per_worker", "dispatch",
                                 "db_lock", "db_batch", "log_mode", "compression", "payload_bytes", "static_cache"}) {
            QVERIFY2(names.contains(want), want);
        }
        const Result lb = cli({"describe", "load-balancing", "--json"});
        QCOMPARE(lb.code, 0);
        for (const auto& k : QJsonDocument::fromJson(lb.out.toUtf8()).object()["knobs"].toArray()) {
            if (k.toObject()["name"].toString() != "weights") continue;
            QCOMPARE(k.toObject()["type"].toString(), QStringLiteral("text"));
            QCOMPARE(k.toObject()["default"].toString(), QStringLiteral("equal"));
            QVERIFY2(k.toObject()["range"].toString().contains("5,1,1,2"), qPrintable(lb.out));
        }
        QVERIFY(lb.out.contains("\"weights\""));
    }

    void short_run_writes_report() {
        const QString out = dir_.filePath("report");
        const Result r = cli({"run", "queueing", "--set", "arrival_rps=300", "--duration", "2s", "--seed", "3", "--out",
                              out, "--store", dir_.filePath("store.sqlite3"), "--fault", "1s:slow:db"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile sf(out + "/summary.json");
        QVERIFY(sf.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(sf.readAll()).object();
        for (const char* key : {"lab", "seed", "duration_s", "settings", "requests", "errors", "throughput_rps",
                                "latency_ms", "predicted_latency_ms", "utilisation", "service_ms_measured"}) {
            QVERIFY2(s.contains(key), key);
        }
        QCOMPARE(s["lab"].toString(), QString("queueing"));
        QCOMPARE(s["seed"].toInt(), 3);
        QVERIFY(s["requests"].toDouble() > 100);
        for (const char* key : {"mean", "p50", "p95", "p99", "max"}) QVERIFY(s["latency_ms"].toObject().contains(key));
        QVERIFY(s["predicted_latency_ms"].toObject().contains("mean"));
        QCOMPARE(s["faults"].toArray().size(), 1);
        QFile csv(out + "/series.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().count('\n') >= 5);  // header + at least 4 samples at 4 Hz
        QVERIFY(QFile::exists(out + "/chart-latency.png"));
        QVERIFY(r.out.contains("recorded as run #"));
    }

    void a_run_that_shed_jobs_says_where() {
        // A database queue of one at 100 orders/s: the printed summary names the nodes that shed.
        const Result r = cli({"run", "transactions", "--time", "virtual", "--duration", "3s", "--set", "db_queue_limit=1",
                              "--set", "db_ms=2", "--out", dir_.filePath("shed"), "--store", dir_.filePath("store.sqlite3")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("jobs shed (job queue full): "), qPrintable(r.out));
    }

    void shipped_scenarios_run_by_name() {
        // This build is not installed: the scenarios built into it, listed and found by name.
        QProcessEnvironment plain = QProcessEnvironment::systemEnvironment();
        plain.remove(QStringLiteral("ARCHLAB_SCENARIOS"));
        const Result built_in = cli({"scenarios", "caching"}, 120000, plain);
        QCOMPARE(built_in.code, 0);
        QVERIFY2(built_in.out.contains("caching-guided-ttl-stale") && built_in.out.contains("TTL against invalidation"),
                 qPrintable(built_in.out));
        QVERIFY(!built_in.out.contains("queueing-knee"));   // another lab's
        // Found by name (with or without .json): its three steps are checked before it runs.
        for (const char* name : {"caching-guided-ttl-stale", "caching-guided-ttl-stale.json"}) {
            const Result r = cli({"run", name, "--no-store", "--answer", "9=1"}, 120000, plain);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("the scenario has 3 steps"), qPrintable(r.err));
        }
        const Result unknown = cli({"run", "no-such-scenario", "--no-store"}, 120000, plain);
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains("archlab-cli scenarios"), qPrintable(unknown.err));

        // An installed folder (as share/archlab/scenarios, here through ARCHLAB_SCENARIOS) wins.
        QVERIFY(QDir(dir_.path()).mkpath("scenarios"));
        QFile tiny(dir_.filePath("scenarios/tiny-queue.json"));
        QVERIFY(tiny.open(QIODevice::WriteOnly));
        tiny.write(R"({"lab": "queueing", "seed": 5, "duration": "1s", "settings": {"arrival_rps": 200}})");
        tiny.close();
        QProcessEnvironment installed = plain;
        installed.insert(QStringLiteral("ARCHLAB_SCENARIOS"), dir_.filePath("scenarios"));
        const Result listed = cli({"scenarios"}, 120000, installed);
        QVERIFY2(listed.out.contains(dir_.filePath("scenarios")) && listed.out.contains("tiny-queue"), qPrintable(listed.out));
        const QString out = dir_.filePath("tiny-report");
        const Result run = cli({"run", "tiny-queue", "--time", "virtual", "--no-store", "--no-charts", "--out", out}, 120000, installed);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QFile sf(out + "/summary.json");
        QVERIFY(sf.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(sf.readAll()).object();
        QCOMPARE(s["seed"].toInt(), 5);
        QCOMPARE(s["duration_s"].toDouble(), 1.0);
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
