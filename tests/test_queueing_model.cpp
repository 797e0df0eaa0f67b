// Closed forms of the queueing lab's prediction, against values worked out by hand.
#include <QTest>

#include <cmath>

#include "core/theory/queueing_model.h"
#include "labs/queueing/queueing_prediction.h"

using namespace archlab;
using namespace archlab::queueing;

class TestQueueingModel : public QObject {
    Q_OBJECT
private slots:
    void erlangC_data() {
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("load");
        QTest::addColumn<double>("expected");
        QTest::newRow("M/M/1 waits with probability rho") << 1 << 0.7 << 0.7;
        QTest::newRow("M/M/2 at a=1 is 1/3") << 2 << 1.0 << 1.0 / 3.0;
        // C(4, 2.8) = (2.8^4/4!)(4/1.2) / (sum_{k<4} 2.8^k/k! + (2.8^4/4!)(4/1.2))
        QTest::newRow("M/M/4 at rho 0.7") << 4 << 2.8 << 0.4286543182;
        QTest::newRow("M/M/4 at rho 0.9") << 4 << 3.6 << 0.7877532643;
    }
    void erlangC() {
        QFETCH(int, servers);
        QFETCH(double, load);
        QFETCH(double, expected);
        QVERIFY2(std::fabs(erlang_c(servers, load) - expected) < 1e-9,
                 qPrintable(QString::number(erlang_c(servers, load), 'g', 12)));
    }

    void mm1_mean_and_quantiles() {
        // lambda 350/s, mean service 2 ms: W ~ Exp(mu - lambda) with mu - lambda = 150/s.
        const QueuePrediction p = predict_mmc(350.0, 1, 0.002);
        QVERIFY(p.fits);
        QVERIFY(std::fabs(p.mean_s - 1.0 / 150.0) < 1e-12);
        QVERIFY(std::fabs(*p.p50_s - std::log(2.0) / 150.0) < 1e-9);
        QVERIFY(std::fabs(*p.p99_s - std::log(100.0) / 150.0) < 1e-9);
    }

    void mmc_mean_matches_erlang_c() {
        const QueuePrediction p = predict_mmc(1400.0, 4, 0.002);
        QVERIFY(p.fits);
        QVERIFY(std::fabs(p.utilisation - 0.7) < 1e-12);
        QVERIFY(std::fabs(p.mean_s * 1e3 - 2.7144238637) < 1e-8);
        QVERIFY(*p.p99_s > p.mean_s);
    }

    void md1_is_half_the_wait_of_mm1() {
        const QueuePrediction det = predict_mg1(400.0, ServiceDist::constant(0.002));
        const QueuePrediction exp = predict_mg1(400.0, ServiceDist::exponential_with_mean(0.002));
        QVERIFY(det.fits && exp.fits);
        QVERIFY(std::fabs(det.mean_wait_s * 2.0 - exp.mean_wait_s) < 1e-12);
        QVERIFY(!det.p99_s.has_value());  // no closed-form percentile for M/G/1
    }

    void unstable_has_no_prediction() {
        const QueuePrediction p = predict_mmc(2100.0, 4, 0.002);
        QVERIFY(!p.fits);
        QVERIFY(QString::fromStdString(p.why).contains("1.05"));
    }

    void lab_picks_the_model_that_fits_data() {
        QTest::addColumn<int>("dispatch");
        QTest::addColumn<int>("dist");
        QTest::addColumn<int>("threads");
        QTest::addColumn<bool>("fits");
        QTest::addColumn<QString>("words");
        QTest::newRow("shared exp") << int(Dispatch::SharedQueue) << int(ServiceDistKind::Exponential) << 1 << true << "M/M/4";
        QTest::newRow("random exp") << int(Dispatch::Random) << int(ServiceDistKind::Exponential) << 1 << true << "M/M/1";
        QTest::newRow("random const") << int(Dispatch::Random) << int(ServiceDistKind::Constant) << 1 << true << "M/D/1";
        QTest::newRow("shared const") << int(Dispatch::SharedQueue) << int(ServiceDistKind::Constant) << 1 << true << "Cosmetatos";
        QTest::newRow("shared lognormal") << int(Dispatch::SharedQueue) << int(ServiceDistKind::Lognormal) << 1 << false << "no closed form";
        QTest::newRow("round robin") << int(Dispatch::RoundRobin) << int(ServiceDistKind::Exponential) << 1 << false << "round-robin";
        QTest::newRow("least conn") << int(Dispatch::LeastConnections) << int(ServiceDistKind::Exponential) << 1 << false << "least-connections";
        QTest::newRow("random 2 threads exp") << int(Dispatch::Random) << int(ServiceDistKind::Exponential) << 2 << true << "M/M/2";
    }
    void lab_picks_the_model_that_fits() {
        QFETCH(int, dispatch);
        QFETCH(int, dist);
        QFETCH(int, threads);
        QFETCH(bool, fits);
        QFETCH(QString, words);
        ModelInputs in;
        in.arrival_rps = 700;
        in.service_ms = 2;
        in.workers = 4;
        in.threads_per_worker = threads;
        in.dispatch = static_cast<Dispatch>(dispatch);
        in.dist = static_cast<ServiceDistKind>(dist);
        const LabPrediction p = predict(in);
        QCOMPARE(p.queue.fits, fits);
        QVERIFY2(QString::fromStdString(p.note).contains(words), p.note.c_str());
    }
};

QTEST_GUILESS_MAIN(TestQueueingModel)
#include "test_queueing_model.moc"
