// `archlab-cli hash` as a person uses it: one bucket per key on stdout, matching other
// implementations (jump: published vectors; hash-slot: Redis's CLUSTER KEYSLOT), and bad input
// as exit 2 with one clear line.
#include <QProcess>
#include <QTest>

namespace {
struct Result {
    int code = -1;
    QString out, err;
};

Result cli(const QStringList& args) {
    QProcess p;
    p.start(ARCHLAB_CLI_PATH, QStringList{"hash"} + args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
}  // namespace

class TestHashCli : public QObject {
    Q_OBJECT
private slots:
    void jump_numeric_keys() {
        // 0 and 1 over 10 buckets; 2^64-1 written in hex. Each checked against the published
        // algorithm's other implementations by the unit test's vectors.
        const Result r = cli({"--algo", "jump", "--buckets", "10", "0", "1", "0xffffffffffffffff", "256"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QString("0\n6\n9\n3\n"));
        QCOMPARE(cli({"--algo", "jump", "--buckets", "1024", "256"}).out, QString("520\n"));
        QCOMPARE(cli({"--algo", "jump", "--buckets", "255", "16045690984833335023"}).out, QString("237\n"));
    }

    void hash_slot_keys() {
        const Result r = cli({"--algo", "hash-slot", "123456789", "{user1000}.following", "{user1000}.followers", "a"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], QString("12739"));
        QCOMPARE(lines[1], lines[2]);
        QCOMPARE(lines[3], QString("15495"));
        QCOMPARE(cli({"--algo", "hash-slot", "--buckets", "16384", "a"}).out, QString("15495\n"));
    }

    void string_algos_print_buckets_data() {
        QTest::addColumn<QString>("algo");
        for (const char* a : {"range", "hash-mod", "consistent-hash", "rendezvous"}) QTest::newRow(a) << a;
    }
    void string_algos_print_buckets() {
        QFETCH(QString, algo);
        const Result r = cli({"--algo", algo, "--buckets", "7", "alpha", "beta", "gamma"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        for (const QString& l : lines) {
            bool ok = false;
            const int b = l.toInt(&ok);
            QVERIFY(ok && b >= 0 && b < 7);
        }
    }

    void bad_input_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("unknown algo") << QStringList{"--algo", "modulo", "--buckets", "4", "k"}
                                      << QStringList{"modulo", "hash-mod", "jump", "hash-slot"};
        QTest::newRow("zero buckets") << QStringList{"--algo", "hash-mod", "--buckets", "0", "k"} << QStringList{"--buckets", "'0'"};
        QTest::newRow("negative buckets") << QStringList{"--algo", "jump", "--buckets=-3", "1"} << QStringList{"--buckets", "-3"};
        QTest::newRow("too many buckets") << QStringList{"--algo", "rendezvous", "--buckets", "10001", "k"} << QStringList{"10000"};
        QTest::newRow("jump too many") << QStringList{"--algo", "jump", "--buckets", "2147483648", "1"} << QStringList{"2147483647"};
        QTest::newRow("buckets not a number") << QStringList{"--algo", "jump", "--buckets", "ten", "1"} << QStringList{"ten"};
        QTest::newRow("no buckets") << QStringList{"--algo", "jump", "1"} << QStringList{"--buckets"};
        QTest::newRow("hash-slot other count") << QStringList{"--algo", "hash-slot", "--buckets", "10", "k"} << QStringList{"16384"};
        QTest::newRow("jump word key") << QStringList{"--algo", "jump", "--buckets", "10", "1", "abc"} << QStringList{"'abc'"};
        QTest::newRow("jump key out of range") << QStringList{"--algo", "jump", "--buckets", "10", "18446744073709551616"}
                                               << QStringList{"18446744073709551616", "64-bit"};
        QTest::newRow("jump hex too long") << QStringList{"--algo", "jump", "--buckets", "10", "0x10000000000000000"}
                                           << QStringList{"0x10000000000000000"};
        QTest::newRow("jump bare 0x") << QStringList{"--algo", "jump", "--buckets", "10", "0x"} << QStringList{"'0x'"};
        QTest::newRow("jump signed key") << QStringList{"--algo", "jump", "--buckets", "10", "+5"} << QStringList{"'+5'"};
    }
    void bad_input() {
        QFETCH(QStringList, args);
        QFETCH(QStringList, words);
        const Result r = cli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1, stderr: %2").arg(r.code).arg(r.err)));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QCOMPARE(r.err.trimmed().count('\n'), 0);  // one line
        for (const QString& w : words) QVERIFY2(r.err.contains(w), qPrintable(r.err + " lacks " + w));
    }
};

QTEST_GUILESS_MAIN(TestHashCli)
#include "test_hash_cli.moc"
