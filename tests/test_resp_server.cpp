// The RESP server on a real 127.0.0.1 socket: pipelines in one write, frames in pieces, a
// malformed frame answered and closed, QUIT, concurrent clients, stop with clients connected
// (even one whose replies are stuck), active expiry, and redis-cli when it is installed.
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "core/cache/policy_registry.h"
#include "core/resp/resp_server.h"
#include "resp_test_client.h"

using namespace archlab;
using namespace archlab::resp;
using namespace std::string_literals;

namespace {

/// A store on an atomic manual clock (read by the io thread), with a server on a free port.
struct Fixture {
    std::atomic<std::int64_t> now_ns{0};
    SharedCacheStore store{cache::builtin_policies(), "lru", 100000, cache::CapacityUnit::entries,
                           [this] { return Nanos(now_ns.load()); }};
    RespServer server;

    explicit Fixture(RespServerOptions options = {}) : server(store, options) { server.start(); }
};

/// Waits (without a fixed sleep) until cond holds, up to 20 s.
template <typename Cond>
bool eventually(Cond cond) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!cond()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace

class TestRespServer : public QObject {
    Q_OBJECT
private slots:
    void listens_on_loopback_and_answers_ping() {
        Fixture f;
        QVERIFY(f.server.port() != 0);
        Client c(f.server.port());
        QVERIFY(c.connected());
        c.send("PING\r\n");
        QCOMPARE(c.line(), "+PONG\r\n"s);
        c.send(frame({"ECHO", "hi"}));
        QCOMPARE(c.receive(8), "$2\r\nhi\r\n"s);
    }

    void pipeline_of_100_commands_in_one_write() {
        Fixture f;
        Client c(f.server.port());
        std::string request, expected;
        for (int i = 0; i < 50; ++i) {
            request += frame({"SET", fmt::format("k{}", i), fmt::format("v{}", i)});
            expected += "+OK\r\n";
        }
        for (int i = 0; i < 50; ++i) {
            request += frame({"GET", fmt::format("k{}", i)});
            const std::string v = fmt::format("v{}", i);
            expected += fmt::format("${}\r\n{}\r\n", v.size(), v);
        }
        c.send(request);
        QCOMPARE(c.receive(expected.size()), expected);
        const auto st = f.store.locked([](cache::CacheStore& s, Nanos) { return s.stats(); });
        QCOMPARE(st.hits, std::uint64_t{50});
        QCOMPARE(st.keys, std::uint64_t{50});
    }

    void frames_sent_in_pieces_are_put_together() {
        Fixture f;
        Client c(f.server.port());
        const std::string value("bin\r\n\0ary", 10);
        const std::string bytes = frame({"SET", "k", value}) + frame({"GET", "k"});
        for (const char b : bytes) c.send(std::string(1, b));  // one byte per send
        const std::string expected = "+OK\r\n$10\r\n" + value + "\r\n";
        QCOMPARE(c.receive(expected.size()), expected);
    }

    void a_large_value_round_trips() {
        Fixture f;
        Client c(f.server.port());
        std::string big(2 << 20, 'x');
        for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + (i / 4096) % 26);
        c.send(frame({"SET", "big", big}));
        QCOMPARE(c.line(), "+OK\r\n"s);
        c.send(frame({"GET", "big"}));
        const std::string header = fmt::format("${}\r\n", big.size());
        QCOMPARE(c.receive(header.size() + big.size() + 2), header + big + "\r\n");
    }

    void malformed_frame_gets_an_error_then_the_connection_closes() {
        Fixture f;
        Client c(f.server.port());
        c.send("PING\r\n*1\r\nx3\r\nfoo\r\nPING\r\n");
        QCOMPARE(c.line(), "+PONG\r\n"s);  // what came before the bad frame is answered
        QCOMPARE(c.line(), "-ERR Protocol error: expected '$', got 'x'\r\n"s);
        QVERIFY(c.closed_by_server());
        QVERIFY(eventually([&] { return f.server.connections() == 0; }));
        // The server still serves others.
        Client d(f.server.port());
        d.send("PING\r\n");
        QCOMPARE(d.line(), "+PONG\r\n"s);
    }

