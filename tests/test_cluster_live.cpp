// Three cluster shards on 127.0.0.1, in process: each an AsyncRespServer whose commands run on
// the shard's own worker thread (as the lab's shard nodes will run them), over its own
// in-memory keyspace, all reading one shared map. Real clients against them: redis-cli -c
// writes through one shard and reads through another, follows MOVED, and follows ASK while a
// slot is mid-migration; redis-benchmark --cluster completes, pipelined too. Skipped when the
// tools are not installed. Only process start-up takes wall time; nothing waits on a timer.
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/cluster/cluster_map.h"
#include "core/cluster/memory_keyspace.h"
#include "core/cluster/shard_commands.h"
#include "core/resp/async_resp_server.h"
#include "core/resp/command_args.h"
#include "resp_test_client.h"

using namespace archlab;
using namespace archlab::cluster;
using namespace std::string_literals;

namespace {

/// A thread running posted tasks in order: the stand-in for a shard node's thread.
class Worker {
public:
    Worker() : thread_([this] { run(); }) {}
    ~Worker() {
        {
            std::lock_guard lock(mu_);
            done_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    void post(std::function<void()> task) {
        {
            std::lock_guard lock(mu_);
            tasks_.push_back(std::move(task));
        }
        wake_.notify_all();
    }
    /// Runs fn on the worker and waits for it.
    template <class Fn>
    void run_and_wait(Fn fn) {
        std::promise<void> finished;
        post([&] {
            fn();
            finished.set_value();
        });
        finished.get_future().wait();
    }

private:
    void run() {
        std::unique_lock lock(mu_);
        while (true) {
            wake_.wait(lock, [&] { return done_ || !tasks_.empty(); });
            if (tasks_.empty()) return;
            auto task = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            task();
            lock.lock();
        }
    }

    std::mutex mu_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> tasks_;
    bool done_ = false;
    std::thread thread_;  ///< last: starts after the rest exists
};

/// One shard: keyspace and worker, and a server whose dispatch hands keyspace commands to the worker.
struct Shard {
    std::size_t index;
    MemoryShardKeyspace keyspace;
    std::atomic<int> asking_seen{0};  ///< ASKING commands received (the ASK path was taken)
    Worker worker;
    std::unique_ptr<resp::AsyncRespServer> server;

    Shard(std::size_t i, const ShardCommands& commands, const SharedClusterMap& map) : index(i) {
        server = std::make_unique<resp::AsyncRespServer>(
            resp::AsyncRespServerOptions{},
            [this, &commands, &map](std::vector<std::string> args, resp::ClientSession& session, resp::Reply done) {
                if (resp::equals_ci(args[0], "asking")) asking_seen.fetch_add(1);
                std::string reply;
                ShardRequest request;
                if (commands.answer_or_forward(args, session, reply, request)) return done(std::move(reply));
                worker.post([this, &commands, &map, request = std::move(request), done] {
                    done(commands.run(request, keyspace, *map.snapshot(), index));
                });
            });
        server->start();
    }
    ~Shard() { server->stop(); }  // before the worker and keyspace go
};

struct LiveCluster {
    ShardCommands commands;
    SharedClusterMap map;
    std::vector<std::unique_ptr<Shard>> shards;

    LiveCluster() {
        ClusterMap m;
        for (std::size_t i = 0; i < 3; ++i) {
            shards.push_back(std::make_unique<Shard>(i, commands, map));
            m.add_shard(fmt::format("shard-{}", i + 1), shards.back()->server->port());
        }
        m.assign_evenly();
        map.publish(std::move(m));
    }
    std::uint16_t port(std::size_t i) const { return shards[i]->server->port(); }
    /// Changes the map as a migration step would.
    void change(const std::function<void(ClusterMap&)>& fn) {
        ClusterMap next = *map.snapshot();
        fn(next);
        map.publish(std::move(next));
    }
    /// Moves one key between keyspaces, each touched on its own worker (what MIGRATE does).
    void move_key(const std::string& key, std::size_t from, std::size_t to) {
        std::optional<std::string> value;
        shards[from]->worker.run_and_wait([&] {
            value = shards[from]->keyspace.get(key);
            shards[from]->keyspace.del(key);
        });
        if (value) shards[to]->worker.run_and_wait([&] { shards[to]->keyspace.set(key, *value, {}); });
    }
    bool holds(std::size_t shard, const std::string& key) {
        bool found = false;
        shards[shard]->worker.run_and_wait([&] { found = shards[shard]->keyspace.exists(key); });
        return found;
    }
};

/// Runs a tool to completion; its exit code and stdout (trimmed).
std::pair<int, QString> run_tool(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {-1, "(did not finish) " + QString::fromUtf8(p.readAllStandardOutput())};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()).trimmed() + QString::fromUtf8(p.readAllStandardError()).trimmed()};
}

}  // namespace

