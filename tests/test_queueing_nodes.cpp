// The queueing lab's node logic on the deterministic simulated runtime: with exact service
// times and a manual clock, measured latency must agree with queueing theory, and faults
// must show up as errors measured by the client.
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "core/runtime/sim_runtime.h"
#include "labs/queueing/db_node.h"
#include "labs/queueing/queueing_prediction.h"
#include "labs/queueing/queueing_topology.h"

using namespace archlab;
using namespace archlab::queueing;

namespace {
/// A queueing cluster on the simulated runtime, wired like the live lab.
struct SimCluster {
    std::shared_ptr<QueueingConfig> cfg = std::make_shared<QueueingConfig>();
    std::shared_ptr<QueueingMetrics> m;
    std::shared_ptr<SqlitePool> db;
    std::shared_ptr<RequestWork> work;
    std::unique_ptr<SimRuntime> rt;

    void build(const QString& dir, std::uint64_t seed) {
        m = std::make_shared<QueueingMetrics>(cfg->workers);
        db = std::make_shared<SqlitePool>((dir + "/items.sqlite3").toStdString());
        DbNode::prepare(*db);
        work = std::make_shared<RequestWork>(*cfg, dir.toStdString());
        rt = std::make_unique<SimRuntime>(seed, std::chrono::microseconds(50));
        add_queueing_nodes(*rt, cfg, m, work, db);
        rt->start();
    }

    double predicted_mean_ms() const {
        ModelInputs in;
        in.arrival_rps = cfg->arrival_rps;
        in.service_ms = cfg->service_ms;
        in.dist = cfg->service_dist;
        in.workers = cfg->workers;
        in.threads_per_worker = cfg->threads_per_worker;
        in.dispatch = cfg->current_dispatch();
        in.slot_round_trip_ms = m->path_overhead_ms.value() / 2.0;
        const LabPrediction p = predict(in);
        return p.queue.fits ? p.queue.mean_s * 1e3 + m->path_overhead_ms.value() : std::nan("");
    }
    double measured_mean_ms() const { return m->latency_ns.snapshot().mean() / 1e6; }
};
}  // namespace

class TestQueueingNodes : public QObject {
    Q_OBJECT
private slots:
    void agrees_with_theory_data() {
        QTest::addColumn<int>("dispatch");
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("shared-queue, M/M/4 at 0.7") << int(Dispatch::SharedQueue) << 1400.0 << 0.05;
        QTest::newRow("shared-queue, M/M/4 at 0.9") << int(Dispatch::SharedQueue) << 1800.0 << 0.15;
        QTest::newRow("random, 4 x M/M/1 at 0.7") << int(Dispatch::Random) << 1400.0 << 0.08;
    }
    void agrees_with_theory() {
        QFETCH(int, dispatch);
        QFETCH(double, rate);
        QFETCH(double, tolerance);
        QTemporaryDir dir;
        SimCluster c;
        c.cfg->arrival_rps = rate;
        c.cfg->dispatch = dispatch;
        c.build(dir.path(), 1);
        c.rt->run_for(std::chrono::seconds(40));
        const double measured = c.measured_mean_ms(), predicted = c.predicted_mean_ms();
        const QString msg = QString("measured %1 ms, predicted %2 ms, %3 requests")
                                .arg(measured).arg(predicted).arg(c.m->ok.value());
        QVERIFY2(c.m->ok.value() > 40000, qPrintable(msg));
        QCOMPARE(c.m->errors.value(), 0u);
        QVERIFY2(std::fabs(measured / predicted - 1.0) < tolerance, qPrintable(msg));
    }

    void path_overhead_is_the_no_load_round_trip() {
        // client->lb->worker->lb->client: 4 hops of 50 us. The database round trip is not path
        // overhead: it happens while the request holds its worker thread (inside the service).
        QTemporaryDir dir;
        SimCluster c;
        c.cfg->static_share = 0.0;
        c.build(dir.path(), 1);
        c.rt->run_for(std::chrono::seconds(1));
        QVERIFY2(std::fabs(c.m->path_overhead_ms.value() - 0.2) < 1e-6,
                 qPrintable(QString::number(c.m->path_overhead_ms.value())));
    }

    void killed_worker_costs_errors_until_restart() {
        QTemporaryDir dir;
        SimCluster c;
        c.cfg->arrival_rps = 800;
        c.cfg->dispatch = int(Dispatch::RoundRobin);
        c.build(dir.path(), 2);
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m->errors.value(), 0u);
        c.rt->kill(c.rt->lookup("worker-2"));
        c.rt->run_for(std::chrono::seconds(3));
        const auto errors_while_down = c.m->errors.value();
        QVERIFY(errors_while_down > 100);  // a quarter of 800/s is lost and times out
        c.rt->restart(c.rt->lookup("worker-2"));
        c.rt->run_for(std::chrono::seconds(3));  // stragglers still time out for one timeout
        const auto settled = c.m->errors.value();
        c.rt->run_for(std::chrono::seconds(2));
        QCOMPARE(c.m->errors.value(), settled);
    }

    void db_lock_makes_a_serial_resource_and_batching_relieves_it() {
        auto run = [](int batch) {
            QTemporaryDir dir;
            SimCluster c;
            c.cfg->arrival_rps = 1000;
            c.cfg->db_lock = true;
            c.cfg->db_items = 8;
            c.cfg->db_batch = batch;
            c.cfg->db_ms = 0.1;
            c.cfg->static_share = 0.0;
            c.build(dir.path(), 3);
            c.rt->run_for(std::chrono::seconds(5));
            return c.measured_mean_ms();
        };
        const double one_by_one = run(1), batched = run(8);
        // 8 queries of 0.1 ms under one lock at 1000 req/s is 0.8 of the lock's capacity: the
        // queue at the lock pushes requests past their 2 ms service (theory: about 4.3 vs 2.4 ms).
        QVERIFY2(one_by_one > 1.5 * batched, qPrintable(QString("%1 vs %2").arg(one_by_one).arg(batched)));
    }
};

QTEST_GUILESS_MAIN(TestQueueingNodes)
#include "test_queueing_nodes.moc"
