// The load-balancing lab in virtual time, through the run controller as `archlab-cli run --time
// virtual` drives it: equal seed, settings and faults give the same fingerprint, summary and
// series; the detection delay after a kill is what discovery's settings promise; and a
// thousand app nodes run.
#include <QTest>

#include <cmath>
#include <cstring>

#include "core/lab/run_controller.h"
#include "lab_runs.h"
#include "labs/register_labs.h"

using namespace archlab;

namespace {
using lab_test::Sets;
using Result = lab_test::Finished;

Result run_virtual(const Sets& sets, const std::vector<std::string>& faults, double seconds, std::uint64_t seed = 7) {
    return lab_test::run_virtual("load-balancing", sets, seconds, faults, seed);
}

double column_max(const SeriesSnapshot& s, const std::string& name) {
    const int c = s.column(name);
    double most = -1.0;
    for (const SeriesRow& r : s.rows) {
        const double v = r.values[static_cast<std::size_t>(c)];
        if (!std::isnan(v)) most = std::max(most, v);
    }
    return most;
}
}  // namespace

class TestLbVirtual : public QObject {
    Q_OBJECT
private slots:
    void equal_runs_are_identical_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("nodes");
        QTest::newRow("round-robin") << "round-robin" << "4";
        QTest::newRow("least-response-time") << "least-response-time" << "4";
        QTest::newRow("consistent-hash") << "consistent-hash" << "4";
        QTest::newRow("power-of-two, 40 nodes") << "power-of-two" << "40";
    }
    void equal_runs_are_identical() {
        QFETCH(QString, strategy);
        QFETCH(QString, nodes);
        const Sets sets = {{"strategy", strategy.toStdString()}, {"nodes", nodes.toStdString()}, {"arrival_rps", "400"}};
        // Kill and bring back a node, slow another.
        const std::vector<std::string> faults = {"1s:slow:node-3:x5", "2s:kill:node-2", "4s:restart:node-2",
                                                 "4.5s:unslow:node-3"};
        const Result a = run_virtual(sets, faults, 6);
        const Result b = run_virtual(sets, faults, 6);
        QCOMPARE(a.fingerprint.size(), std::size_t{16});
        QCOMPARE(a.fingerprint, b.fingerprint);
        QCOMPARE(QString::fromStdString(a.summary.dump()), QString::fromStdString(b.summary.dump()));
        QCOMPARE(a.series.columns, b.series.columns);
        QCOMPARE(a.series.rows.size(), std::size_t{24});  // 4 a second
        QVERIFY(lab_test::same_rows(a.series, b.series));
        QVERIFY(a.summary["errors"].get<std::uint64_t>() > 0);  // the kill showed
        QCOMPARE(a.summary["detection_delays_ms"].size(), 1u);

        // Another seed is another run.
        const Result c = run_virtual(sets, faults, 6, 8);
        QVERIFY(c.fingerprint != a.fingerprint);
    }

    void detection_delay_follows_detect_after_data() {
        QTest::addColumn<double>("heartbeat_ms");
        QTest::addColumn<double>("detect_after_ms");
        QTest::newRow("defaults") << 200.0 << 1000.0;
        QTest::newRow("quick") << 50.0 << 300.0;
        QTest::newRow("patient") << 500.0 << 3000.0;
    }
    void detection_delay_follows_detect_after() {
        QFETCH(double, heartbeat_ms);
        QFETCH(double, detect_after_ms);
        const Result r = run_virtual({{"heartbeat_ms", QString::number(heartbeat_ms).toStdString()},
                                      {"detect_after_ms", QString::number(detect_after_ms).toStdString()}},
                                     {"3s:kill:node-2"}, 8);
        // Between detect_after - heartbeat (it had just beaten) and detect_after, plus discovery's
        // check step (detect_after / 50).
        const double d = r.summary["detection_delay_ms"].get<double>();
        QVERIFY2(d > detect_after_ms - heartbeat_ms - 1e-6 && d <= detect_after_ms * 1.02 + 1e-6,
                 qPrintable(QString::number(d)));
        QCOMPARE(r.summary["unprompted_removals"].get<int>(), 0);
        QCOMPARE(column_max(r.series, "detection_delay_ms"), d);
        // The balancer's view: four nodes, then three.
        const int alive = r.series.column("alive_nodes");
        QCOMPARE(r.series.rows[8].values[static_cast<std::size_t>(alive)], 4.0);   // 2 s
        QCOMPARE(r.series.rows.back().values[static_cast<std::size_t>(alive)], 3.0);
        // The dead node's own line is blank while it is down.
        const int served = r.series.column("served_rps_node-2");
        QVERIFY(std::isnan(r.series.rows.back().values[static_cast<std::size_t>(served)]));
    }

    void shares_per_strategy_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("slow_max");  // node-2 (10x slower) gets at most this share
        QTest::addColumn<double>("slow_min");
        QTest::newRow("round-robin") << "round-robin" << 0.26 << 0.24;
        QTest::newRow("random") << "random" << 0.28 << 0.22;
        QTest::newRow("least-connections") << "least-connections" << 0.15 << 0.0;
        QTest::newRow("least-response-time") << "least-response-time" << 0.10 << 0.0;
        QTest::newRow("power-of-two") << "power-of-two" << 0.18 << 0.0;
    }
    void shares_per_strategy() {
        QFETCH(QString, strategy);
        QFETCH(double, slow_max);
        QFETCH(double, slow_min);
        const Result r = run_virtual({{"strategy", strategy.toStdString()}, {"slow_node", "node-2"}}, {}, 20);
        QCOMPARE(r.summary["errors"].get<std::uint64_t>(), 0u);
        const double s2 = r.summary["per_node"][1]["share"].get<double>();
        QVERIFY2(s2 <= slow_max && s2 >= slow_min, qPrintable(strategy + " " + QString::number(s2)));
    }

    void a_thousand_nodes_run() {
        const Result r = run_virtual({{"nodes", "1000"}, {"arrival_rps", "2000"}}, {"2s:kill:node-500"}, 4);
        QCOMPARE(r.summary["per_node"].size(), 1000u);
        QVERIFY(r.summary["requests"].get<std::uint64_t>() > 5000);
        QCOMPARE(r.summary["detection_delays_ms"].size(), 1u);
        QCOMPARE(r.series.rows.back().values[static_cast<std::size_t>(r.series.column("alive_nodes"))], 999.0);
        QVERIFY(r.series.column("served_share_max") >= 0);
        QVERIFY(r.series.columns.size() < 30);  // a spread, not a line per node
        QCOMPARE(r.summary["per_node_share"]["fair"].get<double>(), 1.0 / 1000);
    }
};

QTEST_GUILESS_MAIN(TestLbVirtual)
#include "test_lb_virtual.moc"
