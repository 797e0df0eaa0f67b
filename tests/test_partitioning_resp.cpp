// The partitioning lab's Redis Cluster doors (hash-slot, live time), with real clients: through
// the RunController as the CLI runs it, every shard lists a RESP port; redis-cli -c writes
// through one shard and reads through another; while a move-slots rebalance runs, keys written
// before it (still on their source: served there, or -ASK once moved) and keys written during it
// are read through other shards; redis-benchmark --cluster completes; the end-of-run audit of the
// lab's own keys stays clean (outside keys live apart). Skipped when the tools are not installed.
// The only waits are bounded polls for the migration to show in CLUSTER NODES.
#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <map>
#include <set>

#include "core/partition/hash_slot.h"
#include "lab_runs.h"
#include "labs/partitioning/door_map.h"
#include "labs/partitioning/part_topology.h"

using namespace archlab;

namespace {

/// Runs a tool to completion with optional stdin; exit code and stdout + stderr (trimmed).
std::pair<int, QString> run_tool(const QString& program, const QStringList& args, const QByteArray& input = {}) {
    QProcess p;
    p.start(program, args);
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {-1, "(did not finish) " + QString::fromUtf8(p.readAllStandardOutput())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            (QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError())).trimmed()};
}

/// Slots CLUSTER NODES shows migrating ("[slot->-id]").
std::set<std::uint32_t> migrating_slots(const QString& nodes) {
    std::set<std::uint32_t> out;
    static const QRegularExpression marker(R"(\[(\d+)->-)");
    for (auto it = marker.globalMatch(nodes); it.hasNext();) out.insert(it.next().captured(1).toUInt());
    return out;
}

}  // namespace

