// The replication lab's node logic on the deterministic simulated runtime: every mode against
// what it promises, judged only from the clients' records and the databases' contents.
#include <QTest>

#include "core/lab/fault_apply.h"
#include "labs/replication/kv_store.h"
#include "repl_sim_cluster.h"

using namespace archlab;
using namespace archlab::replication;

class TestReplicationNodes : public QObject {
    Q_OBJECT
private slots:
    void sync_never_serves_a_stale_replica_read() {
        SimCluster c;
        c.cfg->mode = Mode::Sync;
        c.cfg->read_from = ReadFrom::Replica;
        c.build();
        c.rt->run_for(std::chrono::seconds(8));
        c.finish();
        const OpRecorder::Totals t = c.m->ops.totals();
        const QString msg = describe(c);
        QVERIFY2(t.reads_ok > 800 && t.writes_ok > 800, qPrintable(msg));
        QCOMPARE(t.stale_reads, 0u);
        QCOMPARE(c.linearizable(), std::optional<bool>(true));
    }

    void async_serves_stale_reads_once_replicas_lag() {
        SimCluster c;
        c.cfg->mode = Mode::Async;
        c.cfg->read_from = ReadFrom::Replica;
        c.cfg->repl_batch_ms = 200;
        c.build();
        double max_lag_ops = 0;
        for (int i = 0; i < 40; ++i) {
            c.rt->run_for(std::chrono::milliseconds(100));
            max_lag_ops = std::max<double>(max_lag_ops, double(c.m->nodes[0].head.load() - c.m->nodes[1].applied.load()));
        }
        c.finish();
        const OpRecorder::Totals t = c.m->ops.totals();
        const QString msg = describe(c) + QString(" max lag %1 ops").arg(max_lag_ops);
        QVERIFY2(max_lag_ops >= 5, qPrintable(msg));
        QVERIFY2(t.stale_reads > t.reads_ok / 10, qPrintable(msg));
        QCOMPARE(c.linearizable(), std::optional<bool>(false));
        // The same workload reading from the primary is never stale.
        SimCluster p;
        p.cfg->mode = Mode::Async;
        p.cfg->repl_batch_ms = 200;
        p.build();
        p.rt->run_for(std::chrono::seconds(4));
        p.finish();
        QCOMPARE(p.m->ops.totals().stale_reads, 0u);
        QCOMPARE(p.linearizable(), std::optional<bool>(true));
    }

    void failover_loses_writes_only_when_async_data() {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("may_lose");
        QTest::newRow("sync") << int(Mode::Sync) << false;
        QTest::newRow("semi-sync, 1 of 2") << int(Mode::SemiSync) << false;
        QTest::newRow("async, 500 ms batches") << int(Mode::Async) << true;
    }
    void failover_loses_writes_only_when_async() {
        QFETCH(int, mode);
        QFETCH(bool, may_lose);
        SimCluster c;
        c.cfg->mode = static_cast<Mode>(mode);
        c.cfg->repl_batch_ms = 500;
        c.cfg->write_ratio = 0.8;
        c.build();
        c.rt->run_for(std::chrono::milliseconds(2900));
        c.rt->kill(c.node(0));
        c.rt->run_for(std::chrono::seconds(3));
        c.finish();
        const QString msg = describe(c) + QString(" lost %1").arg(c.lost_writes());
        QVERIFY2(c.m->failovers.value() == 1, qPrintable(msg));
        QVERIFY2(c.m->primary_now.load() != 0, qPrintable(msg));
        QVERIFY2(c.m->nodes[std::size_t(c.m->primary_now.load())].is_primary.load(), qPrintable(msg));
        // Clients followed the new primary: writes invoked after the failover were acknowledged.
        QVERIFY2(c.writes_ok_after(std::chrono::seconds(4)) > 300, qPrintable(msg));
        if (may_lose) {
            QVERIFY2(c.lost_writes() > 0, qPrintable(msg));
            QCOMPARE(c.linearizable(), std::optional<bool>(false));
        } else {
            QVERIFY2(c.lost_writes() == 0, qPrintable(msg));
            QCOMPARE(c.linearizable(), std::optional<bool>(true));
        }
    }

