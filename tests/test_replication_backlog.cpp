// The replication backlog: each data node keeps only the last backlog_entries log entries. A
// replica whose gap fits catches up from them (partial resync); one further behind gets a
// snapshot of the primary's store (full resync), said in the event log and counted, and ends
// with the primary's data. All in virtual time on the lab as Lab::build makes it.
#include <QTest>

#include "labs/replication/kv_store.h"
#include "labs/replication/repl_backlog.h"
#include "replication_runs.h"

using namespace archlab;
using namespace archlab::replication;

namespace {
LogEntry entry(std::uint64_t pos) {
    LogEntry e;
    e.pos = pos;
    e.key = static_cast<std::uint32_t>(pos % 7);
    e.value = static_cast<std::int64_t>(pos * 10);
    e.version = (1ULL << 32) | pos;
    e.commit_ns = static_cast<std::int64_t>(pos * 1000);
    return e;
}

/// The store (kv table and ledger) of data node `ordinal`.
std::pair<std::map<std::uint32_t, ReadReply>, std::set<std::int64_t>> store_of(repl_test::BuiltRun& r, int ordinal) {
    return {kv_dump(r.run().database(ordinal)), kv_applied_values(r.run().database(ordinal))};
}

bool same_rows(const std::map<std::uint32_t, ReadReply>& a, const std::map<std::uint32_t, ReadReply>& b) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, r] : a) {
        auto it = b.find(key);
        if (it == b.end() || it->second.value != r.value || it->second.version != r.version) return false;
    }
    return true;
}

std::string events_text(const std::vector<LabEvent>& events) {
    std::string out;
    for (const LabEvent& e : events) out += e.text + "\n";
    return out;
}

/// Partitions replica-2 from `at_s` for `for_s` seconds of a sync run at 200 ops/s, then lets
/// it catch up; returns the lab's summary.
nlohmann::json partitioned_run(repl_test::BuiltRun& r, double at_s, double for_s) {
    r.run_for(from_ms(at_s * 1e3));
    r.fault("partition:replica-2");
    r.run_for(from_ms(for_s * 1e3));
    r.fault("heal:replica-2");
    r.run_for(std::chrono::seconds(3));
    return r.finish(std::chrono::seconds(1));
}
}  // namespace

class TestReplicationBacklog : public QObject {
    Q_OBJECT
private slots:
    void backlog_keeps_the_last_entries_and_the_one_before() {
        ReplBacklog b(3);
        QCOMPARE(b.head(), 0u);
        QVERIFY(b.knows(0));   // position 0: the start, always known
        QVERIFY(!b.holds(1));
        for (std::uint64_t p = 1; p <= 5; ++p) b.push(entry(p));
        QCOMPARE(b.head(), 5u);
        QCOMPARE(b.base(), 2u);
        QVERIFY(!b.knows(1));
        QVERIFY(b.knows(2) && !b.holds(2));  // the base: its identity, not its entry to send
        QVERIFY(b.holds(3) && b.holds(5) && !b.holds(6));
        QCOMPARE(b.at(2).version, entry(2).version);
        QCOMPARE(b.at(4).value, entry(4).value);
        const std::vector<LogEntry> s = b.slice(4, 2);
        QCOMPARE(s.size(), std::size_t(2));
        QCOMPARE(s[0].pos, 4u);
        QCOMPARE(s[1].pos, 5u);
        b.reset_to(entry(40));  // a snapshot at position 40
        QCOMPARE(b.head(), 40u);
        QVERIFY(b.knows(40) && !b.holds(40));
        b.push(entry(41));
        QVERIFY(b.holds(41));
        b.clear();
        QCOMPARE(b.head(), 0u);
        QVERIFY(b.knows(0));
    }

    void a_restarted_node_reads_back_the_tail_after_its_snapshot() {
        QTemporaryDir dir;
        SqlitePool pool((dir.path() + "/n.sqlite3").toStdString());
        kv_prepare(pool);
        StoreSnapshot snap;
        snap.keys.push_back({7, 3, 1, 0});
        snap.ledger = {{1, 5}, {7, 7}};  // values 1..5 and 7 applied
        LoadedLog loaded;
        pool.with([&](sqlite3* db) {
            kv_install_snapshot(db, snap, entry(50));
            kv_apply(db, {entry(51), entry(52), entry(53)});
            loaded = kv_load_log(db, 10);
        });
        QCOMPARE(loaded.base.pos, 50u);  // the snapshot's entry: known, not replayed
        QCOMPARE(loaded.entries.size(), std::size_t(3));
        QCOMPARE(loaded.entries.front().pos, 51u);
        pool.with([&](sqlite3* db) { loaded = kv_load_log(db, 2); });  // only what the backlog holds
        QCOMPARE(loaded.base.pos, 51u);
        QCOMPARE(loaded.entries.size(), std::size_t(2));
        QCOMPARE(kv_dump(pool).at(1).value, std::int64_t(7));
        // The ledger: the snapshot's ranges and the values applied since, read either way.
        QVERIFY((kv_applied_values(pool) == std::set<std::int64_t>{1, 2, 3, 4, 5, 7, 510, 520, 530}));
        QVERIFY((kv_missing_values(pool, {0, 3, 6, 7, 520, 525, 600}) == std::vector<std::int64_t>{0, 6, 525, 600}));
        StoreSnapshot back;
        pool.with([&](sqlite3* db) { back = kv_read_snapshot(db); });
        QCOMPARE(back.ledger.size(), std::size_t(5));  // 1-5, 7, 510, 520, 530: merged, ascending
        QCOMPARE(back.ledger[0].hi, std::int64_t(5));
        QCOMPARE(back.ledger[4].lo, std::int64_t(530));
    }