class TestPartitioningResp : public QObject {
    Q_OBJECT
private slots:
    void redis_cluster_clients_through_the_shards() {
        const QString cli = QStandardPaths::findExecutable("redis-cli");
        const QString bench = QStandardPaths::findExecutable("redis-benchmark");
        if (cli.isEmpty() || bench.isEmpty()) QSKIP("redis-cli / redis-benchmark not installed (apt-get install redis-tools)");
        // migrate_rate 1 key/s: the lab's own keys move slowly, so the rebalance lasts far longer
        // than the checks below (the drain then ends the run mid-move: keys_in_transit).
        RunRequest req = lab_test::request("partitioning", {{"strategy", "hash-slot"}, {"migrate_rate", "1"}, {"arrival_rps", "100"}},
                                           60.0, {}, 7, TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        std::map<std::string, QString> port;
        for (const ServiceEndpoint& e : run.endpoints()) {
            QCOMPARE(QString::fromStdString(e.protocol), QString("redis"));
            port[e.node] = QString::fromStdString(e.address.substr(e.address.rfind(':') + 1));
        }
        QCOMPARE(int(port.size()), 6);  // shard-1..4 and the two spares
        const auto redis = [&](const std::string& shard, const QStringList& args, const QByteArray& input = {}) {
            const auto [code, out] = run_tool(cli, QStringList{"-c", "-p", port[shard]} + args, input);
            // Fed commands on stdin, redis-cli -c also prints each redirect it follows.
            QStringList lines = out.split('\n');
            lines.removeIf([](const QString& l) { return l.startsWith("-> Redirected to slot"); });
            return code == 0 ? lines.join('\n') : QString("(exit %1) %2").arg(code).arg(out);
        };

        QCOMPARE(redis("shard-1", {"SET", "k", "v"}), QString("OK"));
        QCOMPARE(redis("shard-3", {"GET", "k"}), QString("v"));

        // Keys everywhere before the rebalance, written through shard-1.
        QByteArray sets;
        for (int i = 0; i < 300; ++i) sets += QString("SET pre:%1 v%1\n").arg(i).toUtf8();
        QCOMPARE(redis("shard-1", {}, sets).count("OK"), 300);

        run.inject(FaultEvent::parse("0s:move-slots:shard-1"));
        std::set<std::uint32_t> moving;
        for (QDeadlineTimer deadline(30000); moving.empty() && !deadline.hasExpired();) {
            moving = migrating_slots(redis("shard-2", {"CLUSTER", "NODES"}));
        }
        QVERIFY2(!moving.empty(), "no slot showed as migrating within 30 s");

        // Keys written before: every one read through shard-2, those in moving slots among them.
        int in_moving = 0;
        QByteArray gets;
        QString expected;
        for (int i = 0; i < 300; ++i) {
            const std::string key = "pre:" + std::to_string(i);
            in_moving += moving.count(partition::hash_slot(key)) ? 1 : 0;
            gets += QString("GET pre:%1\n").arg(i).toUtf8();
            expected += QString(i ? "\nv%1" : "v%1").arg(i);
        }
        QVERIFY2(in_moving > 0, "no key written before lies in a moving slot");
        QCOMPARE(redis("shard-2", {}, gets), expected);

        // A key written during the move, in a moving slot, through one shard, read through others.
        const std::uint32_t slot = *moving.begin();
        std::string tag;
        for (int i = 0; tag.empty(); ++i) {
            if (partition::hash_slot("{t" + std::to_string(i) + "}") == slot) tag = "{t" + std::to_string(i) + "}";
        }
        const QString during = QString::fromStdString(tag + "during");
        QCOMPARE(redis("shard-3", {"SET", during, "d"}), QString("OK"));
        QCOMPARE(redis("shard-1", {"GET", during}), QString("d"));
        QCOMPARE(redis("shard-4", {"GET", during}), QString("d"));

        const auto [code, out] = run_tool(bench, {"--cluster", "-p", port["shard-1"], "-t", "set,get", "-n", "2000", "-q"});
        QVERIFY2(code == 0, qPrintable(out));
        QVERIFY2(out.contains("SET: ") && out.contains("GET: ") && !out.contains("ERR"), qPrintable(out));
        qInfo("%s", qPrintable(out));  // the throughput, for the log (not asserted)

        QVERIFY2(!migrating_slots(redis("shard-2", {"CLUSTER", "NODES"})).empty(),
                 "the rebalance ended before the checks did: they did not run mid-move");
        QCOMPARE(redis("shard-4", {"GET", "k"}), QString("v"));

        run.stop();
        run.wait();
        const nlohmann::json s = run.summary();
        const QString shown = QString::fromStdString(s.dump());
        QCOMPARE(s["lost_keys"].get<int>(), 0);
        QCOMPARE(s["duplicate_keys"].get<int>(), 0);
        QVERIFY2(s["misplaced_keys"].get<int>() == 0, qPrintable(shown));
        QVERIFY(run.endpoints().empty());  // the doors close with the run
    }

    void the_door_map_follows_the_lab_map() {
        partlab::PartConfig cfg;
        cfg.strategy = "hash-slot";
        partlab::MapBook book("hash-slot", 1, partlab::initial_map_ops(cfg));
        const std::vector<std::uint16_t> ports{7001, 7002, 7003, 7004, 7005, 7006};
        const cluster::ClusterMap before = partlab::cluster_map_of(*book.committed(), nullptr, ports);
        QCOMPARE(int(before.shards().size()), 6);
        QVERIFY(before.full_coverage());
        QCOMPARE(before.slot_count(4), 0u);  // shard-5, a spare
        QVERIFY(before.migrations().empty());
        partlab::MapOp op;
        op.kind = partlab::MapOp::Kind::MoveSlots;
        op.shard = "shard-1";
        op.slot_first = 12288;
        op.slot_last = 13311;
        const partlab::MapPtr target = book.begin(op);
        const cluster::ClusterMap during = partlab::cluster_map_of(*book.committed(), target.get(), ports);
        QCOMPARE(int(during.migrations().size()), 1024);
        QCOMPARE(*during.owner(12288), std::size_t(3));  // shard-4 serves it until the commit ...
        QCOMPARE(during.migration(12288)->to, std::size_t(0));  // ... migrating to shard-1
        QVERIFY(during.migration(12287) == nullptr);
        book.commit();
        const cluster::ClusterMap after = partlab::cluster_map_of(*book.committed(), nullptr, ports);
        QCOMPARE(*after.owner(12288), std::size_t(0));
        QCOMPARE(after.slot_count(0), 4096u + 1024u);
        QVERIFY(after.migrations().empty());
    }

    void other_strategies_open_no_door() {
        RunRequest req = lab_test::request("partitioning", {{"strategy", "jump"}}, 60.0, {}, 7, TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        QVERIFY(run.endpoints().empty());
        run.stop();
        run.wait();
    }
};

QTEST_GUILESS_MAIN(TestPartitioningResp)
#include "test_partitioning_resp.moc"
