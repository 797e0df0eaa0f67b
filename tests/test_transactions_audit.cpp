// The transactions lab's audit on hand-made databases: consistent ones pass, and each kind of
// damage is counted where it is: money and stock off, a half-done order, effects for an unknown
// order, a step applied twice, an order in doubt, an isolation anomaly.
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "labs/transactions/service_store.h"
#include "labs/transactions/txn_audit.h"

using namespace archlab;
using namespace archlab::txnlab;

namespace {

/// Four fresh service databases in a temporary folder.
struct Dbs {
    QTemporaryDir dir;
    TxnConfig cfg;
    std::vector<std::unique_ptr<SqlitePool>> pools;
    ServiceDbs dbs;
    Dbs() {
        cfg.accounts = 3;
        cfg.starting_balance = 100;
        cfg.items = 2;
        cfg.starting_stock = 10;
        for (int i = 0; i < kServices; ++i) {
            pools.push_back(std::make_unique<SqlitePool>(dir.filePath(QString::number(i) + ".sqlite3").toStdString()));
            service_db_prepare(*pools.back(), service_at(i), cfg);
            dbs.db[i] = pools.back().get();
        }
    }
    LocalResult run(Service s, Op op, const OrderFields& o, std::int64_t now_ns = 0, std::string key = {}) {
        LocalTxn t;
        t.service = s;
        t.op = op;
        t.order = o;
        t.now_ns = now_ns;
        t.dedup_key = std::move(key);
        LocalResult r;
        pools[std::size_t(s)]->with([&](sqlite3* db) { r = run_local_txn(db, t); });
        return r;
    }
    void sql(Service s, const std::string& text) { pools[std::size_t(s)]->exec(text); }
    /// A whole successful saga.
    void complete(const OrderFields& o) {
        run(Service::Order, Op::Do, o);
        run(Service::Payment, Op::Do, o);
        run(Service::Inventory, Op::Do, o);
        run(Service::Shipment, Op::Do, o);
        run(Service::Inventory, Op::Finish, o);
        run(Service::Order, Op::Finish, o);
    }
};

OrderFields order(std::uint64_t id, std::uint32_t account, std::uint32_t item, std::uint32_t qty, std::int64_t amount) {
    OrderFields o;
    o.order_id = id;
    o.account = account;
    o.item = item;
    o.qty = qty;
    o.amount = amount;
    return o;
}
}  // namespace

class TestTransactionsAudit : public QObject {
    Q_OBJECT
private slots:
    void consistent_databases_pass() {
        Dbs d;
        d.complete(order(1, 0, 0, 2, 30));
        // A saga undone at shipment: order, charge, reservation all compensated.
        const OrderFields o = order(2, 1, 1, 1, 20);
        d.run(Service::Order, Op::Do, o);
        d.run(Service::Payment, Op::Do, o);
        d.run(Service::Inventory, Op::Do, o);
        d.run(Service::Inventory, Op::Undo, o);
        d.run(Service::Payment, Op::Undo, o);
        d.run(Service::Order, Op::Undo, o);
        // 2pc: prepared and committed everywhere.
        const OrderFields p = order(3, 2, 0, 1, 15);
        for (int i = 0; i < kServices; ++i) QCOMPARE(d.run(service_at(i), Op::Prepare, p).result, Result::Ok);
        for (int i = 0; i < kServices; ++i) d.run(service_at(i), Op::Commit, p);
        const AuditResult a = audit_final(d.dbs, d.cfg);
        QCOMPARE(a.orders, 3);
        QCOMPARE(a.completed, 2);
        QCOMPARE(a.compensated, 1);
        QCOMPARE(a.stuck, 0);
        QCOMPARE(a.half_done, 0);
        QCOMPARE(a.live.money_off, 0);
        QCOMPARE(a.live.stock_off, 0);
        QCOMPARE(a.live.double_applied, 0);
        QCOMPARE(a.live.in_doubt, 0);
        QCOMPARE(a.isolation_anomalies, 0);
    }

    void money_and_stock_changed_behind_the_services_back_are_off() {
        Dbs d;
        d.complete(order(1, 0, 0, 2, 30));
        d.sql(Service::Payment, "UPDATE accounts SET balance = balance + 7 WHERE id = 2");
        d.sql(Service::Inventory, "UPDATE stock SET on_hand = on_hand - 1 WHERE item = 1");
        const LiveAudit a = audit_live(d.dbs, d.cfg);
        QCOMPARE(a.money_off, 7);
        QCOMPARE(a.stock_off, 1);
    }

