// PreciseWaiter: spins a small bounded margin while sleeps wake on time, and not at all once
// they wake later than a spin could fix. The margin is fed oversleeps by hand: no timing here.
#include <QTest>

#include "core/runtime/live/precise_wait.h"

using namespace archlab::live;
using namespace std::chrono_literals;

class TestPreciseWait : public QObject {
    Q_OBJECT
private slots:
    void marginStartsSmallAndBounded() {
        const PreciseWaiter w;
        QVERIFY(w.margin() > 0ns);
        QVERIFY(w.margin() <= PreciseWaiter::kMaxSpin);
    }

    void punctualSleepsKeepASmallSpin() {
        PreciseWaiter w;
        for (int i = 0; i < 200; ++i) w.learn(i % 2 ? 40us : 60us);
        QVERIFY(w.margin() > 50us);  // covers the usual oversleep
        QVERIFY(w.margin() <= PreciseWaiter::kMaxSpin);
    }

    void lateSleepsStopTheSpin() {
        PreciseWaiter w;
        for (int i = 0; i < 200; ++i) w.learn(3ms);  // a loaded host
        QVERIFY(w.margin() == 0ns);
    }

    void spinComesBackWhenTheHostCalmsDown() {
        PreciseWaiter w;
        for (int i = 0; i < 200; ++i) w.learn(3ms);
        for (int i = 0; i < 400; ++i) w.learn(30us);
        QVERIFY(w.margin() > 0ns);
        QVERIFY(w.margin() <= PreciseWaiter::kMaxSpin);
    }

    void neverSpinsMoreThanTheBound() {
        PreciseWaiter w;
        for (int i = 0; i < 1000; ++i) {
            w.learn(std::chrono::microseconds((i * 7919) % 400));  // scattered, around the bound
            QVERIFY(w.margin() <= PreciseWaiter::kMaxSpin);
        }
    }

    void waitEndsAtTheDeadlineOrAfter() {
        PreciseWaiter w;
        const auto deadline = PreciseWaiter::Clock::now() + 2ms;
        w.wait_until(deadline);
        QVERIFY(PreciseWaiter::Clock::now() >= deadline);  // a lower bound only
        bool asked = false;
        QVERIFY(!w.wait_until(PreciseWaiter::Clock::now() + 1s, [&](PreciseWaiter::Clock::time_point) {
            asked = true;
            return false;  // abandoned
        }));
        QVERIFY(asked);
    }
};

QTEST_GUILESS_MAIN(TestPreciseWait)
#include "test_precise_wait.moc"
