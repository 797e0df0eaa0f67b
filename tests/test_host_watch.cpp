// HostWatch: synthetic cumulative HostLoad readings, one per 250 ms tick, judged per interval.
#include <QTest>

#include <algorithm>
#include <cstring>

#include "core/lab/host_watch.h"

using namespace archlab;

namespace {

constexpr std::uint64_t kMs = 1'000'000;  ///< ns per ms

/// Builds successive cumulative readings the way a live runtime would report them.
class Host {
public:
    explicit Host(int cores = 2) {
        load_.measured = true;
        load_.host_cores = cores;
    }

    /// n timers, each `late_ms` late.
    Host& timers(std::uint64_t n, double late_ms) {
        const auto late_ns = static_cast<std::uint64_t>(late_ms * 1e6);
        load_.timers_fired += n;
        load_.timer_late_ns_sum += n * late_ns;
        if (late_ns > 2 * kMs) load_.timers_late += n;
        load_.timer_late_max_ns = std::max(load_.timer_late_max_ns, late_ns);
        return *this;
    }
    /// n holds of asked_ms each that took actual_ms.
    Host& holds(std::uint64_t n, double asked_ms, double actual_ms) {
        load_.holds += n;
        load_.hold_asked_ns_sum += n * static_cast<std::uint64_t>(asked_ms * 1e6);
        load_.hold_actual_ns_sum += n * static_cast<std::uint64_t>(actual_ms * 1e6);
        return *this;
    }
    /// CPU time used meanwhile, ms.
    Host& cpu(double ms) {
        load_.process_cpu_ns += static_cast<std::uint64_t>(ms * 1e6);
        return *this;
    }
    /// Ends the interval: wall time moves on by dt_ms; returns the reading and its run time (s).
    HostLoad tick(double dt_ms = 250.0) {
        load_.wall_ns += static_cast<std::uint64_t>(dt_ms * 1e6);
        return load_;
    }
    double t_s() const { return static_cast<double>(load_.wall_ns) / 1e9; }

private:
    HostLoad load_;
};

/// Feeds the next tick of h into w.
void feed(HostWatch& w, Host& h, double dt_ms = 250.0) {
    const HostLoad r = h.tick(dt_ms);
    w.observe(h.t_s(), r);
}

}  // namespace

class TestHostWatch : public QObject {
    Q_OBJECT
private slots:
    void unmeasuredReadingsAreIgnored() {
        HostWatch w;
        HostLoad sim;  // measured = false, as SimRuntime reports
        sim.timers_fired = 1000;
        sim.timer_late_ns_sum = 1000 * 50 * kMs;
        w.observe(1.0, sim);
        QVERIFY(!w.verdict().measured);
        QVERIFY(!w.verdict().overloaded);
        QCOMPARE(w.verdict().intervals, 0);
    }

    void healthyHostKeepsUp() {
        HostWatch w;
        Host h;
        for (int i = 0; i < 8; ++i) {
            h.timers(200, 0.05).holds(40, 10.0, 10.1).cpu(100.0);  // 20 % of 2 cores
            feed(w, h);
            QVERIFY(!w.overloaded_now());
        }
        const HostVerdict& v = w.verdict();
        QVERIFY(v.measured);
        QVERIFY(!v.overloaded);
        QCOMPARE(v.overloaded_since_s, -1.0);
        QCOMPARE(v.intervals, 8);
        QVERIFY(v.reason.empty());
        QVERIFY(qAbs(w.figures().timer_late_mean_ms - 0.05) < 1e-9);
        QVERIFY(qAbs(w.figures().hold_stretch - 0.01) < 1e-9);
        QVERIFY(qAbs(w.figures().cpu_share - 0.2) < 1e-9);
    }

    void idleIntervalsNeverFlag() {
        HostWatch w;
        Host h;
        h.timers(5, 80.0).holds(3, 10.0, 40.0);  // awful, but too few to judge
        feed(w, h);
        QVERIFY(!w.overloaded_now());
        QVERIFY(w.figures().timer_late_mean_ms > 50.0);  // the figure is still shown
        feed(w, h);                                       // nothing at all happened
        QVERIFY(!w.overloaded_now());
        QCOMPARE(w.figures().timer_late_mean_ms, 0.0);
        QCOMPARE(w.figures().hold_stretch, 0.0);
        QVERIFY(!w.verdict().overloaded);
        QCOMPARE(w.verdict().worst.timer_late_mean_ms, 0.0);  // worst figures need evidence too
    }

    void meanLatenessFlagsWithReasonAndStart() {
        HostWatch w;
        Host h;
        h.timers(100, 0.1);
        feed(w, h);  // 0 .. 0.25 s fine
        h.timers(100, 14.0);
        feed(w, h);  // 0.25 .. 0.5 s late
        QVERIFY(w.overloaded_now());
        const HostVerdict& v = w.verdict();
        QVERIFY(v.overloaded);
        QCOMPARE(v.overloaded_since_s, 0.25);
        QCOMPARE(v.overloaded_intervals, 1);
        QVERIFY2(v.reason.find("timers fire 14.0 ms late on average") == 0, v.reason.c_str());
        QVERIFY2(v.reason.find("try virtual time") != std::string::npos, v.reason.c_str());
        QCOMPARE(w.figures().late_share, 1.0);
        QCOMPARE(w.figures().timer_late_max_ms, 14.0);
    }