    void quorum_reads_the_latest_write_when_r_plus_w_exceeds_n_data() {
        QTest::addColumn<int>("r");
        QTest::addColumn<int>("w");
        QTest::addColumn<bool>("overlap");
        QTest::newRow("R2 W2 of 3") << 2 << 2 << true;
        QTest::newRow("R1 W3 of 3") << 1 << 3 << true;
        QTest::newRow("R1 W1 of 3") << 1 << 1 << false;
    }
    void quorum_reads_the_latest_write_when_r_plus_w_exceeds_n() {
        QFETCH(int, r);
        QFETCH(int, w);
        QFETCH(bool, overlap);
        SimCluster c;
        c.cfg->mode = Mode::Quorum;
        c.cfg->quorum_r = r;
        c.cfg->quorum_w = w;
        c.build();
        // Jitter on the client's links reorders messages: with R + W <= N a read can be answered
        // by nodes the latest write has not reached yet.
        for (int i = 0; i < c.cfg->data_nodes(); ++i) {
            LinkFaults lf = c.rt->link_faults(c.rt->lookup("client"), c.node(i));
            lf.jitter = from_ms(10);
            c.rt->set_link_faults(c.rt->lookup("client"), c.node(i), lf);
        }
        c.rt->run_for(std::chrono::seconds(5));
        c.finish();
        const OpRecorder::Totals t = c.m->ops.totals();
        const QString msg = describe(c);
        QVERIFY2(t.reads_ok > 400 && t.writes_ok > 400, qPrintable(msg));
        if (overlap) QVERIFY2(t.stale_reads == 0, qPrintable(msg));
        else QVERIFY2(t.stale_reads > 0, qPrintable(msg));
        QCOMPARE(c.lost_writes(), 0u);
    }

    void promote_moves_the_primary() {
        SimCluster c;
        c.cfg->mode = Mode::Async;
        c.build();
        c.rt->run_for(std::chrono::seconds(2));
        c.cfg->promote_request = 2;  // what the "promote" fault asks the monitor
        c.rt->run_for(std::chrono::seconds(2));
        c.finish();
        const QString msg = describe(c);
        QCOMPARE(c.m->primary_now.load(), 2);
        QVERIFY(c.m->nodes[2].is_primary.load());
        QVERIFY(!c.m->nodes[0].is_primary.load());  // the old primary stepped down and follows
        QVERIFY2(c.m->nodes[0].applied.load() > 0, qPrintable(msg));
        QVERIFY2(c.writes_ok_after(std::chrono::milliseconds(2500)) > 200, qPrintable(msg));
        // Writes acknowledged by the new primary are in its database.
        const std::set<std::int64_t> held = kv_applied_values(*c.dbs[2]);
        for (const OpRecord& op : c.m->ops.snapshot()) {
            if (op.f != OpF::Read && op.status == OpStatus::Ok && op.invoke_ns > from_ms(2500).count()) {
                QVERIFY2(held.count(op.value), qPrintable(QString("write %1 missing").arg(op.value)));
            }
        }
    }

    void promote_at_a_whole_second_loses_async_writes_data() {
        QTest::addColumn<int>("seed");
        QTest::newRow("seed 1") << 1;
        QTest::newRow("seed 2") << 2;
        QTest::newRow("seed 3") << 3;
    }
    void promote_at_a_whole_second_loses_async_writes() {
        // A hand promotion at 3 s (a multiple of the batch period) must not always land just
        // after a batch: what the old primary acknowledged since its last batch is gone.
        QFETCH(int, seed);
        SimCluster c;
        c.cfg->mode = Mode::Async;
        c.cfg->repl_batch_ms = 200;
        c.cfg->write_ratio = 0.8;
        c.build(static_cast<std::uint64_t>(seed));
        c.rt->run_for(std::chrono::milliseconds(2990));  // the monitor acts on its beat at 3 s
        c.cfg->promote_request = 2;
        c.rt->run_for(std::chrono::seconds(2));
        c.finish();
        const QString msg = describe(c) + QString(" lost %1").arg(c.lost_writes());
        QCOMPARE(c.m->primary_now.load(), 2);
        QVERIFY2(c.lost_writes() > 0, qPrintable(msg));
    }

    void replicas_converge_on_the_new_primary_log() {
        // replica-2 is cut off from the primary and falls behind; replica-1 keeps up. Promoting
        // replica-2 by hand leaves replica-1 and the old primary with writes the new primary
        // never had: both must drop them and end up with exactly the new primary's data.
        SimCluster c;
        c.cfg->mode = Mode::Async;
        c.cfg->write_ratio = 0.8;
        c.build();
        c.rt->run_for(std::chrono::seconds(1));
        LinkFaults cut;
        cut.drop = 1.0;
        c.rt->set_link_faults(c.node(0), c.node(2), cut);
        c.rt->run_for(std::chrono::milliseconds(250));  // shorter than detect_after_ms: stays "alive"
        QVERIFY(c.m->nodes[1].applied.load() > c.m->nodes[2].applied.load() + 10);
        c.cfg->promote_request = 2;
        c.rt->run_for(std::chrono::milliseconds(200));
        c.rt->set_link_faults(c.node(0), c.node(2), LinkFaults{});
        c.rt->run_for(std::chrono::seconds(2));
        c.finish();
        c.rt->run_for(std::chrono::seconds(1));  // the last batch reaches everyone
        QCOMPARE(c.m->primary_now.load(), 2);
        const auto truth = kv_dump(*c.dbs[2]);
        QVERIFY(!truth.empty());
        for (int i : {0, 1}) {
            const auto copy = kv_dump(*c.dbs[std::size_t(i)]);
            QCOMPARE(copy.size(), truth.size());
            for (const auto& [key, r] : truth) {
                QVERIFY2(copy.count(key) && copy.at(key).value == r.value && copy.at(key).version == r.version,
                         qPrintable(QString("node %1 key %2").arg(i).arg(key)));
            }
            QCOMPARE(kv_applied_values(*c.dbs[std::size_t(i)]), kv_applied_values(*c.dbs[2]));
        }
        QVERIFY(c.lost_writes() > 0);  // replica-2's promotion dropped what only the others had
    }

