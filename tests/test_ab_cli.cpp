// archlab-cli ab: two variants of a lab in virtual time print both sides' headline figures and
// their difference; the fingerprints are those of solo `run`s with the same knobs, and the same
// on repeat; --out writes ab.json with both sides' reports; bad input gets one clear line.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args, int timeout_ms = 180000) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, args);
    p.waitForFinished(timeout_ms);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

const QStringList kCommon = {"--time", "virtual", "--duration", "3s", "--seed", "5", "--fault", "1.5s:kill:app-2", "--no-store"};

/// The output without the event log's lines ("[2026-...] [warning] fault at ..."), which carry wall-clock stamps.
QString without_log(const QString& out) {
    QStringList kept;
    for (const QString& line : out.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char('['))) kept << line;
    }
    return kept.join(QLatin1Char('\n'));
}

QString solo_fingerprint(const QStringList& sets, const QString& out_dir) {
    const Result r = cli(QStringList{"run", "caching", "--no-charts", "--out", out_dir} + kCommon + sets);
    const QRegularExpressionMatch m = QRegularExpression(QStringLiteral("fingerprint: ([0-9a-f]{16})")).match(r.out);
    return r.code == 0 && m.hasMatch() ? m.captured(1) : QStringLiteral("run failed: ") + r.err;
}
}  // namespace

class TestAbCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void prints_both_sides_and_the_difference() {
        const QString out = dir_.filePath(QStringLiteral("ab"));
        const Result r = cli(QStringList{"ab", "caching", "--b", "policy=lfu", "--out", out} + kCommon);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("A: policy=lru")) && r.err.contains(QStringLiteral("B: policy=lfu")), qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("virtual time: A and B are paced together")), qPrintable(r.out));
        // The table: a header naming both variants, then a row per figure with A, B and B - A.
        QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("A \\(policy=lru\\) +B \\(policy=lfu\\) +B - A"))), qPrintable(r.out));
        for (const char* row : {"throughput", "error rate", "latency p99", "latency mean", "hit ratio", "stale reads"}) {
            QVERIFY2(r.out.contains(QRegularExpression(QStringLiteral("^%1 +\\S").arg(QLatin1String(row)),
                                                       QRegularExpression::MultilineOption)),
                     row);
        }
        QVERIFY(r.out.contains(QRegularExpression(QStringLiteral("^throughput .* req/s .* req/s +[+-]"), QRegularExpression::MultilineOption)));

        const QRegularExpressionMatch fp =
            QRegularExpression(QStringLiteral("fingerprint A: ([0-9a-f]{16})  B: ([0-9a-f]{16})")).match(r.out);
        QVERIFY2(fp.hasMatch(), qPrintable(r.out));
        QVERIFY(fp.captured(1) != fp.captured(2));
        QCOMPARE(fp.captured(1), solo_fingerprint({}, dir_.filePath(QStringLiteral("solo-a"))));
        QCOMPARE(fp.captured(2), solo_fingerprint({"--set", "policy=lfu"}, dir_.filePath(QStringLiteral("solo-b"))));

        // The same pair again: the same output, figure for figure.
        const Result again = cli(QStringList{"ab", "caching", "--b", "policy=lfu"} + kCommon);
        QCOMPARE(again.code, 0);
        QCOMPARE(without_log(again.out), without_log(r.out.left(r.out.indexOf(QStringLiteral("report: ")))));

        QFile f(out + QStringLiteral("/ab.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject ab = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(ab.value(QStringLiteral("differs")).toArray().first().toString(), QStringLiteral("policy"));
        QCOMPARE(ab.value(QStringLiteral("b")).toObject().value(QStringLiteral("variant")).toString(), QStringLiteral("policy=lfu"));
        const QJsonArray figures = ab.value(QStringLiteral("figures")).toArray();
        QVERIFY(figures.size() >= 4);
        const QJsonObject first = figures.first().toObject();
        QCOMPARE(first.value(QStringLiteral("key")).toString(), QStringLiteral("throughput_rps"));
        QCOMPARE(first.value(QStringLiteral("delta")).toDouble(),
                 first.value(QStringLiteral("b")).toDouble() - first.value(QStringLiteral("a")).toDouble());
        for (const char* side : {"/A/summary.json", "/B/summary.json", "/A/series.csv", "/B/series.csv"}) {
            QVERIFY2(QFile::exists(out + QLatin1String(side)), side);
        }
    }

    void a_and_b_options_set_one_side_each() {
        const Result r = cli(QStringList{"ab", "caching", "--a", "policy=fifo", "--b", "policy=lfu", "--time", "virtual", "--duration", "1s", "--no-store"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("A (policy=fifo)")) && r.out.contains(QStringLiteral("B (policy=lfu)")), qPrintable(r.out));
    }

    void bad_input_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("words");
        const QStringList base = {"ab", "caching", "--time", "virtual", "--duration", "1s", "--no-store"};
        QTest::newRow("no --b") << base << QStringLiteral("--b KNOB=VALUE");
        QTest::newRow("same knobs") << (base + QStringList{"--b", "policy=lru"}) << QStringLiteral("same knobs as A");
        QTest::newRow("b without =") << (base + QStringList{"--b", "policy"}) << QStringLiteral("--b 'policy': expected KNOB=VALUE");
        QTest::newRow("unknown knob") << (base + QStringList{"--b", "polcy=lfu"}) << QStringLiteral("polcy");
        QTest::newRow("bad value") << (base + QStringList{"--b", "policy=best"}) << QStringLiteral("best");
        QTest::newRow("unknown lab") << QStringList{"ab", "nosuch", "--b", "x=1"} << QStringLiteral("unknown lab 'nosuch'");
    }

    void bad_input() {
        QFETCH(QStringList, args);
        QFETCH(QString, words);
        const Result r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(words), qPrintable(r.err));
        QCOMPARE(r.err.count(QLatin1Char('\n')), 1);  // one line
    }

private:
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestAbCli)
#include "test_ab_cli.moc"
