// Promoting a replica by hand (the "promote" fault) on the simulated runtime: the lost-write
// figure is the final primary's database alone, whatever reads of a deposed primary returned
// (issue 13), and the verdict agrees; in sync and semi-sync modes a replica that lacks
// acknowledged writes is refused, with a line in the event log, while one that has caught up is
// promoted without losing anything; in async mode the promotion is a person's override.
#include <QTest>

#include <algorithm>

#include "labs/replication/kv_store.h"
#include "replication_runs.h"

using namespace archlab;
using namespace archlab::replication;
using namespace repl_test;

namespace {

/// Acknowledged writes whose value the database never applied: counted here independently of the lab.
int missing_from(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& held) {
    return static_cast<int>(std::count_if(ops.begin(), ops.end(), [&](const OpRecord& op) {
        return op.f != OpF::Read && op.status == OpStatus::Ok && !held.count(op.value);
    }));
}

/// True when a read that began at or after t returned a value the database does not hold.
bool read_a_lost_value_after(const std::vector<OpRecord>& ops, const std::set<std::int64_t>& held, Nanos t) {
    std::set<std::int64_t> lost;
    for (const OpRecord& op : ops) {
        if (op.f != OpF::Read && op.status == OpStatus::Ok && !held.count(op.value)) lost.insert(op.value);
    }
    return std::any_of(ops.begin(), ops.end(), [&](const OpRecord& op) {
        return op.f == OpF::Read && op.status == OpStatus::Ok && op.found && op.invoke_ns >= t.count() && lost.count(op.value);
    });
}

bool has_event(const VirtualRun& r, const std::string& part) {
    return std::any_of(r.events.begin(), r.events.end(), [&](const RunEvent& e) { return e.text.find(part) != std::string::npos; });
}

}  // namespace

class TestReplicationPromote : public QObject {
    Q_OBJECT
private slots:
    void lost_writes_are_what_the_final_database_lacks() {
        // Async, a replica promoted by hand while the old primary hears of it 20 ms late: the old
        // primary goes on answering reads of writes the new primary never got. Those reads began
        // after the promotion, and used to excuse the writes (the count was 45 of 46 missing).
        BuiltRun r({{"replication", "async"}, {"repl_batch_ms", "200"}, {"arrival_rps", "1000"}, {"keys", "3"}}, 1);
        r.run_for(std::chrono::seconds(3));
        r.fault("delay:monitor->primary:20ms");
        r.run_for(std::chrono::seconds(1));
        r.fault("promote:replica-1");
        r.run_for(std::chrono::seconds(2));
        const nlohmann::json s = r.finish(std::chrono::seconds(1));
        const std::string shown = s.dump();
        QCOMPARE(r.m().primary_now.load(), 1);
        const std::vector<OpRecord> ops = r.m().ops.snapshot();
        const std::set<std::int64_t> held = kv_applied_values(r.run().database(1));
        const int missing = missing_from(ops, held);
        QVERIFY2(missing > 0, shown.c_str());
        // The case of the bug: a read begun after the promotion returned one of the missing writes.
        QVERIFY(read_a_lost_value_after(ops, held, std::chrono::milliseconds(4050)));
        QCOMPARE(s["lost_writes"].get<int>(), missing);
        QVERIFY2(s["linearizable"] == nlohmann::json(false), s.dump().c_str());
    }

