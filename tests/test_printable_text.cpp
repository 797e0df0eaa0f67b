// Text quoted from an input file into a one-line message: control bytes and bytes that are not
// UTF-8 come out as escapes, printable UTF-8 stays.
#include <QTest>

#include "core/lab/printable_text.h"

using namespace archlab;

class TestPrintableText : public QObject {
    Q_OBJECT
private slots:
    void escapes_data() {
        QTest::addColumn<QByteArray>("in");
        QTest::addColumn<QByteArray>("out");
        QTest::newRow("plain") << QByteArray("found ']' at 3") << QByteArray("found ']' at 3");
        QTest::newRow("line breaks and tab") << QByteArray("a\nb\r\tc") << QByteArray("a\\nb\\r\\tc");
        QTest::newRow("control bytes") << QByteArray("'\x01' '\x1b[31m' '\x7f'") << QByteArray("'\\x01' '\\x1B[31m' '\\x7F'");
        QTest::newRow("a NUL byte") << QByteArray("a\0b", 3) << QByteArray("a\\x00b");
        QTest::newRow("accents stay") << QByteArray("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") << QByteArray("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
        QTest::newRow("C1 control") << QByteArray("a\xC2\x85z") << QByteArray("a\\xC2\\x85z");
        QTest::newRow("lone continuation byte") << QByteArray("a\x80z") << QByteArray("a\\x80z");
        QTest::newRow("truncated sequence") << QByteArray("a\xE2\x82") << QByteArray("a\\xE2\\x82");
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << QByteArray("\\xC0\\xAF");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QByteArray("\\xED\\xA0\\x80");
        QTest::newRow("backslash stays") << QByteArray("a\\nb") << QByteArray("a\\nb");
    }
    void escapes() {
        QFETCH(QByteArray, in);
        QFETCH(QByteArray, out);
        const std::string got = printable_text(std::string_view(in.constData(), std::size_t(in.size())));
        QCOMPARE(QByteArray(got.data(), qsizetype(got.size())), out);
    }
};

QTEST_GUILESS_MAIN(TestPrintableText)
#include "test_printable_text.moc"
