// archlab-cli's bundle commands end to end: run --bundle writes one file; report --html writes
// its self-contained report and --gif an animated GIF; import adds the run to another store,
// where run --replay reproduces it with the same fingerprint; export makes an A/B bundle of two
// stored runs; bad bundles get exit 2 and one clear line.
#include <QFile>
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

/// The number after `prefix` in text ("run #12" -> 12), -1 when absent.
int number_after(const QString& text, const QString& prefix) {
    const QRegularExpressionMatch m = QRegularExpression(QRegularExpression::escape(prefix) + QStringLiteral("(\\d+)")).match(text);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}
}  // namespace

class TestCliBundle : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString path(const char* name) const { return dir_.path() + "/" + name; }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void run_bundle_report_import_replay() {
        const Result run = cli({"run", "queueing", "--time", "virtual", "--duration", "3s", "--seed", "5", "--fault",
                                "1s:kill:worker-1", "--no-charts", "--out", path("out"), "--store", path("a.sqlite3"),
                                "--bundle", path("run.archlab")});
        QVERIFY2(run.code == 0, qPrintable(run.err + run.out));
        QVERIFY2(run.out.contains("bundle: " + path("run.archlab")), qPrintable(run.out));
        const QString fingerprint = QRegularExpression(QStringLiteral("fingerprint: ([0-9a-f]{16})")).match(run.out).captured(1);
        QVERIFY(!fingerprint.isEmpty());

        const Result report = cli({"report", path("run.archlab"), "--html", path("report.html"), "--gif", path("run.gif")});
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile html(path("report.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.startsWith("<!DOCTYPE html>"));
        QVERIFY(page.contains(fingerprint.toUtf8()));
        QVERIFY(page.contains("<svg"));
        QVERIFY(!page.contains("http:") && !page.contains("<script"));
        QFile gif(path("run.gif"));   // its frames are checked in test_view_bundle
        QVERIFY(gif.open(QIODevice::ReadOnly));
        const QByteArray gif_bytes = gif.readAll();
        QVERIFY(gif_bytes.startsWith("GIF89a"));
        QVERIFY(gif_bytes.contains("NETSCAPE2.0"));   // it loops
        QVERIFY(gif_bytes.size() > 10000);

        const Result imported = cli({"import", path("run.archlab"), "--store", path("b.sqlite3")});
        QVERIFY2(imported.code == 0, qPrintable(imported.err));
        const int id = number_after(imported.out, QStringLiteral(" as run #"));
        QVERIFY2(id > 0, qPrintable(imported.out));
        QVERIFY(imported.out.contains(QStringLiteral("archlab-cli run --replay %1").arg(id)));
        const Result replay = cli({"run", "--replay", QString::number(id), "--store", path("b.sqlite3"), "--no-charts", "--out",
                                   path("replay")});
        QVERIFY2(replay.code == 0, qPrintable(replay.err + replay.out));
        QVERIFY2(replay.out.contains(QStringLiteral("replay of run #%1: fingerprint matches").arg(id)), qPrintable(replay.out));
        QVERIFY(replay.out.contains(fingerprint));
    }

    void export_an_ab_pair_from_the_store() {
        for (const char* rate : {"1000", "1600"}) {
            const Result r = cli({"run", "queueing", "--time", "virtual", "--duration", "2s", "--set", QStringLiteral("arrival_rps=%1").arg(rate),
                                  "--no-charts", "--out", path("ab"), "--store", path("ab.sqlite3")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        const Result e = cli({"export", "1", "2", "--bundle", path("ab.archlab"), "--store", path("ab.sqlite3"), "--no-gif"});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        QVERIFY2(e.out.contains("run #1 and #2"), qPrintable(e.out));
        const Result report = cli({"report", path("ab.archlab"), "--html", path("ab.html")});
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QFile html(path("ab.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(html.readAll());
        QVERIFY(page.contains(QStringLiteral("B − A")));
        // Each side named by the knob that differs, in the tables and the charts' line names.
        QVERIFY(page.contains(QStringLiteral("<th>A: arrival_rps=1000</th>")));
        QVERIFY(page.contains(QStringLiteral("(B: arrival_rps=1600)")));
    }

    void bad_bundles_get_one_clear_line() {
        QFile junk(path("junk.archlab"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a zip at all");
        junk.close();
        for (const QStringList& args : {QStringList{"import", path("junk.archlab"), "--store", path("c.sqlite3")},
                                        QStringList{"report", path("junk.archlab"), "--html", path("x.html")}}) {
            const Result r = cli(args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.startsWith("archlab-cli: " + path("junk.archlab") + ": not an ArchLab bundle ("), qPrintable(r.err));
            QCOMPARE(r.err.count('\n'), 1);
        }
        const Result missing = cli({"report", path("nope.archlab"), "--html", path("x.html")});
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains(path("nope.archlab") + ": cannot read"), qPrintable(missing.err));
        const Result no_run = cli({"export", "99", "--bundle", path("n.archlab"), "--store", path("ab.sqlite3")});
        QCOMPARE(no_run.code, 2);
        QVERIFY2(no_run.err.contains("the run store has no run #99"), qPrintable(no_run.err));
    }
};

QTEST_GUILESS_MAIN(TestCliBundle)
#include "test_cli_bundle.moc"