    void sync_refuses_a_replica_that_lacks_acknowledged_writes_data() {
        QTest::addColumn<QString>("mode");
        QTest::newRow("sync") << "sync";
        QTest::newRow("semi-sync") << "semi-sync";
    }
    void sync_refuses_a_replica_that_lacks_acknowledged_writes() {
        // replica-1 hears nothing from the primary from 5 s on; after detect_after_ms it leaves
        // the in-sync set and the primary acknowledges writes without it. Promoting it would lose
        // them: the monitor waits detect_after_ms for it to catch up, then refuses (sync: the
        // primary's proposal of the in-sync set left it out; semi-sync: it is behind the position
        // the primary acknowledged).
        QFETCH(QString, mode);
        const VirtualRun r = run_virtual({{"replication", mode.toStdString()}}, 12,
                                         {"5s:cut:primary->replica-1", "8s:promote:replica-1"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("primary"));
        QCOMPARE(s["failovers"].get<int>(), 0);
        QCOMPARE(s["promotions_refused"].get<int>(), 1);
        const char* why = mode == "sync" ? "promote replica-1 refused: it is not in the in-sync set the primary reported"
                                         : "promote replica-1 refused: it has applied the log up to position";
        QVERIFY2(has_event(r, why), shown.c_str());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"] == nlohmann::json(true), shown.c_str());
    }

    void sync_fails_over_only_to_the_in_sync_set() {
        // The soak's case, made deterministic: replica-2 hears nothing from the primary from 3 s
        // on and leaves the in-sync set; the primary acknowledges writes replica-1 holds and
        // replica-2 does not. The monitor stops hearing replica-1 at 5 s, and the primary dies at
        // 6 s. Promoting the one replica it hears, replica-2, lost 257 acknowledged writes: the
        // monitor now promotes only a member of the set the primary proposed, so it promotes
        // nobody, says why, and the writes wait for the primary.
        const VirtualRun r = run_virtual({{"replication", "sync"}}, 12,
                                         {"3s:cut:primary->replica-2", "5s:cut:replica-1->monitor", "6s:kill:primary"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QCOMPARE(s["failovers"].get<int>(), 0);
        QVERIFY2(has_event(r, "no failover: no member of the in-sync set answers"), shown.c_str());
        QVERIFY2(s["writes_ok"].get<int>() > 0, shown.c_str());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"] == nlohmann::json(true), shown.c_str());
        // Once the monitor hears replica-1 again it promotes it: it holds every acknowledged write.
        const VirtualRun healed = run_virtual({{"replication", "sync"}}, 12,
                                              {"3s:cut:primary->replica-2", "5s:cut:replica-1->monitor", "6s:kill:primary",
                                               "8s:heal-link:replica-1->monitor"});
        const nlohmann::json& h = healed.summary;
        QCOMPARE(h["failovers"].get<int>(), 1);
        QCOMPARE(h["primary_now"].get<std::string>(), std::string("replica-1"));
        QCOMPARE(h["lost_writes"].get<int>(), 0);
        QVERIFY2(h["linearizable"] == nlohmann::json(true), h.dump().c_str());
    }

    void a_restarted_monitor_still_fails_over_in_sync_mode() {
        // The monitor restarts and the primary dies at once, then comes back and declines its
        // term: nobody can tell the new monitor the in-sync set. It must still fail over (the
        // writes stopped for good before), and it says it did so without the set.
        const VirtualRun r = run_virtual({{"replication", "sync"}}, 10,
                                         {"3s:restart:monitor", "3s:kill:primary", "6s:restart:primary"});
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QVERIFY2(s["failovers"].get<int>() >= 1, shown.c_str());
        QVERIFY2(has_event(r, "failover without the in-sync set"), shown.c_str());
        QVERIFY2(s["writes_ok"].get<int>() > 500, shown.c_str());   // about 100 a second, after 3 s too
        QCOMPARE(s["lost_writes"].get<int>(), 0);
    }

    void sync_promotes_a_restarted_replica_once_it_caught_up_data() {
        QTest::addColumn<int>("seed");
        for (int seed = 1; seed <= 3; ++seed) QTest::addRow("seed %d", seed) << seed;
    }
    void sync_promotes_a_restarted_replica_once_it_caught_up() {
        // The brief's case: replica-1 killed, back at 8 s three seconds behind, promoted at once.
        // The promotion waits until it holds every acknowledged write; the old primary, deposed
        // while clients still send it reads, refuses them instead of answering from the copy it
        // is rebuilding (those reads returned nil and broke the verdict).
        QFETCH(int, seed);
        const VirtualRun r = run_virtual({{"replication", "sync"}}, 14,
                                         {"5s:kill:replica-1", "8s:restart:replica-1", "8s:promote:replica-1"},
                                         static_cast<std::uint64_t>(seed));
        const nlohmann::json& s = r.summary;
        const std::string shown = s.dump();
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("replica-1"));
        QCOMPARE(s["failovers"].get<int>(), 1);
        QCOMPARE(s["promotions_refused"].get<int>(), 0);
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QCOMPARE(s["stale_reads"].get<int>(), 0);
        QVERIFY2(s["linearizable"] == nlohmann::json(true), shown.c_str());
    }

    void async_promotes_whatever_it_is_asked() {
        // The same lagging replica under async: a person's override, done at the next beat, and
        // the writes only the old primary held are lost (and counted).
        const VirtualRun r = run_virtual({{"replication", "async"}}, 12, {"5s:cut:primary->replica-1", "8s:promote:replica-1"});
        const nlohmann::json& s = r.summary;
        QCOMPARE(s["primary_now"].get<std::string>(), std::string("replica-1"));
        QCOMPARE(s["promotions_refused"].get<int>(), 0);
        QVERIFY2(s["lost_writes"].get<int>() > 0, s.dump().c_str());
        QVERIFY2(s["linearizable"] == nlohmann::json(false), s.dump().c_str());
        QVERIFY(!has_event(r, "refused"));
    }
};

QTEST_GUILESS_MAIN(TestReplicationPromote)
#include "test_replication_promote.moc"
