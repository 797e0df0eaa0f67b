// The replication lab's measurements on hand-made client records: stale reads, lost writes,
// the Jepsen history built from the records, and the per-window initial-state assumption.
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "labs/replication/history_check.h"
#include "labs/replication/kv_store.h"
#include "labs/replication/lost_write_count.h"

using namespace archlab::replication;

namespace {
/// Records an invocation at t_in ms.
std::size_t inv(OpRecorder& rec, OpF f, std::int64_t process, std::uint32_t key, std::int64_t value, double t_in) {
    OpRecord r;
    r.f = f;
    r.process = process;
    r.key = key;
    r.value = f == OpF::Read ? 0 : value;
    r.invoke_ns = static_cast<std::int64_t>(t_in * 1e6);
    return rec.invoke(r);
}

/// Completes op i at t_out ms (reads: value and version returned; writes: version assigned).
void done(OpRecorder& rec, std::size_t i, double t_out, OpStatus status = OpStatus::Ok, std::int64_t value = 0,
          std::uint64_t version = 0, bool found = true) {
    rec.complete(i, status, static_cast<std::int64_t>(t_out * 1e6), found, value, version, 0);
}

/// An operation invoked and completed with nothing in between.
std::size_t op(OpRecorder& rec, OpF f, std::int64_t process, std::uint32_t key, std::int64_t value, double t_in,
               double t_out, OpStatus status = OpStatus::Ok, std::uint64_t version = 0, bool found = true) {
    const std::size_t i = inv(rec, f, process, key, value, t_in);
    if (t_out >= 0) done(rec, i, t_out, status, value, version, found);
    return i;
}

std::optional<bool> window_verdict(const OpRecorder& rec, std::size_t from) {
    const auto ops = rec.snapshot();
    return verdict_of(check_register(window_history(ops, from, ops.size()), std::chrono::seconds(5)));
}

/// The verdict of the ops invoked since the last window, as the lab takes it: from what the
/// recorder keeps in memory, the earlier windows' records retired to its spill.
std::optional<bool> recorder_window_verdict(OpRecorder& rec) {
    std::optional<archlab::consistency::History> h;
    rec.next_window([&](const RecorderView& view, std::size_t from, std::size_t to) { h = window_history(view, from, to); });
    return h ? verdict_of(check_register(*h, std::chrono::seconds(5))) : std::nullopt;
}

/// Retires the records invoked so far (a window taken and thrown away).
void take_window(OpRecorder& rec) {
    rec.next_window([](const RecorderView&, std::size_t, std::size_t) {});
}

std::vector<std::string> edn_lines(const archlab::consistency::History& h) {
    std::vector<std::string> out;
    for (const auto& o : h.ops) out.push_back(std::to_string(o.process) + " " + archlab::consistency::to_edn(o));
    return out;
}
}  // namespace

