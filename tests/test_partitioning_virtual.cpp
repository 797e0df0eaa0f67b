// The partitioning lab in virtual time, through the RunController as the CLI runs it: the moved
// fraction of adding a fifth shard to four against theory, with traffic during the move and the
// end-of-run audit at 0; hot spots and scan fan-out by strategy; remove, split and move-slots;
// a client that routes by its own map; a shard killed in the middle of a move; exact repeats.
// Tolerances: with K keys the moved share of a scheme that moves each key with probability p
// has a standard deviation of sqrt(p(1-p)/K), 0.007 for K = 3000 and p = 0.2; a ring of 160
// virtual nodes per shard adds about 0.2/sqrt(160) = 0.016 to the new shard's share. The bounds
// are 4 (hash) and 3 (ring) standard deviations wide. Runs are deterministic (fixed seed).
#include <QTest>

#include <cmath>

#include "lab_runs.h"

using lab_test::run_virtual;
using lab_test::Sets;

namespace {
QString dump(const nlohmann::json& j) { return QString::fromStdString(j.dump()); }

/// The audit found nothing wrong and no read missed a key that had been written.
void check_audit(const nlohmann::json& s) {
    QVERIFY2(s["lost_keys"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["duplicate_keys"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["misplaced_keys"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(s["read_misses"].get<int>() == 0, qPrintable(dump(s)));
    QVERIFY2(!s["rebalance_running"].get<bool>(), qPrintable(dump(s)));
}

/// Requests served per shard, by id.
std::map<std::string, double> requests(const nlohmann::json& s) {
    std::map<std::string, double> out;
    for (const auto& p : s["per_shard"]) out[p["id"].get<std::string>()] = p["requests"].get<double>();
    return out;
}
}  // namespace

class TestPartitioningVirtual : public QObject {
    Q_OBJECT
private slots:
    void adding_a_fifth_shard_moves_what_theory_says_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("theory");
        QTest::addColumn<double>("tolerance");
        QTest::newRow("consistent-hash") << "consistent-hash" << 0.2 << 0.05;
        QTest::newRow("rendezvous") << "rendezvous" << 0.2 << 0.03;
        QTest::newRow("jump") << "jump" << 0.2 << 0.03;
        QTest::newRow("hash-slot") << "hash-slot" << 0.2 << 0.03;
        QTest::newRow("hash-mod") << "hash-mod" << 0.8 << 0.03;
    }
    void adding_a_fifth_shard_moves_what_theory_says() {
        QFETCH(QString, strategy);
        QFETCH(double, theory);
        QFETCH(double, tolerance);
        const auto r = run_virtual("partitioning", {{"strategy", strategy.toStdString()}, {"keys", "3000"}}, 6,
                                   {"2s:add-shard"});
        const nlohmann::json& s = r.summary;
        QCOMPARE(s["rebalances"].size(), std::size_t{1});
        const nlohmann::json& rb = s["rebalances"][0];
        QVERIFY2(rb["status"] == "done", qPrintable(dump(rb)));
        const double moved = rb["moved_fraction"].get<double>();
        QVERIFY2(std::abs(moved - theory) < tolerance, qPrintable(dump(rb)));
        QVERIFY2(std::abs(rb["expected_fraction"].get<double>() - theory) < 0.01, qPrintable(dump(rb)));
        QCOMPARE(s["map_shards"].size(), std::size_t{5});
        QVERIFY2(s["writes_acked"].get<int>() > 300, qPrintable(dump(s)));  // traffic went on during the move
        QVERIFY2(s["errors"].get<int>() == 0, qPrintable(dump(s)));
        check_audit(s);
    }

    void sequential_keys_make_a_hot_spot_with_range_only() {
        const Sets writes = {{"key_dist", "sequential"}, {"read_ratio", "0"}, {"range_ratio", "0"}};
        Sets range = writes, mod = writes;
        range.push_back({"strategy", "range"});
        mod.push_back({"strategy", "hash-mod"});
        const auto a = run_virtual("partitioning", range, 4), b = run_virtual("partitioning", mod, 4);
        const auto ra = requests(a.summary), rb = requests(b.summary);
        double total_a = 0, total_b = 0, max_b = 0;
        for (const auto& [id, n] : ra) total_a += n;
        for (const auto& [id, n] : rb) {
            total_b += n;
            max_b = std::max(max_b, n);
        }
        QVERIFY2(ra.at("shard-4") >= 0.99 * total_a, qPrintable(dump(a.summary["per_shard"])));
        QVERIFY2(max_b < 0.35 * total_b, qPrintable(dump(b.summary["per_shard"])));
        check_audit(a.summary);
        check_audit(b.summary);
    }

    void range_scans_touch_few_shards_with_range_and_all_with_hashes_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::newRow("range") << "range" << 1.0 << 2.0;
        QTest::newRow("jump") << "jump" << 4.0 << 4.0;
        QTest::newRow("consistent-hash") << "consistent-hash" << 4.0 << 4.0;
        QTest::newRow("hash-mod") << "hash-mod" << 4.0 << 4.0;
    }
    void range_scans_touch_few_shards_with_range_and_all_with_hashes() {
        QFETCH(QString, strategy);
        QFETCH(double, lo);
        QFETCH(double, hi);
        const auto r = run_virtual("partitioning", {{"strategy", strategy.toStdString()}, {"range_ratio", "0.5"}}, 3);
        const double fanout = r.summary["scan_fanout_mean"].get<double>();
        QVERIFY2(fanout >= lo && fanout <= hi, qPrintable(dump(r.summary)));
        QVERIFY(r.summary["scans"].get<int>() > 100);
        check_audit(r.summary);
    }

    void remove_split_and_move_slots_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<double>("theory");
        QTest::newRow("remove, ring") << "consistent-hash" << "2s:remove-shard:shard-2" << 0.25;
        QTest::newRow("remove last, jump") << "jump" << "2s:remove-shard:shard-4" << 0.25;
        QTest::newRow("remove, hash-mod") << "hash-mod" << "2s:remove-shard:shard-2" << 0.75;
        QTest::newRow("split, range") << "range" << "2s:split:shard-1" << 0.125;
        QTest::newRow("add, range") << "range" << "2s:add-shard" << 0.125;
        QTest::newRow("move-slots") << "hash-slot" << "2s:move-slots:shard-1" << 0.0625;
    }
    void remove_split_and_move_slots() {
        QFETCH(QString, strategy);
        QFETCH(QString, fault);
        QFETCH(double, theory);
        const auto r = run_virtual("partitioning", {{"strategy", strategy.toStdString()}, {"keys", "3000"}}, 6,
                                   {fault.toStdString()});
        const nlohmann::json& s = r.summary;
        const nlohmann::json& rb = s["rebalances"][0];
        QVERIFY2(rb["status"] == "done", qPrintable(dump(rb)));
        QVERIFY2(std::abs(rb["moved_fraction"].get<double>() - theory) < 0.03, qPrintable(dump(rb)));
        QVERIFY2(std::abs(rb["expected_fraction"].get<double>() - theory) < 0.03, qPrintable(dump(rb)));
        QVERIFY2(s["errors"].get<int>() == 0, qPrintable(dump(s)));
        check_audit(s);
        if (fault.contains("remove")) {
            for (const auto& p : s["per_shard"]) {
                if (p["id"] == fault.section(':', 2).toStdString()) QCOMPARE(p["keys"].get<int>(), 0);
            }
        }
    }

    void a_client_with_its_own_map_is_redirected() {
        // The client never hears the commit (the link from the router is cut), so after the move
        // only Moved replies teach it the new map.
        const auto r = run_virtual("partitioning", {{"routing", "client"}, {"strategy", "jump"}, {"migrate_rate", "500"}},
                                   6, {"1s:cut:router->client", "2s:add-shard"});
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["rebalances"][0]["status"] == "done", qPrintable(dump(s)));
        QVERIFY2(s["redirects"]["ask"].get<int>() > 0, qPrintable(dump(s)));
        QVERIFY2(s["redirects"]["moved"].get<int>() > 0, qPrintable(dump(s)));
        QVERIFY2(s["errors"].get<int>() == 0, qPrintable(dump(s)));
        check_audit(s);
    }