    void half_done_and_orphaned_orders_are_counted() {
        Dbs d;
        // Compensated at the order service, but the refund never happened.
        const OrderFields a = order(1, 0, 0, 1, 10);
        d.run(Service::Order, Op::Do, a);
        d.run(Service::Payment, Op::Do, a);
        d.run(Service::Order, Op::Undo, a);
        // Completed, but the stock was never shipped (still reserved).
        const OrderFields b = order(2, 1, 1, 1, 10);
        d.run(Service::Order, Op::Do, b);
        d.run(Service::Payment, Op::Do, b);
        d.run(Service::Inventory, Op::Do, b);
        d.run(Service::Shipment, Op::Do, b);
        d.run(Service::Order, Op::Finish, b);
        // Charged for an order the order service never stored (an invented event).
        d.run(Service::Payment, Op::Do, order(3, 2, 0, 1, 10));
        // Still pending: stuck, not half done.
        d.run(Service::Order, Op::Do, order(4, 2, 0, 1, 10));
        const AuditResult r = audit_final(d.dbs, d.cfg);
        QCOMPARE(r.half_done, 3);
        QCOMPARE(r.orphans, 1);
        QCOMPARE(r.stuck, 1);
        QCOMPARE(r.half_done_examples, (std::vector<std::uint64_t>{1, 2, 3}));
        QCOMPARE(r.live.money_off, 0);  // every change was a whole local transaction
        QCOMPARE(r.live.stock_off, 0);
    }

    void a_step_applied_twice_is_double_applied_unless_its_key_is_kept() {
        Dbs d;
        const OrderFields o = order(1, 0, 0, 1, 10);
        d.run(Service::Payment, Op::Do, o);
        d.run(Service::Payment, Op::Do, o);  // a redelivered event, no key: charged twice
        QCOMPARE(audit_live(d.dbs, d.cfg).double_applied, 1);
        const OrderFields p = order(2, 1, 1, 1, 10);
        QVERIFY(!d.run(Service::Inventory, Op::Do, p, 0, "evt:orders.paid:2").duplicate);
        QVERIFY(d.run(Service::Inventory, Op::Do, p, 0, "evt:orders.paid:2").duplicate);
        QCOMPARE(audit_live(d.dbs, d.cfg).double_applied, 1);
        QCOMPARE(audit_live(d.dbs, d.cfg).money_off, 0);
    }

    void prepared_rows_are_in_doubt() {
        Dbs d;
        const OrderFields o = order(1, 0, 0, 1, 10);
        d.run(Service::Payment, Op::Prepare, o);
        d.run(Service::Shipment, Op::Prepare, o);
        d.run(Service::Inventory, Op::Prepare, order(2, 0, 1, 1, 10));
        QCOMPARE(audit_live(d.dbs, d.cfg).in_doubt, 2);
        d.run(Service::Payment, Op::Abort, o);
        d.run(Service::Shipment, Op::Abort, o);
        QCOMPARE(audit_live(d.dbs, d.cfg).in_doubt, 1);
        QCOMPARE(audit_live(d.dbs, d.cfg).money_off, 0);
    }

    void a_decline_caused_by_a_charge_later_refunded_is_an_isolation_anomaly() {
        Dbs d;
        // Account 0 holds 100. Order 1 charges 80 at t=1; order 2 (30) is declined at t=2; order
        // 1 is refunded at t=3: without order 1's charge, order 2 would have been paid.
        d.run(Service::Payment, Op::Do, order(1, 0, 0, 1, 80), 1);
        QCOMPARE(d.run(Service::Payment, Op::Do, order(2, 0, 0, 1, 30), 2).result, Result::Declined);
        d.run(Service::Payment, Op::Undo, order(1, 0, 0, 1, 80), 3);
        // The same at inventory: item 1 has 10; order 3 reserves 8, order 4 (5) is out of stock,
        // order 3 is released.
        d.run(Service::Inventory, Op::Do, order(3, 0, 1, 8, 0), 1);
        QCOMPARE(d.run(Service::Inventory, Op::Do, order(4, 0, 1, 5, 0), 2).result, Result::OutOfStock);
        d.run(Service::Inventory, Op::Undo, order(3, 0, 1, 8, 0), 3);
        // A decline after the refund is no anomaly: the balance it saw was final.
        QCOMPARE(d.run(Service::Payment, Op::Do, order(5, 1, 0, 1, 500), 4).result, Result::Declined);
        QCOMPARE(audit_final(d.dbs, d.cfg).isolation_anomalies, 2);
    }
};

QTEST_GUILESS_MAIN(TestTransactionsAudit)
#include "test_transactions_audit.moc"