    void shareOfLateTimersFlags() {
        HostWatch w;
        Host h;
        h.timers(90, 0.1).timers(10, 3.0);  // mean 0.39 ms, but 10 % are more than 2 ms late
        feed(w, h);
        QVERIFY(w.figures().timer_late_mean_ms < 2.0);
        QCOMPARE(w.figures().late_share, 0.1);
        QVERIFY(w.overloaded_now());
        QVERIFY2(w.verdict().reason.find("10% of timers fire more than 2 ms late") == 0, w.verdict().reason.c_str());
        h.timers(97, 0.1).timers(3, 3.0);  // 3 %: fine
        feed(w, h);
        QVERIFY(!w.overloaded_now());
        QVERIFY(w.verdict().overloaded);  // the run's verdict remembers
        QCOMPARE(w.verdict().overloaded_since_s, 0.0);
    }

    void stretchedHoldsFlag() {
        HostWatch w;
        Host h;
        h.holds(50, 20.0, 21.0);  // 5 % long: fine
        feed(w, h);
        QVERIFY(!w.overloaded_now());
        h.holds(50, 20.0, 25.0);  // 25 % long
        feed(w, h);
        QVERIFY(w.overloaded_now());
        QVERIFY(qAbs(w.figures().hold_stretch - 0.25) < 1e-9);
        QVERIFY2(w.verdict().reason.find("job holds take 25% longer than asked") == 0, w.verdict().reason.c_str());
    }

    void busyCoresFlag() {
        HostWatch w;
        Host h(2);
        h.cpu(400.0);  // 80 % of 2 cores for 250 ms
        feed(w, h);
        QVERIFY(!w.overloaded_now());
        h.cpu(490.0);  // 98 %
        feed(w, h);
        QVERIFY(w.overloaded_now());
        QVERIFY2(w.verdict().reason.find("the process uses 98% of 2 cores") == 0, w.verdict().reason.c_str());
        h.cpu(49.0);  // 98 % of a 50 ms interval: too short to judge
        feed(w, h, 50.0);
        QVERIFY(!w.overloaded_now());
    }

    void reasonComesFromTheWorstInterval() {
        HostWatch w;
        Host h;
        h.holds(50, 20.0, 23.0);  // 15 % long: 1.5x its limit
        feed(w, h);
        QVERIFY2(w.verdict().reason.find("job holds take 15%") == 0, w.verdict().reason.c_str());
        h.timers(100, 10.0);  // every timer late: share 20x its limit, mean 5x: the worst interval
        feed(w, h);
        h.holds(50, 20.0, 30.0);  // 50 % long: 5x, not the worst
        feed(w, h);
        h.timers(100, 0.1);
        feed(w, h);
        const HostVerdict& v = w.verdict();
        QVERIFY2(v.reason.find("timers fire 10.0 ms late on average") == 0, v.reason.c_str());
        QCOMPARE(v.overloaded_since_s, 0.0);
        QCOMPARE(v.overloaded_intervals, 3);
        QCOMPARE(v.intervals, 4);
        QCOMPARE(v.worst.timer_late_mean_ms, 10.0);
        QVERIFY(qAbs(v.worst.hold_stretch - 0.5) < 1e-9);
        QCOMPARE(v.worst.overloaded, 1.0);
        QVERIFY(!w.overloaded_now());
    }

    void countersGoingBackwardsStartAfresh() {
        HostWatch w;
        Host first;
        first.timers(1000, 0.1).cpu(10'000.0);
        for (int i = 0; i < 40; ++i) feed(w, first);
        Host second;  // a new runtime: every counter starts again from zero
        second.timers(100, 0.2).cpu(50.0);
        feed(w, second);
        QVERIFY(!w.overloaded_now());  // no wrapped-around unsigned differences
        QVERIFY(qAbs(w.figures().timer_late_mean_ms - 0.2) < 1e-9);
        QVERIFY(qAbs(w.figures().cpu_share - 0.1) < 1e-9);
    }

    void rowFollowsColumns() {
        HostFigures f;
        f.timer_late_mean_ms = 1;
        f.timer_late_max_ms = 2;
        f.late_share = 3;
        f.hold_stretch = 4;
        f.cpu_share = 5;
        f.overloaded = 6;
        const auto row = f.row();
        QCOMPARE(HostFigures::kColumns.size(), row.size());
        for (std::size_t i = 0; i < row.size(); ++i) QCOMPARE(row[i], double(i + 1));
        QCOMPARE(std::strcmp(HostFigures::kColumns[5], "overloaded"), 0);
    }
};

QTEST_GUILESS_MAIN(TestHostWatch)
#include "test_host_watch.moc"