    void a_shard_killed_during_a_move_loses_no_acknowledged_write_data() {
        QTest::addColumn<QString>("victim");
        QTest::newRow("a source") << "shard-1";
        QTest::newRow("the new shard") << "shard-5";
        QTest::newRow("the router") << "router";
    }
    void a_shard_killed_during_a_move_loses_no_acknowledged_write() {
        QFETCH(QString, victim);
        const std::string v = victim.toStdString();
        const auto r = run_virtual("partitioning", {{"strategy", "consistent-hash"}, {"migrate_rate", "300"}}, 8,
                                   {"2s:add-shard", "2.4s:kill:" + v, "3.5s:restart:" + v});
        const nlohmann::json& s = r.summary;
        QVERIFY2(s["rebalances"][0]["status"] == "done", qPrintable(dump(s)));
        QVERIFY2(s["errors"].get<int>() > 0, qPrintable(dump(s)));  // requests to the dead node timed out
        check_audit(s);
    }

    // A database queue that holds one job at 15,000 operations a second, while a fifth shard
    // takes 2,000 of 10,000 keys in many batches: the runtime sheds reads, writes and migration
    // jobs. A shed batch read puts its keys back, a shed erase sends its batch again; the move
    // still ends and nothing is lost. (At 3,000 ops/s over 2,000 keys no migration job was shed.)
    void a_full_database_queue_sheds_and_the_move_still_ends() {
        const auto r = run_virtual("partitioning",
                                   {{"strategy", "consistent-hash"}, {"arrival_rps", "15000"}, {"keys", "10000"},
                                    {"migrate_rate", "10000"}, {"db_queue_limit", "1"}},
                                   6, {"1s:add-shard"});
        const nlohmann::json& s = r.summary;
        QVERIFY2(lab_test::total_jobs_shed(s) > 50, qPrintable(dump(s)));
        QVERIFY2(s["migration_jobs_shed"].get<int>() > 0, qPrintable(dump(s)));
        QVERIFY2(s["rebalances"][0]["status"] == "done", qPrintable(dump(s)));
        check_audit(s);
    }

