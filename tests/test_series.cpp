// The sampler's bounded time-series store: capacity, snapshots, since() continuation.
#include <QTest>

#include <atomic>
#include <cmath>
#include <thread>

#include "core/metrics/series.h"

using namespace archlab;

namespace {

/// Row with t_s = i and one value per column (i, 10*i).
SeriesRow row(int i) { return SeriesRow{double(i), {double(i), 10.0 * i}}; }

}  // namespace

class TestSeries : public QObject {
    Q_OBJECT
private slots:
    void capacity_bounds_the_store() {
        SeriesStore store({"rps", "p99_ms"}, 5);
        for (int i = 0; i < 12; ++i) store.append(row(i));
        QCOMPARE(store.size(), std::size_t(5));
        const SeriesSnapshot s = store.snapshot();
        QCOMPARE(s.rows.size(), std::size_t(5));
        QCOMPARE(s.rows.front().t_s, 7.0);  // oldest rows went first
        QCOMPARE(s.rows.back().t_s, 11.0);
        const SeriesSnapshot last2 = store.snapshot(2);
        QCOMPARE(last2.rows.size(), std::size_t(2));
        QCOMPARE(last2.rows.front().t_s, 10.0);
        QCOMPARE(store.snapshot(100).rows.size(), std::size_t(5));
    }

    void since_continues_across_dropped_rows() {
        SeriesStore store({"a", "b"}, 5);
        std::size_t next = 99;
        QVERIFY(store.since(0, &next).rows.empty());
        QCOMPARE(next, std::size_t(0));

        for (int i = 0; i < 3; ++i) store.append(row(i));
        SeriesSnapshot s = store.since(0, &next);
        QCOMPARE(s.rows.size(), std::size_t(3));
        QCOMPARE(next, std::size_t(3));

        store.append(row(3));
        s = store.since(next, &next);  // only the new row
        QCOMPARE(s.rows.size(), std::size_t(1));
        QCOMPARE(s.rows[0].t_s, 3.0);
        QCOMPARE(next, std::size_t(4));

        for (int i = 4; i < 13; ++i) store.append(row(i));  // rows 0..7 fall off the front
        s = store.since(next, &next);                       // rows 4..7 are gone: resume at 8
        QCOMPARE(s.rows.size(), std::size_t(5));
        QCOMPARE(s.rows.front().t_s, 8.0);
        QCOMPARE(s.rows.back().t_s, 12.0);
        QCOMPARE(next, std::size_t(13));

        s = store.since(next, &next);  // caught up
        QVERIFY(s.rows.empty());
        QCOMPARE(next, std::size_t(13));
        s = store.since(1000, &next);  // beyond the end: nothing, and next points at the end
        QVERIFY(s.rows.empty());
        QCOMPARE(next, std::size_t(13));
        QCOMPARE(store.since(11, nullptr).rows.size(), std::size_t(2));
    }

    void column_lookup() {
        SeriesStore store({"rps", "p99_ms", "errors"}, 10);
        store.append(SeriesRow{0.5, {100.0, NAN, 0.0}});
        const SeriesSnapshot s = store.snapshot();
        QCOMPARE(s.column("rps"), 0);
        QCOMPARE(s.column("errors"), 2);
        QCOMPARE(s.column("missing"), -1);
        QCOMPARE(store.columns().size(), std::size_t(3));
        QVERIFY(std::isnan(s.rows[0].values[size_t(s.column("p99_ms"))]));
    }

    void reader_and_writer_threads() {
        SeriesStore store({"v"}, 100);
        std::atomic<bool> done{false};
        std::thread writer([&] {
            for (int i = 0; i < 20000; ++i) store.append(SeriesRow{double(i), {double(i)}});
            done = true;
        });
        std::size_t next = 0;
        double last_t = -1;
        while (!done.load()) {
            const SeriesSnapshot s = store.since(next, &next);
            QVERIFY(s.rows.size() <= 100);
            for (const SeriesRow& r : s.rows) {  // rows arrive in order, never twice
                QVERIFY(r.t_s > last_t);
                last_t = r.t_s;
            }
        }
        writer.join();
        store.since(next, &next);
        QCOMPARE(next, std::size_t(20000));
        QCOMPARE(store.size(), std::size_t(100));
    }
};

QTEST_GUILESS_MAIN(TestSeries)
#include "test_series.moc"