    void restarted_client_and_monitor_carry_on() {
        SimCluster c;
        c.cfg->mode = Mode::Sync;
        c.build();
        const NodeIndex client = c.rt->lookup("client"), monitor = c.rt->lookup("monitor");
        c.rt->run_for(std::chrono::seconds(1));
        c.rt->kill(c.node(0));                                   // failover 1: term 2
        c.rt->run_for(std::chrono::seconds(1));
        c.rt->kill(monitor);
        c.rt->restart(monitor);                                  // forgets the term: learns it back
        c.rt->kill(client);
        c.rt->restart(client);                                   // new processes, new values
        c.rt->run_for(std::chrono::seconds(1));
        const int second = c.m->primary_now.load();
        QVERIFY(second != 0);
        c.rt->kill(c.node(second));                              // failover 2, by the new monitor
        c.rt->run_for(std::chrono::seconds(2));
        c.finish();
        const QString msg = describe(c);
        QVERIFY2(c.m->failovers.value() == 2, qPrintable(msg));
        const int third = c.m->primary_now.load();
        QVERIFY2(third != 0 && third != second && c.m->nodes[std::size_t(third)].is_primary.load(), qPrintable(msg));
        QVERIFY2(c.writes_ok_after(std::chrono::milliseconds(4500)) > 40, qPrintable(msg));  // of about 75 in the last 0.5 s
        std::set<std::int64_t> values;
        for (const OpRecord& op : c.m->ops.snapshot()) {
            if (op.f != OpF::Read) QVERIFY2(values.insert(op.value).second, "a value written twice");
        }
        QCOMPARE(c.lost_writes(), 0u);
        QCOMPARE(c.linearizable(), std::optional<bool>(true));
    }

    void semi_sync_does_not_wait_for_the_slow_replica() {
        // replica-1 spends 3 ms on every message: sync writes wait for it, semi-sync (1 of 2)
        // is acknowledged as soon as replica-2 applied the write.
        const auto write_p50_ms = [](Mode mode) {
            SimCluster c;
            c.cfg->mode = mode;
            c.cfg->arrival_rps = 100;
            c.build();
            c.rt->slow(c.node(1), from_ms(3), 1.0);
            c.rt->run_for(std::chrono::seconds(4));
            c.finish();
            return double(c.m->ops.write_latency().percentile(0.5)) / 1e6;
        };
        const double sync = write_p50_ms(Mode::Sync), semi = write_p50_ms(Mode::SemiSync);
        const QString msg = QString("sync p50 %1 ms, semi-sync p50 %2 ms").arg(sync).arg(semi);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(semi < 5.0 && sync > semi + 2.0, qPrintable(msg));  // 4 link hops + 2 applies; + 3 ms
    }

    void link_latency_survives_heal_link_and_is_no_fault() {
        SimCluster c;
        c.build();
        const NodeIndex client = c.rt->lookup("client"), primary = c.node(0);
        QVERIFY(c.rt->link_faults(client, primary).healthy());
        apply_fault(*c.rt, FaultEvent::parse("0s:delay:client<->primary:20ms"));
        QVERIFY(!c.rt->link_faults(client, primary).healthy());
        apply_fault(*c.rt, FaultEvent::parse("0s:heal-link:client<->primary"));
        for (auto [a, b] : {std::pair{client, primary}, std::pair{primary, client}}) {
            QVERIFY(c.rt->link_faults(a, b).healthy());
            QCOMPARE(c.rt->link_faults(a, b).latency, from_ms(1.0));  // link_latency_ms stays
        }
    }

    void compare_and_set_follows_the_value() {
        SimCluster c;
        c.cfg->mode = Mode::Sync;
        c.cfg->keys = 2;
        c.build();
        c.rt->run_for(std::chrono::seconds(3));
        c.finish();
        int cas_ok = 0, cas_fail = 0;
        for (const OpRecord& op : c.m->ops.snapshot()) {
            if (op.f != OpF::Cas) continue;
            cas_ok += op.status == OpStatus::Ok;
            cas_fail += op.status == OpStatus::Fail;
        }
        QVERIFY2(cas_ok > 10 && cas_fail > 0, qPrintable(QString("cas ok %1 failed %2").arg(cas_ok).arg(cas_fail)));
        QCOMPARE(c.linearizable(), std::optional<bool>(true));
    }
};

QTEST_GUILESS_MAIN(TestReplicationNodes)
#include "test_replication_nodes.moc"
