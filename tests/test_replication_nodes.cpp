// The replication lab's node logic in virtual time: every mode against what it promises, judged
// only from the clients' records and the databases' contents. The lab is built as it always is
// (Lab::build on a simulated runtime), with its knobs; the runs are deterministic.
#include <QTest>

#include <set>

#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "replication_runs.h"

using namespace archlab;
using namespace archlab::replication;
using repl_test::BuiltRun;
using repl_test::run_virtual;
using repl_test::VirtualRun;

namespace {
/// The old hand-wired cluster's workload, now as knobs: a little more load on fewer keys.
const repl_test::Sets kBusy = {{"arrival_rps", "300"}, {"keys", "5"}};

repl_test::Sets busy(repl_test::Sets more) {
    repl_test::Sets s = kBusy;
    s.insert(s.end(), more.begin(), more.end());
    return s;
}

QString describe(const nlohmann::json& s) {
    return QString("reads %1 stale %2 writes ok %3 failed %4 info %5 failovers %6 primary %7 lost %8 linearizable %9")
        .arg(s.value("reads_ok", 0)).arg(s.value("stale_reads", 0)).arg(s.value("writes_ok", 0))
        .arg(s.value("writes_failed", 0)).arg(s.value("ops_unknown", 0)).arg(s.value("failovers", 0))
        .arg(QString::fromStdString(s["primary_now"].dump())).arg(s.value("lost_writes", 0))
        .arg(QString::fromStdString(s["linearizable"].dump()));
}

std::optional<bool> linearizable(const nlohmann::json& s) {
    if (s["linearizable"].is_null()) return std::nullopt;
    return s["linearizable"].get<bool>();
}
}  // namespace

class TestReplicationNodes : public QObject {
    Q_OBJECT
private slots:
    void sync_never_serves_a_stale_replica_read() {
        const VirtualRun r = run_virtual(busy({{"replication", "sync"}, {"read_from", "replica"}}), 8);
        const QString msg = describe(r.summary);
        QVERIFY2(r.summary["reads_ok"].get<int>() > 800 && r.summary["writes_ok"].get<int>() > 800, qPrintable(msg));
        QCOMPARE(r.summary["stale_reads"].get<int>(), 0);
        QCOMPARE(linearizable(r.summary), std::optional<bool>(true));
    }

    void async_serves_stale_reads_once_replicas_lag() {
        const VirtualRun r = run_virtual(busy({{"replication", "async"}, {"read_from", "replica"}, {"repl_batch_ms", "200"}}), 4);
        const double max_lag_ops = repl_test::max_of(r.column("lag_ops_replica-1"));
        const QString msg = describe(r.summary) + QString(" max lag %1 ops").arg(max_lag_ops);
        QVERIFY2(max_lag_ops >= 5, qPrintable(msg));
        QVERIFY2(r.summary["stale_reads"].get<int>() > r.summary["reads_ok"].get<int>() / 10, qPrintable(msg));
        QCOMPARE(linearizable(r.summary), std::optional<bool>(false));
        // The same workload reading from the primary is never stale.
        const VirtualRun p = run_virtual(busy({{"replication", "async"}, {"repl_batch_ms", "200"}}), 4);
        QCOMPARE(p.summary["stale_reads"].get<int>(), 0);
        QCOMPARE(linearizable(p.summary), std::optional<bool>(true));
    }