class TestReplicationHistory : public QObject {
    Q_OBJECT
private slots:
    void a_read_is_stale_only_against_writes_acknowledged_before_it_began() {
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 10, 0, 2, OpStatus::Ok, 1);
        op(rec, OpF::Write, 0, 1, 11, 3, 5, OpStatus::Ok, 2);
        op(rec, OpF::Read, 1, 1, 10, 4, 6, OpStatus::Ok, 1);   // began before version 2 was acknowledged
        op(rec, OpF::Read, 1, 1, 10, 7, 8, OpStatus::Ok, 1);   // began after: stale
        op(rec, OpF::Read, 2, 2, 0, 7, 8, OpStatus::Ok, 0, false);  // another key, nothing written: fine
        const OpRecorder::Totals t = rec.totals();
        QCOMPARE(t.reads_ok, 3u);
        QCOMPARE(t.stale_reads, 1u);
        const auto ops = rec.snapshot();
        QVERIFY(!ops[2].stale);
        QVERIFY(ops[3].stale);
    }

    void lost_writes_are_acknowledged_writes_the_final_database_lacks() {
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 10, 0, 1, OpStatus::Ok, 1);   // in the final state
        op(rec, OpF::Write, 0, 1, 11, 2, 3, OpStatus::Ok, 2);   // not: lost, though a read returned it ...
        op(rec, OpF::Read, 1, 1, 11, 4, 5, OpStatus::Ok, 2);    // ... (a deposed primary, say): no proof it survived
        op(rec, OpF::Write, 0, 1, 12, 6, 7, OpStatus::Ok, 3);   // nowhere: lost
        op(rec, OpF::Write, 0, 1, 13, 8, 9, OpStatus::Fail);    // never acknowledged: not counted
        op(rec, OpF::Write, 3, 1, 14, 8, 9, OpStatus::Info);    // unknown outcome: not counted
        QCOMPARE(count_lost_writes(rec.snapshot(), {10}), 2u);
        QCOMPARE(count_lost_writes(rec.snapshot(), {10, 11}), 1u);
        QCOMPARE(count_lost_writes(rec.snapshot(), {10, 11, 12}), 0u);
        const auto ops = rec.snapshot();
        const std::vector<const OpRecord*> lost = lost_writes(ops, {10});
        QCOMPARE(lost.size(), std::size_t(2));
        QCOMPARE(lost[0]->value, std::int64_t(11));
    }

    void lost_writes_make_the_verdict_false() {
        // Write 11 lost, then overwritten by 12 before anyone read key 1: the clients' history is
        // linearizable on its own, the final database (which never applied 11) says otherwise.
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 11, 0, 1, OpStatus::Ok, 1);
        op(rec, OpF::Write, 0, 1, 12, 2, 3, OpStatus::Ok, 2);
        op(rec, OpF::Read, 1, 1, 12, 4, 5, OpStatus::Ok, 2);
        const auto ops = rec.snapshot();
        archlab::consistency::CheckResult r = check_register(to_history(ops), std::chrono::seconds(5));
        QCOMPARE(verdict_of(r), std::optional<bool>(true));
        agree_with_lost_writes(r, lost_writes(ops, {12}));
        QCOMPARE(verdict_of(r), std::optional<bool>(false));
        QVERIFY2(QString::fromStdString(r.explanation).contains("value 11 to key 1"), r.explanation.c_str());
        archlab::consistency::CheckResult kept = check_register(to_history(ops), std::chrono::seconds(5));
        agree_with_lost_writes(kept, lost_writes(ops, {11, 12}));  // nothing lost: the verdict stands
        QCOMPARE(verdict_of(kept), std::optional<bool>(true));
    }

    void history_keeps_the_recorded_order() {
        OpRecorder rec;
        const std::size_t w = inv(rec, OpF::Write, 0, 1, 10, 0);
        const std::size_t r = inv(rec, OpF::Read, 1, 1, 0, 1);
        done(rec, w, 2, OpStatus::Ok, 10, 1);
        done(rec, r, 3, OpStatus::Ok, 10, 1);
        inv(rec, OpF::Read, 2, 1, 0, 4);  // still open
        const archlab::consistency::History h = to_history(rec.snapshot());
        using archlab::consistency::OpType;
        QCOMPARE(h.ops.size(), std::size_t{5});  // 2 invokes + 2 completions + 1 open invoke
        const std::vector<std::pair<std::int64_t, OpType>> expected = {
            {0, OpType::invoke}, {1, OpType::invoke}, {0, OpType::ok}, {1, OpType::ok}, {2, OpType::invoke}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(h.ops[i].process, expected[i].first);
            QCOMPARE(int(h.ops[i].type), int(expected[i].second));
        }
        QCOMPARE(std::get<std::int64_t>(h.ops[3].value), std::int64_t{10});
        QCOMPARE(verdict_of(check_register(h, std::chrono::seconds(5))), std::optional<bool>(true));
    }

    void written_history_reads_back_the_same() {
        OpRecorder rec;
        op(rec, OpF::Read, 0, 3, 0, 0, 1, OpStatus::Ok, 0, false);     // nil
        op(rec, OpF::Write, 1, 3, 17, 2, 3, OpStatus::Ok, 1);
        OpRecord cas;
        cas.f = OpF::Cas;
        cas.process = 2;
        cas.key = 3;
        cas.expected = 17;
        cas.value = 18;
        cas.invoke_ns = 4000000;
        done(rec, rec.invoke(cas), 5, OpStatus::Ok, 18, 2);
        op(rec, OpF::Write, 3, 4, 5, 6, 7, OpStatus::Info);
        op(rec, OpF::Read, 4, 3, 17, 8, 9, OpStatus::Ok, 1);          // stale: not linearizable
        const archlab::consistency::History h = to_history(rec.snapshot());
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/history.edn").toStdString();
        {
            std::ofstream out(path);
            write_history(out, h);
        }
        const archlab::consistency::History back = archlab::consistency::read_history_file(path);
        QCOMPARE(back.ops.size(), h.ops.size());
        for (std::size_t i = 0; i < h.ops.size(); ++i) {
            QCOMPARE(back.ops[i].process, h.ops[i].process);
            QCOMPARE(int(back.ops[i].type), int(h.ops[i].type));
            QCOMPARE(int(back.ops[i].f), int(h.ops[i].f));
            QCOMPARE(back.ops[i].key, h.ops[i].key);
            QVERIFY(back.ops[i].value == h.ops[i].value);
            QVERIFY(back.ops[i].cas_to == h.ops[i].cas_to);
        }
        const auto in_memory = check_register(h, std::chrono::seconds(5));
        const auto from_file = check_register(back, std::chrono::seconds(5));
        QCOMPARE(verdict_of(in_memory), std::optional<bool>(false));
        QCOMPARE(verdict_of(from_file), std::optional<bool>(false));
    }

    void window_starts_from_the_last_acknowledged_write() {
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 10, 0, 1, OpStatus::Ok, 1);
        op(rec, OpF::Write, 0, 1, 11, 2, 3, OpStatus::Ok, 2);
        take_window(rec);  // the writes are retired to the spill, as a running lab does
        const std::size_t from = rec.size();
        op(rec, OpF::Read, 1, 1, 11, 10, 11, OpStatus::Ok, 2);
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(true));
        op(rec, OpF::Read, 1, 1, 10, 12, 13, OpStatus::Ok, 1);  // the value before: impossible
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(false));
        QCOMPARE(recorder_window_verdict(rec), std::optional<bool>(false));
    }

    void window_allows_either_of_overlapping_writes_data() {
        QTest::addColumn<int>("read");
        QTest::addColumn<bool>("overlap");
        QTest::addColumn<bool>("linearizable");
        QTest::newRow("overlapping, reads the later-completing") << 10 << true << true;
        QTest::newRow("overlapping, reads the other") << 11 << true << true;
        QTest::newRow("one after the other, reads the first") << 10 << false << false;
    }
    void window_allows_either_of_overlapping_writes() {
        QFETCH(int, read);
        QFETCH(bool, overlap);
        QFETCH(bool, linearizable);
        OpRecorder rec;
        std::size_t a = 0, b = 0;
        if (overlap) {
            a = inv(rec, OpF::Write, 0, 1, 10, 0);
            b = inv(rec, OpF::Write, 1, 1, 11, 1);
            done(rec, b, 4, OpStatus::Ok, 11, 2);
            done(rec, a, 5, OpStatus::Ok, 10, 1);  // completes last, yet may have taken effect first
        } else {
            op(rec, OpF::Write, 0, 1, 10, 0, 1, OpStatus::Ok, 1);
            op(rec, OpF::Write, 1, 1, 11, 2, 3, OpStatus::Ok, 2);
        }
        take_window(rec);
        const std::size_t from = rec.size();
        op(rec, OpF::Read, 2, 1, read, 10, 11, OpStatus::Ok, 1);
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(linearizable));
        QCOMPARE(recorder_window_verdict(rec), std::optional<bool>(linearizable));
    }

    void window_keeps_earlier_writes_of_unknown_outcome() {
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 10, 0, 1, OpStatus::Ok, 1);
        op(rec, OpF::Write, 1, 1, 12, 2, 3, OpStatus::Info);  // may take effect later
        take_window(rec);
        const std::size_t from = rec.size();
        op(rec, OpF::Read, 2, 1, 12, 10, 11, OpStatus::Ok, 2);
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(true));
        QCOMPARE(recorder_window_verdict(rec), std::optional<bool>(true));
        op(rec, OpF::Read, 2, 1, 13, 12, 13, OpStatus::Ok, 3);  // a value nobody wrote
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(false));
        QCOMPARE(recorder_window_verdict(rec), std::optional<bool>(false));
    }

    void window_leaves_out_unknown_writes_it_never_observes() {
        // Write 12 ended :info; the window reads 10 only. Taking 12 as never done explains the
        // window whatever 12 did, so it is left out: the verdict is the one with it.
        OpRecorder rec;
        op(rec, OpF::Write, 0, 1, 10, 0, 1, OpStatus::Ok, 1);
        op(rec, OpF::Write, 1, 1, 12, 2, 3, OpStatus::Info);
        const std::size_t from = rec.size();
        op(rec, OpF::Read, 2, 1, 10, 10, 11, OpStatus::Ok, 1);
        const auto ops = rec.snapshot();
        const archlab::consistency::History h = window_history(ops, from, ops.size());
        for (const auto& o : h.ops) QVERIFY2(o.process != 1, archlab::consistency::to_edn(o).c_str());
        QCOMPARE(verdict_of(check_register(h, std::chrono::seconds(5))), std::optional<bool>(true));
        op(rec, OpF::Read, 2, 1, 12, 12, 13, OpStatus::Ok, 2);  // now observed: it joins again
        QCOMPARE(window_verdict(rec, from), std::optional<bool>(true));
    }

    void recorder_keeps_little_in_memory_and_loses_nothing() {
        // A long random workload (six processes, three keys, every outcome): each window built from the recorder's memory is the very history built
        // from every record, stale reads are judged as against every acknowledgement, the
        // acknowledged values stream back in order, and memory holds a few windows' worth of
        // records (and the writes of unknown outcome, which any later window may see take
        // effect), not the run.
        std::mt19937_64 rng(7);
        const auto below = [&](std::uint64_t n) { return rng() % n; };
        OpRecorder rec;
        std::vector<std::size_t> open;
        std::vector<int> busy(6, 0);
        std::vector<std::size_t> process_of;
        std::int64_t t = 0, next_value = 1;
        std::size_t windows = 0, max_in_memory = 0;
        for (int step = 0; step < 20000; ++step) {
            t += 100000 + static_cast<std::int64_t>(below(2000000));
            const std::size_t idle = std::size_t(std::find(busy.begin(), busy.end(), 0) - busy.begin());
            if (idle < busy.size() && (open.empty() || below(2) == 0)) {
                OpRecord r;
                const std::uint64_t kind = below(10);
                r.f = kind < 5 ? OpF::Read : kind < 9 ? OpF::Write : OpF::Cas;
                r.process = std::int64_t(idle);
                r.key = std::uint32_t(below(3));
                r.value = r.f == OpF::Read ? 0 : next_value++;
                r.expected = r.f == OpF::Cas ? std::int64_t(below(std::uint64_t(next_value))) : 0;
                r.invoke_ns = t;
                open.push_back(rec.invoke(r));
                process_of.push_back(idle);
                busy[idle] = 1;
            } else if (!open.empty()) {
                const std::size_t k = std::size_t(below(open.size()));
                const std::size_t i = open[k];
                open.erase(open.begin() + std::ptrdiff_t(k));
                busy[process_of[i]] = 0;
                const std::uint64_t outcome = below(200);
                const OpStatus status = outcome < 170 ? OpStatus::Ok : outcome < 195 ? OpStatus::Fail : OpStatus::Info;
                const std::int64_t seen = std::int64_t(below(std::uint64_t(next_value)));
                rec.complete(i, status, t, seen != 0, seen, std::uint64_t(seen), 0);
            }
            if (step % 40 == 39) {
                const std::vector<OpRecord> all = rec.snapshot();
                std::optional<archlab::consistency::History> from_memory;
                std::size_t from = 0, to = 0;
                rec.next_window([&](const RecorderView& view, std::size_t f, std::size_t e) {
                    from_memory = window_history(view, f, e);
                    from = f;
                    to = e;
                });
                if (!from_memory) continue;
                ++windows;
                QCOMPARE(edn_lines(*from_memory), edn_lines(window_history(all, from, to)));
                max_in_memory = std::max(max_in_memory, rec.in_memory());
            }
        }
        QVERIFY(windows > 400);
        QVERIFY2(max_in_memory < 300, qPrintable(QString("%1 records in memory").arg(max_in_memory)));
        const std::vector<OpRecord> all = rec.snapshot();
        QCOMPARE(all.size(), rec.size());
        std::set<std::int64_t> kept;
        std::map<std::uint32_t, std::vector<const OpRecord*>> acked;
        for (const OpRecord& op : all) {
            if (is_acked_write(op) && op.value % 3 != 0) kept.insert(op.value);
            if (is_acked_write(op)) acked[op.key].push_back(&op);
        }
        // The acknowledged values as the lost-write count reads them: every one, in acknowledgement order.
        std::vector<const OpRecord*> by_ack;
        for (const OpRecord& op : all) {
            if (is_acked_write(op)) by_ack.push_back(&op);
        }
        std::sort(by_ack.begin(), by_ack.end(), [](const OpRecord* a, const OpRecord* b) { return a->complete_seq < b->complete_seq; });
        std::vector<std::int64_t> streamed;
        rec.for_each_acked_value_block(0, rec.acked_writes(), [&](const std::vector<std::int64_t>& block) {
            streamed.insert(streamed.end(), block.begin(), block.end());
        });
        QCOMPARE(streamed.size(), by_ack.size());
        for (std::size_t i = 0; i < by_ack.size(); ++i) QCOMPARE(streamed[i], by_ack[i]->value);
        QVERIFY(count_lost_writes(all, kept) > 0);
        std::size_t stale = 0;
        for (const OpRecord& op : all) {
            if (op.f != OpF::Read || op.status != OpStatus::Ok) continue;
            std::uint64_t newest = 0;
            for (const OpRecord* w : acked[op.key]) {
                if (w->complete_ns < op.invoke_ns) newest = std::max(newest, w->version);
            }
            QCOMPARE(op.stale, op.version < newest);
            stale += op.stale;
        }
        QVERIFY(stale > 0);
    }

    void lost_write_count_follows_the_ledger() {
        // Against a real ledger: values looked up once stay found while the ledger only grows; a
        // reset (wipe) of the source makes the count look every acknowledged write up again.
        QTemporaryDir dir;
        archlab::SqlitePool pool((dir.path() + "/n.sqlite3").toStdString());
        kv_prepare(pool);
        const auto ledger = [&](std::vector<std::int64_t> values) {
            std::vector<LogEntry> entries;
            for (std::int64_t v : values) entries.push_back(LogEntry{0, 1, v, 0, 1, 0});
            pool.with([&](sqlite3* db) { kv_apply(db, entries); });
        };
        OpRecorder rec;
        for (std::int64_t v = 1; v <= 20000; ++v) op(rec, OpF::Write, 0, 1, v, double(v), double(v) + 0.5, OpStatus::Ok, std::uint64_t(v));
        std::vector<std::int64_t> held;
        for (std::int64_t v = 1; v <= 20000; ++v) {
            if (v % 1000 != 0) held.push_back(v);
        }
        ledger(held);
        std::uint64_t resets = 0;
        LostWriteCount lost;
        const auto truth = [&] { return std::vector<LostWriteCount::Source>{{&pool, 0, resets}}; };
        QCOMPARE(lost.update(rec, truth), 20u);  // 1000, 2000, ... 20000
        ledger({3000, 4000});                    // late, but there now
        QCOMPARE(lost.update(rec, truth), 18u);
        op(rec, OpF::Write, 0, 1, 20001, 30000, 30001, OpStatus::Ok, 20001);
        QCOMPARE(lost.update(rec, truth), 19u);
        pool.with([](sqlite3* db) { kv_wipe(db); });
        ledger({1, 2});
        ++resets;
        QCOMPARE(lost.update(rec, truth), 19999u);  // everything but 1 and 2, looked up again
    }
};

QTEST_GUILESS_MAIN(TestReplicationHistory)
#include "test_replication_history.moc"