class TestClusterLive : public QObject {
    Q_OBJECT

private slots:
    void a_socket_client_is_redirected_between_shards() {
        LiveCluster cluster;
        Client c(cluster.port(0));
        c.send(frame({"SET", "foo", "bar"}) + frame({"CLUSTER", "KEYSLOT", "foo"}) + frame({"PING"}));
        const std::string expected = fmt::format("-MOVED 12182 127.0.0.1:{}\r\n:12182\r\n+PONG\r\n", cluster.port(2));
        QCOMPARE(c.receive(expected.size()), expected);
        Client d(cluster.port(2));
        d.send(frame({"SET", "foo", "bar"}) + frame({"GET", "foo"}));
        const std::string stored = "+OK\r\n$3\r\nbar\r\n";
        QCOMPARE(d.receive(stored.size()), stored);
    }

    void redis_cli_follows_moved_and_ask() {
        const QString cli = QStandardPaths::findExecutable("redis-cli");
        if (cli.isEmpty()) QSKIP("redis-cli is not installed (apt-get install redis-tools)");
        LiveCluster cluster;
        const auto run = [&](std::size_t shard, const QStringList& args) {
            const auto [code, out] = run_tool(cli, QStringList{"-c", "-p", QString::number(cluster.port(shard))} + args);
            return code == 0 ? out : QString("(exit %1) %2").arg(code).arg(out);
        };
        // Written through shard-1, read through shard-2: both redirect to shard-3, foo's owner.
        QCOMPARE(run(0, {"SET", "foo", "bar"}), QString("OK"));
        QCOMPARE(run(1, {"GET", "foo"}), QString("bar"));
        QVERIFY(cluster.holds(2, "foo"));
        QCOMPARE(run(0, {"CLUSTER", "KEYSLOT", "foo"}), QString("12182"));

        // Slot 12182 mid-migration from shard-3 to shard-1, foo already moved, {foo}old not.
        QCOMPARE(run(0, {"SET", "{foo}old", "o"}), QString("OK"));
        cluster.change([](ClusterMap& m) { m.begin_migration(12182, 0); });
        cluster.move_key("foo", 2, 0);
        QCOMPARE(run(1, {"GET", "foo"}), QString("bar"));  // MOVED to shard-3, ASK to shard-1
        QVERIFY(cluster.shards[0]->asking_seen.load() > 0);
        QCOMPARE(run(0, {"GET", "{foo}old"}), QString("o"));  // MOVED to shard-3, which still has it
        QCOMPARE(run(2, {"SET", "{foo}new", "n"}), QString("OK"));  // a new key goes to the importer
        QVERIFY(cluster.holds(0, "{foo}new"));
        QVERIFY(!cluster.holds(2, "{foo}new"));
        QCOMPARE(run(0, {"GET", "{foo}new"}), QString("n"));  // without ASKING: MOVED, then ASK back
        const QString nodes = run(2, {"CLUSTER", "NODES"});
        QVERIFY2(nodes.contains(QString("[12182->-%1]").arg(QString::fromStdString(cluster.map.snapshot()->shards()[0].id))),
                 qPrintable(nodes));

        // The migration ends: shard-1 owns the slot.
        cluster.move_key("{foo}old", 2, 0);
        cluster.change([](ClusterMap& m) { m.finish_migration(12182); });
        QCOMPARE(run(2, {"GET", "{foo}old"}), QString("o"));
        QCOMPARE(run(1, {"MGET", "foo", "{foo}new"}), QString("bar\nn"));
        QCOMPARE(run(1, {"MGET", "foo", "b"}), QString("CROSSSLOT Keys in request don't hash to the same slot"));
    }

    void redis_benchmark_cluster_completes() {
        const QString bench = QStandardPaths::findExecutable("redis-benchmark");
        if (bench.isEmpty()) QSKIP("redis-benchmark is not installed (apt-get install redis-tools)");
        LiveCluster cluster;
        // One slot mid-migration, to keep the benchmark's redirections honest.
        cluster.change([](ClusterMap& m) { m.begin_migration(12182, 0); });
        for (const QStringList& extra : {QStringList{}, QStringList{"-P", "16"}}) {
            const auto [code, out] = run_tool(
                bench, QStringList{"--cluster", "-p", QString::number(cluster.port(0)), "-t", "set,get", "-n", "2000",
                                   "-q"} + extra);
            QVERIFY2(code == 0, qPrintable(out));
            qInfo("%s", qPrintable(out));  // the throughput, for the log (not asserted)
            QVERIFY2(out.contains("SET: ") && out.contains("GET: "), qPrintable(out));
            QVERIFY2(!out.contains("Error") && !out.contains("ERR"), qPrintable(out));
        }
        std::size_t keys = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            cluster.shards[i]->worker.run_and_wait([&] { keys += cluster.shards[i]->keyspace.size(); });
        }
        QVERIFY(keys > 0);
        for (std::size_t i = 0; i < 3; ++i) {  // every shard served its part of the benchmark
            std::size_t mine = 0;
            cluster.shards[i]->worker.run_and_wait([&] { mine = cluster.shards[i]->keyspace.size(); });
            QVERIFY2(mine > 0, qPrintable(QString("shard %1 holds no key").arg(i + 1)));
        }
    }
};

QTEST_APPLESS_MAIN(TestClusterLive)
#include "test_cluster_live.moc"