    void failover_loses_writes_only_when_async_data() {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<bool>("may_lose");
        QTest::newRow("sync") << "sync" << false;
        QTest::newRow("semi-sync, 1 of 2") << "semi-sync" << false;
        QTest::newRow("async, 500 ms batches") << "async" << true;
    }
    void failover_loses_writes_only_when_async() {
        QFETCH(QString, mode);
        QFETCH(bool, may_lose);
        const VirtualRun r = run_virtual(busy({{"replication", mode.toStdString()}, {"repl_batch_ms", "500"},
                                               {"write_ratio", "0.8"}}),
                                         5.9, {"2.9s:kill:primary"});
        const nlohmann::json& s = r.summary;
        const QString msg = describe(s);
        QVERIFY2(s["failovers"].get<int>() == 1, qPrintable(msg));
        QVERIFY2(s["primary_now"].get<std::string>() != "primary", qPrintable(msg));
        // Clients followed the new primary: operations are answered at the full rate again.
        for (double ops_per_s : r.column("throughput_rps", 4.5)) QVERIFY2(ops_per_s > 200, qPrintable(msg));
        if (may_lose) {
            QVERIFY2(s["lost_writes"].get<int>() > 0, qPrintable(msg));
            QCOMPARE(linearizable(s), std::optional<bool>(false));
        } else {
            QVERIFY2(s["lost_writes"].get<int>() == 0, qPrintable(msg));
            QCOMPARE(linearizable(s), std::optional<bool>(true));
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
        // Jitter on the client's links reorders messages: with R + W <= N a read can be answered
        // by nodes the latest write has not reached yet.
        const VirtualRun run = run_virtual(busy({{"replication", "quorum"}, {"quorum_r", std::to_string(r)},
                                                 {"quorum_w", std::to_string(w)}}),
                                           5,
                                           {"0s:jitter:client->primary:10ms", "0s:jitter:client->replica-1:10ms",
                                            "0s:jitter:client->replica-2:10ms"});
        const nlohmann::json& s = run.summary;
        const QString msg = describe(s);
        QVERIFY2(s["reads_ok"].get<int>() > 400 && s["writes_ok"].get<int>() > 400, qPrintable(msg));
        if (overlap) QVERIFY2(s["stale_reads"].get<int>() == 0, qPrintable(msg));
        else QVERIFY2(s["stale_reads"].get<int>() > 0, qPrintable(msg));
        QCOMPARE(s["lost_writes"].get<int>(), 0);
    }

    void promote_moves_the_primary() {
        BuiltRun c(busy({{"replication", "async"}}));
        c.run_for(std::chrono::seconds(2));
        c.fault("promote:replica-2");
        c.run_for(std::chrono::seconds(2));
        const nlohmann::json s = c.finish();
        const QString msg = describe(s);
        QCOMPARE(c.m().primary_now.load(), 2);
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("replica-2"));
        QVERIFY(c.m().nodes[2].is_primary.load());
        QVERIFY(!c.m().nodes[0].is_primary.load());  // the old primary stepped down and follows
        QVERIFY2(c.m().nodes[0].applied.load() > 0, qPrintable(msg));
        QVERIFY2(c.writes_ok_after(std::chrono::milliseconds(2500)) > 200, qPrintable(msg));
        // Writes acknowledged by the new primary are in its database.
        const std::set<std::int64_t> held = kv_applied_values(c.run().database(2));
        for (const OpRecord& op : c.m().ops.snapshot()) {
            if (op.f != OpF::Read && op.status == OpStatus::Ok && op.invoke_ns > from_ms(2500).count()) {
                QVERIFY2(held.count(op.value), qPrintable(QString("write %1 missing").arg(op.value)));
            }
        }
    }