    void unknown_command_and_wrong_arity_keep_the_connection() {
        Fixture f;
        Client c(f.server.port());
        c.send("NOPE x\r\nGET\r\nPING\r\n");
        QCOMPARE(c.line(), "-ERR unknown command 'NOPE', with args beginning with: 'x' \r\n"s);
        QCOMPARE(c.line(), "-ERR wrong number of arguments for 'get' command\r\n"s);
        QCOMPARE(c.line(), "+PONG\r\n"s);
    }

    void quit_answers_then_closes() {
        Fixture f;
        Client c(f.server.port());
        c.send("QUIT\r\nPING\r\n");
        QCOMPARE(c.line(), "+OK\r\n"s);
        QVERIFY(c.closed_by_server());
    }

    void concurrent_clients_on_two_io_threads_lose_no_increment() {
        RespServerOptions options;
        options.io_threads = 2;
        Fixture f(options);
        constexpr int kClients = 4, kBatches = 50, kPerBatch = 20;
        std::vector<std::thread> threads;
        std::atomic<int> ok{0};
        for (int t = 0; t < kClients; ++t) {
            threads.emplace_back([&] {
                Client c(f.server.port());
                std::string batch;
                for (int i = 0; i < kPerBatch; ++i) batch += frame({"INCR", "counter"});
                for (int b = 0; b < kBatches; ++b) {
                    c.send(batch);
                    for (int i = 0; i < kPerBatch; ++i) {
                        if (c.line().rfind(':', 0) == 0) ok.fetch_add(1);
                    }
                }
            });
        }
        for (auto& t : threads) t.join();
        QCOMPARE(ok.load(), kClients * kBatches * kPerBatch);
        Client c(f.server.port());
        c.send("GET counter\r\n");
        const std::string total = std::to_string(kClients * kBatches * kPerBatch);
        QCOMPARE(c.receive(total.size() + 6), fmt::format("${}\r\n{}\r\n", total.size(), total));
    }

    void info_reports_clients_port_and_commands() {
        Fixture f;
        Client a(f.server.port());
        Client b(f.server.port());
        a.send("PING\r\n");
        QCOMPARE(a.line(), "+PONG\r\n"s);
        b.send("INFO\r\n");
        const std::string header = b.line();
        QVERIFY(header.rfind('$', 0) == 0);
        const std::string text = b.receive(std::stoul(header.substr(1)) + 2);
        QVERIFY(text.find("connected_clients:2\r\n") != std::string::npos);
        QVERIFY(text.find(fmt::format("tcp_port:{}\r\n", f.server.port())) != std::string::npos);
        QVERIFY(text.find("total_commands_processed:2\r\n") != std::string::npos);  // PING and this INFO
    }

    void stop_closes_connected_clients_even_with_a_reply_stuck() {
        Fixture f;
        Client idle(f.server.port());
        Client half(f.server.port());
        Client stuck(f.server.port());
        idle.send("PING\r\n");
        QCOMPARE(idle.line(), "+PONG\r\n"s);
        half.send("*2\r\n$3\r\nGET\r\n$1");  // a frame cut in the middle
        stuck.send(frame({"SET", "big", std::string(1 << 20, 'v')}));
        QCOMPARE(stuck.line(), "+OK\r\n"s);
        std::string gets;
        for (int i = 0; i < 32; ++i) gets += frame({"GET", "big"});
        stuck.send(gets);  // 32 MB of replies this client never reads: the write cannot finish
        QVERIFY(eventually([&] { return f.server.counters().total_commands.load() >= 3; }));  // PING, SET, a GET at least
        QCOMPARE(f.server.connections(), std::size_t{3});
        f.server.stop();
        QCOMPARE(f.server.connections(), std::size_t{0});
        QVERIFY(idle.closed_by_server());
        QVERIFY(half.closed_by_server());
        f.server.stop();  // a second stop does nothing
        Client late(f.server.port());
        QVERIFY(!late.connected());
    }

    void a_taken_port_is_a_clear_error() {
        Fixture f;
        RespServerOptions options;
        options.port = f.server.port();
        RespServer second(f.store, options);
        try {
            second.start();
            QFAIL("start() on a taken port did not throw");
        } catch (const std::runtime_error& e) {
            QVERIFY2(std::string(e.what()).find(fmt::format("127.0.0.1:{}", f.server.port())) != std::string::npos, e.what());
        }
    }