    void same_seed_same_run() {
        const std::vector<std::string> faults = {"1s:add-shard", "2s:kill:shard-2", "2.5s:restart:shard-2"};
        const auto a = run_virtual("partitioning", {}, 4, faults), b = run_virtual("partitioning", {}, 4, faults);
        QCOMPARE(a.fingerprint.size(), std::size_t{16});
        QCOMPARE(b.fingerprint, a.fingerprint);
        QVERIFY2(a.summary == b.summary, qPrintable(dump(a.summary) + "\n" + dump(b.summary)));
        QVERIFY(lab_test::same_rows(a.series, b.series));
    }

    void actions_that_do_not_fit_are_refused_or_recorded() {
        // split is range's: the fault fails when applied (the run's log says why) and the map stays.
        // Removing a shard that is not in the map: the coordinator records it as rejected.
        const auto j = run_virtual("partitioning", {{"strategy", "jump"}}, 2, {"1s:split:shard-1"});
        QVERIFY2(j.summary["rebalances"].empty(), qPrintable(dump(j.summary)));
        QCOMPARE(j.summary["map_shards"].size(), std::size_t{4});
        const auto r = run_virtual("partitioning", {}, 3, {"1s:remove-shard:shard-6"});
        QCOMPARE(r.summary["rebalances"][0]["status"].get<std::string>(), std::string("rejected"));
        check_audit(r.summary);
    }
};

QTEST_GUILESS_MAIN(TestPartitioningVirtual)
#include "test_partitioning_virtual.moc"