    void a_duplicated_write_is_applied_once_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("sync") << "sync";
        QTest::newRow("async") << "async";
    }
    void a_duplicated_write_is_applied_once() {
        // The network delivers a fifth of the client's messages to the primary twice (found by a
        // five-minute soak): the second copy of a compare-and-set used to meet the value the
        // first had just set and be refused, so the client recorded :fail for an applied write.
        QFETCH(QString, mode);
        BuiltRun c(busy({{"replication", mode.toStdString()}, {"keys", "3"}}));
        c.fault("duplicate:client->primary:0.2");
        c.run_for(std::chrono::seconds(5));
        const nlohmann::json s = c.finish();
        const QString msg = describe(s);
        const std::set<std::int64_t> held = kv_applied_values(c.run().database(0));
        int failed = 0;
        for (const OpRecord& op : c.m().ops.snapshot()) {
            if (op.f == OpF::Read || op.status != OpStatus::Fail) continue;
            ++failed;
            QVERIFY2(!held.count(op.value), qPrintable(QString("write %1 recorded :fail but applied; %2").arg(op.value).arg(msg)));
        }
        QVERIFY2(failed > 0, qPrintable(msg));  // compare-and-sets do fail on their own: the check means something
        QVERIFY2(s["linearizable"] == nlohmann::json(true), qPrintable(msg));
    }

    void promote_refuses_what_is_no_replica() {
        BuiltRun c(busy({}));
        try {
            c.fault("promote:client");
            QFAIL("promoted the client");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("promote: client is not a replica in this lab"), e.what());
        }
        BuiltRun q(busy({{"replication", "quorum"}}));
        try {
            q.fault("promote:replica-1");
            QFAIL("promoted a node in quorum mode");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("no primary to promote"), e.what());
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
        const VirtualRun r = run_virtual(busy({{"replication", "async"}, {"repl_batch_ms", "200"}, {"write_ratio", "0.8"}}),
                                         5, {"2.99s:promote:replica-2"}, static_cast<std::uint64_t>(seed));
        const QString msg = describe(r.summary);
        QCOMPARE(r.summary["primary_now"].get<std::string>(), std::string("replica-2"));
        QVERIFY2(r.summary["lost_writes"].get<int>() > 0, qPrintable(msg));
    }

    void replicas_converge_on_the_new_primary_log() {
        // replica-2 is cut off from the primary and falls behind; replica-1 keeps up. Promoting
        // replica-2 by hand leaves replica-1 and the old primary with writes the new primary
        // never had: both must drop them and end up with exactly the new primary's data.
        BuiltRun c(busy({{"replication", "async"}, {"write_ratio", "0.8"}}));
        c.run_for(std::chrono::seconds(1));
        c.fault("cut:primary->replica-2");
        c.run_for(std::chrono::milliseconds(250));  // shorter than detect_after_ms: stays "alive"
        QVERIFY(c.m().nodes[1].applied.load() > c.m().nodes[2].applied.load() + 10);
        c.fault("promote:replica-2");
        c.run_for(std::chrono::milliseconds(200));
        c.fault("heal-link:primary->replica-2");
        c.run_for(std::chrono::seconds(2));
        const nlohmann::json s = c.finish(std::chrono::seconds(1));  // the last batch reaches everyone
        QCOMPARE(c.m().primary_now.load(), 2);
        const auto truth = kv_dump(c.run().database(2));
        QVERIFY(!truth.empty());
        for (int i : {0, 1}) {
            const auto copy = kv_dump(c.run().database(i));
            QCOMPARE(copy.size(), truth.size());
            for (const auto& [key, r] : truth) {
                QVERIFY2(copy.count(key) && copy.at(key).value == r.value && copy.at(key).version == r.version,
                         qPrintable(QString("node %1 key %2").arg(i).arg(key)));
            }
            QCOMPARE(kv_applied_values(c.run().database(i)), kv_applied_values(c.run().database(2)));
        }
        QVERIFY(s["lost_writes"].get<int>() > 0);  // replica-2's promotion dropped what only the others had
    }

    void restarted_client_and_monitor_carry_on() {
        BuiltRun c(busy({{"replication", "sync"}}));
        c.run_for(std::chrono::seconds(1));
        c.fault("kill:primary");                                 // failover 1: term 2
        c.run_for(std::chrono::seconds(1));
        c.fault("restart:monitor");                              // forgets the term: learns it back
        c.fault("restart:client");                               // new processes, new values
        c.run_for(std::chrono::seconds(1));
        const int second = c.m().primary_now.load();
        QVERIFY(second != 0);
        c.fault("kill:" + data_node_name(second));               // failover 2, by the new monitor
        c.run_for(std::chrono::seconds(2));
        const nlohmann::json s = c.finish();
        const QString msg = describe(s);
        QVERIFY2(s["failovers"].get<int>() == 2, qPrintable(msg));
        const int third = c.m().primary_now.load();
        QVERIFY2(third != 0 && third != second && c.m().nodes[std::size_t(third)].is_primary.load(), qPrintable(msg));
        QVERIFY2(c.writes_ok_after(std::chrono::milliseconds(4500)) > 40, qPrintable(msg));  // of about 75 in the last 0.5 s
        std::set<std::int64_t> values;
        for (const OpRecord& op : c.m().ops.snapshot()) {
            if (op.f != OpF::Read) QVERIFY2(values.insert(op.value).second, "a value written twice");
        }
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QCOMPARE(linearizable(s), std::optional<bool>(true));
    }

    void semi_sync_does_not_wait_for_the_slow_replica() {
        // replica-1 spends 3 ms on every message: sync writes wait for it, semi-sync (1 of 2)
        // is acknowledged as soon as replica-2 applied the write.
        const auto write_p50_ms = [](const char* mode) {
            const VirtualRun r = run_virtual({{"replication", mode}, {"arrival_rps", "100"}, {"keys", "5"}}, 4,
                                             {"0s:slow:replica-1:3ms"});
            return r.summary["write_latency_ms"]["p50"].get<double>();
        };
        const double sync = write_p50_ms("sync"), semi = write_p50_ms("semi-sync");
        const QString msg = QString("sync p50 %1 ms, semi-sync p50 %2 ms").arg(sync).arg(semi);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(semi < 5.0 && sync > semi + 2.0, qPrintable(msg));  // 4 link hops + 2 applies; + 3 ms
    }

    void link_latency_survives_heal_link_and_is_no_fault() {
        BuiltRun c(busy({}));
        const NodeIndex client = c.node("client"), primary = c.node("primary");
        QVERIFY(c.sim().link_faults(client, primary).healthy());
        c.fault("delay:client<->primary:20ms");
        QVERIFY(!c.sim().link_faults(client, primary).healthy());
        c.fault("heal-link:client<->primary");
        for (auto [a, b] : {std::pair{client, primary}, std::pair{primary, client}}) {
            QVERIFY(c.sim().link_faults(a, b).healthy());
            QCOMPARE(c.sim().link_faults(a, b).latency, from_ms(1.0));  // link_latency_ms stays
        }
    }

    void compare_and_set_follows_the_value() {
        BuiltRun c(busy({{"replication", "sync"}, {"keys", "2"}}));
        c.run_for(std::chrono::seconds(3));
        const nlohmann::json s = c.finish();
        int cas_ok = 0, cas_fail = 0;
        for (const OpRecord& op : c.m().ops.snapshot()) {
            if (op.f != OpF::Cas) continue;
            cas_ok += op.status == OpStatus::Ok;
            cas_fail += op.status == OpStatus::Fail;
        }
        QVERIFY2(cas_ok > 10 && cas_fail > 0, qPrintable(QString("cas ok %1 failed %2").arg(cas_ok).arg(cas_fail)));
        QCOMPARE(linearizable(s), std::optional<bool>(true));
    }
};

QTEST_GUILESS_MAIN(TestReplicationNodes)
#include "test_replication_nodes.moc"
