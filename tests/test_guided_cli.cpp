// `archlab-cli run GUIDED.json`: every step played headless in virtual time, each question
// printed with its measured value and the guess given with --answer, and written to
// summary.json's "guide" (the shape the run report shows); malformed steps and answers are
// bad input (exit 2, one line, FILE:LINE:COL for the file).
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args, int timeout_ms = 240000) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, args);
    p.waitForFinished(timeout_ms);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

const QString kKnee = QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios/queueing-guided-knee.json");
}  // namespace

class TestGuidedCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void plays_every_step_and_prints_each_answer() {
        const QString out = dir_.filePath("knee");
        const Result r = cli({"run", kKnee, "--answer", "1=3", "--answer", "3=20", "--out", out, "--no-store", "--no-charts"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("virtual time"), qPrintable(r.err));  // guided scenarios default to virtual time
        QVERIFY2(r.out.contains("guided scenario: The queueing knee"), qPrintable(r.out));
        QCOMPARE(r.out.count("question: "), 3);
        QCOMPARE(r.out.count("measured: "), 3);
        QCOMPARE(r.out.count("guess:    "), 2);  // step 2 was not answered
        QVERIFY(r.out.contains("guess:    3.00 ms"));
        QVERIFY(r.out.contains("step 3 (16s-26s) Ninety percent"));

        QFile f(out + "/summary.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject s = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(s["time_mode"].toString(), QStringLiteral("virtual"));
        QCOMPARE(s["duration_s"].toDouble(), 26.0);
        const QJsonObject guide = s["guide"].toObject();
        QCOMPARE(guide["title"].toString(), QStringLiteral("The queueing knee"));
        const QJsonArray steps = guide["steps"].toArray();
        QCOMPARE(steps.size(), 3);
        const QJsonObject q1 = steps[0].toObject();
        QCOMPARE(q1["question"].toString(), QStringLiteral("What is the mean latency at utilisation 0.5?"));
        QCOMPARE(q1["unit"].toString(), QStringLiteral("ms"));
        QCOMPARE(q1["guess"].toDouble(), 3.0);
        QVERIFY(!q1["why"].toString().isEmpty());
        const double mean_half = q1["measured"].toDouble();
        const double mean_busy = steps[1].toObject()["measured"].toDouble();
        // The knee: 2 ms of work at utilisation 0.5 and 0.7 (M/M/4: 2.2 and 2.7 ms).
        QVERIFY2(mean_half > 2.0 && mean_half < 2.5, qPrintable(QString::number(mean_half)));
        QVERIFY2(mean_busy > mean_half && mean_busy < 3.2, qPrintable(QString::number(mean_busy)));
        QVERIFY(!steps[1].toObject().contains("guess"));
        QVERIFY(r.out.contains(QString("measured: %1 ms").arg(mean_half, 0, 'f', 2)));
    }

    void bad_steps_and_answers_are_bad_input_data() {
        QTest::addColumn<QString>("text");      // scenario file, "" for the knee
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        QTest::newRow("bad aggregate")
            << "{\"lab\": \"queueing\", \"title\": \"T\",\n \"steps\": [{\"title\": \"a\", \"duration\": \"2s\",\n"
               "   \"question\": {\"ask\": \"?\", \"why\": \"w\", \"range\": [0, 1], \"figure\": {\"series\": \"x\", \"aggregate\": \"median\"}}}]}"
            << QStringList{} << ":3:97: figure field 'aggregate' must be mean, max, min or last";
        QTest::newRow("column the lab lacks")
            << "{\"lab\": \"queueing\", \"title\": \"T\",\n \"steps\": [{\"title\": \"a\", \"duration\": \"2s\",\n"
               "   \"question\": {\"ask\": \"?\", \"why\": \"w\", \"range\": [0, 1], \"figure\": {\"series\": \"latency_mean\"}}}]}"
            << QStringList{} << ":3:16: question: this lab's series has no column 'latency_mean'";
        QTest::newRow("not a live knob")
            << "{\"lab\": \"queueing\", \"title\": \"T\",\n \"steps\": [{\"title\": \"a\", \"duration\": \"1s\"},\n"
               " {\"title\": \"b\", \"duration\": \"1s\", \"set\": {\"workers\": 2}}]}"
            << QStringList{} << ":3:54: step 2: knob 'workers' cannot change while a run goes";
        QTest::newRow("no such step") << "" << QStringList{"--answer", "4=1"} << "--answer '4=1': the scenario has 3 steps";
        QTest::newRow("guess out of range") << "" << QStringList{"--answer", "1=999"}
                                            << "--answer '1=999': guess '999': out of the question's range 0 to 50 ms";
        QTest::newRow("not STEP=VALUE") << "" << QStringList{"--answer", "one=2"} << "expected STEP=VALUE";
        QTest::newRow("duration") << "" << QStringList{"--duration", "5s"} << "--duration: a guided scenario lasts as long as its steps";
    }
    void bad_steps_and_answers_are_bad_input() {
        QFETCH(QString, text);
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        QString path = kKnee;
        if (!text.isEmpty()) {
            path = dir_.filePath("bad.json");
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(text.toUtf8());
        }
        const Result r = cli(QStringList{"run", path, "--no-store", "--no-charts", "--out", dir_.filePath("bad")} + args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains(words), qPrintable(r.err + "\n  lacks: " + words));
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestGuidedCli)
#include "test_guided_cli.moc"