    void active_expiry_runs_on_its_timer() {
        RespServerOptions options;
        options.expiry_period = std::chrono::milliseconds(1);
        Fixture f(options);
        Client c(f.server.port());
        std::string sets, expected;
        for (int i = 0; i < 100; ++i) {
            sets += frame({"SET", fmt::format("t{}", i), "v", "PX", "1000"});
            expected += "+OK\r\n";
        }
        c.send(sets);
        QCOMPARE(c.receive(expected.size()), expected);
        f.now_ns = 1'000'000'000;  // every key is due now; nobody reads them
        QVERIFY(eventually([&] {
            return f.store.locked([](cache::CacheStore& s, Nanos) { return s.stats().expired_keys; }) == 100;
        }));
        c.send("DBSIZE\r\n");
        QCOMPARE(c.line(), ":0\r\n"s);
    }

    void a_node_marked_down_refuses_over_the_socket() {
        Fixture f;
        Client c(f.server.port());
        f.store.set_available(false);
        c.send("GET a\r\n");
        QCOMPARE(c.line(), "-ERR cache node is down\r\n"s);
        f.store.set_available(true);
        c.send("GET a\r\n");
        QCOMPARE(c.line(), "$-1\r\n"s);
    }

    void cli_cache_server_serves_until_sigterm() {
        QProcess p;
        p.start(ARCHLAB_CLI_PATH, {"cache-server", "--port", "0", "--policy", "allkeys-lfu", "--maxmemory", "2mb"});
        QVERIFY(p.waitForStarted(20000));
        QString banner;
        while (!banner.contains('\n') && p.waitForReadyRead(20000)) banner += QString::fromUtf8(p.readAllStandardOutput());
        // "cache node listening on 127.0.0.1:PORT (policy lfu, maxmemory 2097152 bytes)"
        QVERIFY2(banner.contains("(policy lfu, maxmemory 2097152 bytes)"), qPrintable(banner));
        const int at = banner.indexOf("127.0.0.1:");
        QVERIFY(at >= 0);
        const auto port = static_cast<std::uint16_t>(banner.mid(at + 10).section(' ', 0, 0).toUInt());
        QVERIFY(port != 0);
        {
            Client c(port);
            c.send("SET a 1\r\nGET a\r\nCONFIG GET maxmemory-policy\r\n");
            const std::string expected = "+OK\r\n$1\r\n1\r\n*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lfu\r\n";
            QCOMPARE(c.receive(expected.size()), expected);
            p.terminate();  // SIGTERM while this client is still connected
            QVERIFY(p.waitForFinished(20000));
            QVERIFY(c.closed_by_server());
        }
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString rest = banner + QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(rest.contains("stopped: 3 commands, 1 hits, 0 misses"), qPrintable(rest));
    }

    void cli_cache_server_rejects_bad_options() {
        const auto run = [](const QStringList& args) {
            QProcess p;
            p.start(ARCHLAB_CLI_PATH, QStringList{"cache-server"} + args);
            p.waitForFinished(20000);
            return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardError()));
        };
        auto [code, err] = run({"--policy", "volatile-lru"});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains("--policy 'volatile-lru' is not a policy; use one of: allkeys-lru"), qPrintable(err));
        std::tie(code, err) = run({"--maxmemory", "lots"});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains("--maxmemory 'lots' is not a memory size"), qPrintable(err));
    }

    void redis_cli_set_get_info() {
        const QString cli = QStandardPaths::findExecutable("redis-cli");
        if (cli.isEmpty()) QSKIP("redis-cli is not installed (apt-get install redis-tools)");
        Fixture f;
        const auto run = [&](const QStringList& args) {
            QProcess p;
            p.start(cli, QStringList{"-p", QString::number(f.server.port())} + args);
            if (!p.waitForFinished(20000)) return QString("(redis-cli did not finish)");
            return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
        };
        QCOMPARE(run({"set", "a", "b"}), QString("OK"));
        QCOMPARE(run({"get", "a"}), QString("b"));
        QCOMPARE(run({"get", "missing"}), QString(""));
        const QString stats = run({"info", "stats"});
        QVERIFY2(stats.contains("keyspace_hits:1"), qPrintable(stats));
        QVERIFY2(stats.contains("keyspace_misses:1"), qPrintable(stats));
        QCOMPARE(run({"config", "get", "maxmemory-policy"}), QString("maxmemory-policy\nallkeys-lru"));
        QCOMPARE(run({"dbsize"}), QString("1"));
    }
};

QTEST_APPLESS_MAIN(TestRespServer)
#include "test_resp_server.moc"
