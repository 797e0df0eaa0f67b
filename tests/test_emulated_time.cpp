// Emulated service time is safe for any input: holds scaled by any double, delays of any length.
#include <QTest>

#include <limits>

#include "core/runtime/emulated_time.h"

using namespace archlab;
using namespace std::chrono_literals;

class TestEmulatedTime : public QObject {
    Q_OBJECT
private slots:
    void scaledHold_data() {
        QTest::addColumn<qint64>("hold_ns");
        QTest::addColumn<double>("factor");
        QTest::addColumn<qint64>("want_ns");
        constexpr double inf = std::numeric_limits<double>::infinity();
        const qint64 cap = kMaxEmulatedTime.count();
        QTest::newRow("unscaled") << qint64(10'000'000) << 1.0 << qint64(10'000'000);
        QTest::newRow("x4") << qint64(10'000'000) << 4.0 << qint64(40'000'000);
        QTest::newRow("x0.5 rounds") << qint64(3) << 0.5 << qint64(2);
        QTest::newRow("x1e300 is capped, not wrapped") << qint64(10'000'000) << 1e300 << cap;
        QTest::newRow("max double") << qint64(1) << std::numeric_limits<double>::max() << cap;
        QTest::newRow("+inf") << qint64(1) << inf << cap;
        QTest::newRow("-inf counts as 1") << qint64(7) << -inf << qint64(7);
        QTest::newRow("NaN counts as 1") << qint64(7) << std::numeric_limits<double>::quiet_NaN() << qint64(7);
        QTest::newRow("zero counts as 1") << qint64(7) << 0.0 << qint64(7);
        QTest::newRow("negative counts as 1") << qint64(7) << -3.0 << qint64(7);
        QTest::newRow("tiny factor") << qint64(7) << 1e-300 << qint64(0);
        QTest::newRow("no hold, inf") << qint64(0) << inf << qint64(0);
        QTest::newRow("negative hold") << qint64(-5) << 2.0 << qint64(0);
        QTest::newRow("just under the cap") << cap - 1 << 1.0 << cap - 1;
        QTest::newRow("long hold capped") << std::numeric_limits<qint64>::max() << 1.0 << cap;
        QTest::newRow("2 h x 1") << qint64(7'200'000'000'000) << 1.0 << cap;
    }
    void scaledHold() {
        QFETCH(qint64, hold_ns);
        QFETCH(double, factor);
        QFETCH(qint64, want_ns);
        QCOMPARE(qint64(scaled_hold(Nanos(hold_ns), factor).count()), want_ns);
    }

    void clampEmulated() {
        QVERIFY(clamp_emulated(-5s) == 0ns);
        QVERIFY(clamp_emulated(0ns) == 0ns);
        QVERIFY(clamp_emulated(40s) == 40s);
        QVERIFY(clamp_emulated(Nanos::max()) == kMaxEmulatedTime);
        QVERIFY(clamp_emulated(Nanos::min()) == 0ns);
        // The clamped delay can be added to a steady clock time without overflow.
        const auto t = std::chrono::steady_clock::now();
        QVERIFY(t + clamp_emulated(Nanos::max()) > t);
    }
};

QTEST_GUILESS_MAIN(TestEmulatedTime)
#include "test_emulated_time.moc"
