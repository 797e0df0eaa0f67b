// `archlab-cli check-history` as a person uses it: the exit code says the verdict (0 yes,
// 1 no, 3 unknown, 2 bad input), stdout shows counts and the failure window, bad input is one
// line naming FILE:LINE:COL.
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
}  // namespace

class TestCheckHistoryCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void linearizable_exits_0() {
        const QString f = write("ok.edn",
                                "{:process 0, :type :invoke, :f :put, :key \"a\", :value 1}\n"
                                "{:process 0, :type :ok, :f :put, :key \"a\", :value 1}\n"
                                "{:process 1, :type :invoke, :f :get, :key \"a\", :value nil}\n"
                                "{:process 1, :type :ok, :f :get, :key \"a\", :value 1}\n");
        const Result r = cli({"check-history", f});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("2 operations, 1 keys, model kv"), qPrintable(r.out));
        QVERIFY(r.out.contains("verdict: linearizable"));
    }

    void not_linearizable_exits_1_with_window() {
        const QString f = write("bad.log",
                                "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                                "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
                                "INFO  jepsen.util - 0\t:invoke\t:write\t2\n"
                                "INFO  jepsen.util - 0\t:ok\t:write\t2\n"
                                "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                "INFO  jepsen.util - 1\t:ok\t:read\t1\n");
        const Result r = cli({"check-history", f, "--model", "register"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("verdict: not linearizable"), qPrintable(r.out));
        QVERIFY2(r.out.contains("why: read of the register returned 1 (line 6) but every valid order of the operations before it gives 2"),
                 qPrintable(r.out));
        QVERIFY(r.out.contains("window:"));
        QVERIFY(r.out.contains("line      6: INFO  jepsen.util - 1\t:ok\t:read\t1\n"));  // the file's own text
    }

    void initial_value_option() {
        const QString f = write("init.log",
                                "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                "INFO  jepsen.util - 1\t:ok\t:read\t0\n");
        QCOMPARE(cli({"check-history", f, "--model", "register"}).code, 1);
        QCOMPARE(cli({"check-history", f, "--model", "register", "--initial", "0"}).code, 0);
    }

    void time_budget_exits_3() {
        // As in test_linearizability: only a cas that never applies could give the read's value.
        QString text = "INFO  jepsen.util - 98\t:invoke\t:cas\t[5000 1000]\nINFO  jepsen.util - 98\t:info\t:cas\t:timed-out\n";
        for (int p = 0; p < 40; ++p) text += QString("INFO  jepsen.util - %1\t:invoke\t:write\t%1\n").arg(p);
        text += "INFO  jepsen.util - 99\t:invoke\t:read\tnil\nINFO  jepsen.util - 99\t:ok\t:read\t1000\n";
        for (int p = 0; p < 40; ++p) text += QString("INFO  jepsen.util - %1\t:ok\t:write\t%1\n").arg(p);
        const Result r = cli({"check-history", write("slow.log", text), "--model", "register", "--timeout", "50ms"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.out.contains("verdict: unknown"), qPrintable(r.out));
    }

    void bad_input_exits_2() {
        const QString f = write("broken.edn",
                                "{:process 0, :type :invoke, :f :read, :value nil}\n"
                                "{:process 0, :type :ok, :f :read, :value [1}\n");
        Result r = cli({"check-history", f});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith(f + ":2:44: expected ']' to close the '[' at column 42, found '}'"), qPrintable(r.err));

        r = cli({"check-history", f, "--model", "graph"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("unknown model 'graph' (expected register or kv)"), qPrintable(r.err));
        r = cli({"check-history", f, "--timeout", "soon"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--timeout"), qPrintable(r.err));
        r = cli({"check-history", dir_.filePath("missing.edn")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("cannot open"), qPrintable(r.err));
        const QString kv = write("kv.edn", "{:process 0, :type :invoke, :f :append, :key \"k\", :value \"x\"}\n");
        r = cli({"check-history", kv, "--model", "register"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.startsWith(kv + ":1: :append is not a register operation"), qPrintable(r.err));
    }

    void control_bytes_in_the_file_are_escaped_in_the_error() {
        // The error quotes what it found: raw control bytes would break the line (or drive the
        // terminal); they come out as escapes, one clean printable line.
        QString f = write("ctl.edn", QString::fromLatin1("{:process 0, :type :invoke, :f :read, :value \x01}\n"));
        Result r = cli({"check-history", f});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, f + ":1:46: unexpected character '\\x01'\n");
        f = write("cr.log", QString::fromLatin1("INFO  jepsen.util - 0\t:invoke\t:wr\rite\x1b[31m\t1\n"));
        r = cli({"check-history", f});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.contains("found ':wr\\rite\\x1B[31m'"), qPrintable(r.err));
        for (const QChar c : r.err.chopped(1)) QVERIFY2(c.isPrint(), qPrintable(r.err));
    }

private:
    QTemporaryDir dir_;

    QString write(const QString& name, const QString& text) {
        const QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(text.toUtf8());
        return path;
    }
};

QTEST_GUILESS_MAIN(TestCheckHistoryCli)
#include "test_check_history_cli.moc"
