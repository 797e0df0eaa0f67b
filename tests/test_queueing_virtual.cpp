// The queueing lab in virtual time: the same node code on the simulated runtime. With no link
// delay the measured latency must agree with the textbook formulas (Erlang C for the shared
// queue, M/M/1 per worker for random dispatch); with link delay it adds exactly the path.
// These runs are deterministic, so the bounds below hold on any machine under any load.
#include <QTest>

#include <cmath>

#include "core/lab/run_controller.h"
#include "core/theory/queueing_model.h"
#include "lab_runs.h"

using namespace archlab;

namespace {
nlohmann::json run_virtual(const lab_test::Sets& sets, double seconds, std::uint64_t seed = 1) {
    return lab_test::run_virtual("queueing", sets, seconds, {}, seed).summary;
}

double rel_err(double measured, double expected) { return std::abs(measured - expected) / expected; }
}  // namespace

class TestQueueingVirtual : public QObject {
    Q_OBJECT
private slots:
    void shared_queue_matches_erlang_c_data() {
        QTest::addColumn<double>("rho");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("rho 0.5") << 0.5 << 60.0 << 0.05;
        QTest::newRow("rho 0.7") << 0.7 << 60.0 << 0.05;
        QTest::newRow("rho 0.9") << 0.9 << 60.0 << 0.05;
        // Near saturation the mean converges slowly: five virtual minutes (570,000 requests).
        QTest::newRow("rho 0.95") << 0.95 << 300.0 << 0.10;
    }
    void shared_queue_matches_erlang_c() {
        QFETCH(double, rho);
        QFETCH(double, seconds);
        QFETCH(double, tolerance);
        const int c = 4;
        const double service_s = 0.002, lambda = rho * c / service_s;
        const nlohmann::json s = run_virtual({{"dispatch", "shared-queue"}, {"workers", "4"}, {"service_ms", "2"},
                                              {"arrival_rps", std::to_string(lambda)}},
                                             seconds);
        const QueuePrediction textbook = predict_mmc(lambda, c, service_s);
        const double mean = s["latency_ms"]["mean"].get<double>();
        QVERIFY2(rel_err(mean, textbook.mean_s * 1e3) < tolerance,
                 qPrintable(QString("mean %1 ms vs Erlang C %2 ms").arg(mean).arg(textbook.mean_s * 1e3)));
        // The lab's own prediction is that textbook figure, exactly.
        QCOMPARE(s["predicted_latency_ms"]["mean"].get<double>(), textbook.mean_s * 1e3);
        if (rho <= 0.9) {
            const double p95 = s["latency_ms"]["p95"].get<double>(), p99 = s["latency_ms"]["p99"].get<double>();
            const double t95 = mmc_sojourn_quantile(lambda, c, service_s, 0.95) * 1e3;
            const double t99 = mmc_sojourn_quantile(lambda, c, service_s, 0.99) * 1e3;
            QVERIFY2(rel_err(p95, t95) < 0.10, qPrintable(QString("p95 %1 vs %2").arg(p95).arg(t95)));
            QVERIFY2(rel_err(p99, t99) < 0.10, qPrintable(QString("p99 %1 vs %2").arg(p99).arg(t99)));
        }
    }

    void the_model_follows_the_workers_serving() {
        // Kill one of four workers: the theory lines are of the three left (they stayed at the
        // four-worker values, below what the survivors face).
        const lab_test::Finished f = lab_test::run_virtual(
            "queueing", {{"dispatch", "shared-queue"}, {"workers", "4"}, {"service_ms", "2"}, {"arrival_rps", "1000"}}, 4.0,
            {"2s:kill:worker-2"});
        const int col = f.series.column("utilisation_predicted");
        QVERIFY(col >= 0);
        double before = std::nan(""), after = std::nan("");
        for (const archlab::SeriesRow& r : f.series.rows) {
            if (r.t_s <= 1.75) before = r.values[static_cast<std::size_t>(col)];
            if (r.t_s >= 2.5) after = r.values[static_cast<std::size_t>(col)];
        }
        QCOMPARE(before, 1000 * 0.002 / 4);
        QCOMPARE(after, 1000 * 0.002 / 3);
        QCOMPARE(f.summary["utilisation_predicted"].get<double>(), 1000 * 0.002 / 3);
    }

    void constant_service_matches_md_c() {
        // Constant 2 ms service on 4 threads at rho 0.8: M/D/4, by Cosmetatos's approximation.
        const nlohmann::json s = run_virtual({{"dispatch", "shared-queue"}, {"workers", "4"}, {"service_ms", "2"},
                                              {"service_dist", "const"}, {"arrival_rps", "1600"}},
                                             60);
        const QueuePrediction mdc = predict_mdc(1600, 4, 0.002);
        QVERIFY(!s["predicted_latency_ms"].is_null());
        const double mean = s["latency_ms"]["mean"].get<double>();
        QVERIFY2(rel_err(mean, mdc.mean_s * 1e3) < 0.05, qPrintable(QString("mean %1 vs M/D/4 %2").arg(mean).arg(mdc.mean_s * 1e3)));
        QVERIFY(mdc.mean_s < predict_mmc(1600, 4, 0.002).mean_s);  // less variable service, less waiting
    }

    void same_run_twice_gives_the_same_bytes() {
        const std::vector<std::pair<std::string, std::string>> sets = {{"arrival_rps", "1500"}, {"db_items", "2"}};
        const nlohmann::json a = run_virtual(sets, 5, 9), b = run_virtual(sets, 5, 9), c = run_virtual(sets, 5, 10);
        QCOMPARE(QString::fromStdString(a.dump()), QString::fromStdString(b.dump()));
        QVERIFY(a["fingerprint"] != c["fingerprint"]);  // another seed, another run
    }

    void random_dispatch_is_mm1_per_worker() {
        // Random dispatch splits a Poisson stream into 4 Poisson streams: four M/M/1 queues.
        const double lambda = 1400, service_s = 0.002;
        const nlohmann::json s = run_virtual({{"dispatch", "random"}, {"workers", "4"}, {"service_ms", "2"},
                                              {"arrival_rps", "1400"}},
                                             60);
        const QueuePrediction mm1 = predict_mmc(lambda / 4, 1, service_s);
        const double mean = s["latency_ms"]["mean"].get<double>();
        QVERIFY2(rel_err(mean, mm1.mean_s * 1e3) < 0.05, qPrintable(QString("mean %1 vs M/M/1 %2").arg(mean).arg(mm1.mean_s * 1e3)));
    }

    void link_delay_adds_exactly_the_path() {
        // Random dispatch: the balancer holds nothing, so four 1 ms hops add 4 ms to every request.
        const nlohmann::json s = run_virtual({{"dispatch", "random"}, {"workers", "4"}, {"service_ms", "2"},
                                              {"arrival_rps", "1000"}, {"link_delay_ms", "1"}},
                                             30);
        const QueuePrediction mm1 = predict_mmc(250, 1, 0.002);
        QCOMPARE(s["path_overhead_ms"].get<double>(), 4.0);
        QCOMPARE(s["predicted_latency_ms"]["mean"].get<double>(), mm1.mean_s * 1e3 + 4.0);
        const double mean = s["latency_ms"]["mean"].get<double>();
        QVERIFY2(rel_err(mean, mm1.mean_s * 1e3 + 4.0) < 0.05, qPrintable(QString("mean %1").arg(mean)));
        QVERIFY(s["latency_ms"]["p50"].get<double>() >= 4.0);  // nothing beats the wire
    }
};

QTEST_GUILESS_MAIN(TestQueueingVirtual)
#include "test_queueing_virtual.moc"
