// The transactions lab when a service's database refuses: for two virtual seconds every write to
// the payment service's payments table fails (a trigger raises, as a full disk or a constraint
// would), then it takes them again. Each strategy runs the refused work again (2pc participants
// their prepares and decisions on the inquiry tick, the orchestrator its steps and compensations,
// the choreography's consumers by redelivery) and every order still ends, with the invariants
// intact. The lab is built on a simulated runtime the test steps itself (no sleeps).
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include "core/runtime/sim_runtime.h"
#include "lab_runs.h"
#include "txn_checks.h"
#include "labs/transactions/txn_audit.h"
#include "labs/transactions/txn_run.h"

using namespace archlab;

using txn_test::dump;

namespace {
const char* const kRefuse =
    "CREATE TRIGGER refuse_insert BEFORE INSERT ON payments BEGIN SELECT RAISE(ABORT, 'test: refused'); END;"
    "CREATE TRIGGER refuse_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'test: refused'); END;";
const char* const kTakeAgain = "DROP TRIGGER refuse_insert; DROP TRIGGER refuse_update;";
}  // namespace

class TestTransactionsRefusals : public QObject {
    Q_OBJECT
private slots:
    void refused_work_runs_again_once_the_database_takes_it_data() { txn_test::add_strategy_rows(); }
    void refused_work_runs_again_once_the_database_takes_it() {
        QFETCH(QString, strategy);
        QTemporaryDir dir;
        SimRuntime sim(7, Nanos(0));
        Settings settings = lab_test::lab("transactions").default_settings();
        settings.set("strategy", strategy.toStdString());
        std::unique_ptr<LabRun> run =
            lab_test::lab("transactions").build(RunEnv{sim, TimeMode::Virtual, 7, dir.path().toStdString()}, settings);
        auto* tx = dynamic_cast<txnlab::TransactionsRun*>(run.get());
        QVERIFY(tx);
        sim.start();
        run->started();
        sim.run_for(from_ms(1000));
        SqlitePool& payment = tx->dbs().of(txnlab::Service::Payment);
        payment.exec(kRefuse);
        sim.run_for(from_ms(2000));
        payment.exec(kTakeAgain);
        sim.run_for(from_ms(2000));
        run->stop_workload();
        for (int i = 0; i < 3000 && !run->drained(); ++i) sim.run_for(from_ms(10));
        QVERIFY2(run->drained(), "the cluster never came to rest");
        sim.stop();
        run->stopped();
        const nlohmann::json s = run->summary();
        // Work was refused and run again, not lost or left half done.
        if (strategy == "2pc") QVERIFY2(s["local_retries"].get<int>() > 0, qPrintable(dump(s)));
        if (strategy == "saga-orchestrated") QVERIFY2(s["steps_resent"].get<int>() > 0, qPrintable(dump(s)));
        if (strategy == "saga-choreography") QVERIFY2(s["broker"]["redelivered"].get<int>() > 0, qPrintable(dump(s)));
        txn_test::check_invariants(s);
        // Orders still complete after the database takes writes again.
        QVERIFY2(s["completed"].get<int>() > 200, qPrintable(dump(s)));
    }
};

QTEST_GUILESS_MAIN(TestTransactionsRefusals)
#include "test_transactions_refusals.moc"