    void a_replica_past_the_backlog_gets_a_full_resync() {
        // 100 entries are about one second of writes: a 4 s partition leaves replica-2 far behind.
        repl_test::BuiltRun r({{"replication", "sync"}, {"backlog_entries", "100"}, {"read_from", "replica"}});
        const nlohmann::json s = partitioned_run(r, 2, 4);
        const std::string shown = s.dump();
        QVERIFY2(s["full_resyncs"].get<int>() >= 1, shown.c_str());
        QCOMPARE(s["full_resyncs"].get<std::uint64_t>(), r.m().full_resyncs.value());
        const std::string log = events_text(r.run().take_events());
        QVERIFY2(log.find("replica-2 needs log position") != std::string::npos, log.c_str());
        QVERIFY2(log.find("full resync from a snapshot at position") != std::string::npos, log.c_str());
        // It ends with the primary's data: every key's value and version, and the same ledger.
        const auto primary = store_of(r, 0), replica = store_of(r, 2);
        QVERIFY(!primary.first.empty());
        QVERIFY2(same_rows(primary.first, replica.first), shown.c_str());
        QVERIFY2(primary.second == replica.second, shown.c_str());
        QCOMPARE(r.m().nodes[2].applied.load(), r.m().nodes[0].head.load());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"] == nlohmann::json(true), shown.c_str());
    }

    void a_gap_that_fits_is_a_partial_resync() {
        // The default backlog holds 10,000 entries, far more than 4 s of writes.
        repl_test::BuiltRun r({{"replication", "sync"}, {"read_from", "replica"}});
        const nlohmann::json s = partitioned_run(r, 2, 4);
        QCOMPARE(s["full_resyncs"].get<int>(), 0);
        QVERIFY(events_text(r.run().take_events()).find("full resync") == std::string::npos);
        const auto primary = store_of(r, 0), replica = store_of(r, 2);
        QVERIFY(same_rows(primary.first, replica.first));
        QVERIFY(primary.second == replica.second);
        QCOMPARE(s["lost_writes"].get<int>(), 0);
    }

    void a_resynced_replica_restarts_and_is_promoted_without_loss() {
        // After its full resync replica-2's log starts at the snapshot: killed and restarted, it
        // reads that tail back; promoted by hand (sync: only once it holds every acknowledged
        // write), it leads with the whole history, and no acknowledged write is lost.
        repl_test::BuiltRun r({{"replication", "sync"}, {"backlog_entries", "100"}});
        r.run_for(std::chrono::seconds(2));
        r.fault("partition:replica-2");
        r.run_for(std::chrono::seconds(4));
        r.fault("heal:replica-2");
        r.run_for(std::chrono::seconds(2));
        QVERIFY(r.m().full_resyncs.value() >= 1);
        r.sim().kill(r.node("replica-2"));
        r.run_for(std::chrono::milliseconds(200));
        r.sim().restart(r.node("replica-2"));
        r.run_for(std::chrono::seconds(2));
        r.fault("promote:replica-2");
        r.run_for(std::chrono::seconds(3));
        const nlohmann::json s = r.finish(std::chrono::seconds(1));
        const std::string shown = s.dump();
        QVERIFY2(s["primary_now"] == nlohmann::json("replica-2"), shown.c_str());
        QCOMPARE(s["lost_writes"].get<int>(), 0);
        QVERIFY2(s["linearizable"] == nlohmann::json(true), shown.c_str());
    }

    void a_full_resync_run_is_deterministic() {
        const repl_test::Sets sets = {{"replication", "sync"}, {"backlog_entries", "100"}};
        const std::vector<std::string> faults = {"2s:partition:replica-2", "6s:heal:replica-2"};
        const repl_test::VirtualRun a = repl_test::run_virtual(sets, 10, faults);
        const repl_test::VirtualRun b = repl_test::run_virtual(sets, 10, faults);
        QVERIFY(a.summary["full_resyncs"].get<int>() >= 1);
        QCOMPARE(a.fingerprint, b.fingerprint);
        QVERIFY(a.summary["full_resyncs"] == b.summary["full_resyncs"]);
        // Copying from nothing is not lag: the replica's lag column is blank, never the run's age.
        for (double lag : a.column("lag_ms_replica-2", 6.5)) QVERIFY2(std::isnan(lag) || lag < 1000, qPrintable(QString::number(lag)));
    }
};

QTEST_GUILESS_MAIN(TestReplicationBacklog)
#include "test_replication_backlog.moc"
