// A shard's command set against replies captured from a real Redis 7.0.15 cluster node
// (127.0.0.1:27101, whose slots hold the {b} keys): the string and key commands with their
// options and error texts, the connection commands, SELECT in cluster mode, CONFIG GET as
// redis-benchmark asks it, unknown commands and wrong arities, in the captured order. Then
// what depends on time (expiry on the keyspace's clock), INFO, SCAN and HELLO.
#include <QTest>

#include <set>

#include "cluster_shard_harness.h"
#include "core/resp/command_executor.h"
#include "resp_test_client.h"

using namespace archlab::cluster;
using namespace std::string_literals;

namespace {

struct Exchange {
    std::vector<std::string> args;
    std::string reply;  ///< as redis-server 7.0.15 sent it
};

const std::vector<Exchange> kCaptured = {
        {{"SET", "{b}k", "1"}, "+OK\r\n"},
        {{"GET", "{b}k"}, "$1\r\n1\r\n"},
        {{"SET", "{b}k", "2", "NX"}, "$-1\r\n"},
        {{"SET", "{b}k", "3", "XX"}, "+OK\r\n"},
        {{"SET", "{b}k", "4", "XX", "GET"}, "$1\r\n3\r\n"},
        {{"SET", "{b}absent", "v", "XX"}, "$-1\r\n"},
        {{"SET", "{b}k", "v", "EX", "0"}, "-ERR invalid expire time in 'set' command\r\n"},
        {{"SET", "{b}k", "v", "EX", "x"}, "-ERR value is not an integer or out of range\r\n"},
        {{"SET", "{b}k", "v", "NX", "XX"}, "-ERR syntax error\r\n"},
        {{"SET", "{b}k", "v", "KEEPTTL", "EX", "5"}, "-ERR syntax error\r\n"},
        {{"SET", "{b}t", "v", "PX", "100000"}, "+OK\r\n"},
        {{"SET", "{b}p", "v", "EXAT", "1"}, "+OK\r\n"},
        {{"GET", "{b}p"}, "$-1\r\n"},
        {{"INCR", "{b}k"}, ":5\r\n"},
        {{"SET", "{b}n", "10"}, "+OK\r\n"},
        {{"INCR", "{b}n"}, ":11\r\n"},
        {{"INCRBY", "{b}n", "5"}, ":16\r\n"},
        {{"DECR", "{b}n"}, ":15\r\n"},
        {{"DECRBY", "{b}n", "x"}, "-ERR value is not an integer or out of range\r\n"},
        {{"INCRBY", "{b}n", "9223372036854775807"}, "-ERR increment or decrement would overflow\r\n"},
        {{"DECRBY", "{b}n", "-9223372036854775808"}, "-ERR decrement would overflow\r\n"},
        {{"INCR", "{b}new"}, ":1\r\n"},
        {{"MSET", "{b}1", "a", "{b}2", "b"}, "+OK\r\n"},
        {{"MGET", "{b}1", "{b}2", "{b}3"}, "*3\r\n$1\r\na\r\n$1\r\nb\r\n$-1\r\n"},
        {{"MSET", "{b}1"}, "-ERR wrong number of arguments for 'mset' command\r\n"},
        {{"MSET", "{b}1", "a", "{b}2"}, "-ERR wrong number of arguments for 'mset' command\r\n"},
        {{"DEL", "{b}1", "{b}2", "{b}3"}, ":2\r\n"},
        {{"EXISTS", "{b}k", "{b}k", "{b}none"}, ":2\r\n"},
        {{"TYPE", "{b}n"}, "+string\r\n"},
        {{"TYPE", "{b}none"}, "+none\r\n"},
        {{"SELECT", "1"}, "-ERR SELECT is not allowed in cluster mode\r\n"},
        {{"SELECT", "0"}, "+OK\r\n"},
        {{"PING"}, "+PONG\r\n"},
        {{"PING", "x"}, "$1\r\nx\r\n"},
        {{"ECHO", "hi"}, "$2\r\nhi\r\n"},
        {{"CLIENT", "SETNAME", "x"}, "+OK\r\n"},
        {{"CLIENT", "GETNAME"}, "$1\r\nx\r\n"},
        {{"CLIENT", "SETNAME", "a b"}, "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"},
        {{"CLIENT", "BOGUS"}, "-ERR unknown subcommand 'BOGUS'. Try CLIENT HELP.\r\n"},
        {{"HELLO", "x"}, "-ERR Protocol version is not an integer or out of range\r\n"},
        {{"CONFIG", "GET", "save"}, "*2\r\n$4\r\nsave\r\n$0\r\n\r\n"},
        {{"CONFIG", "GET", "appendonly"}, "*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n"},
        {{"CONFIG", "GET", "save", "appendonly"}, "*4\r\n$10\r\nappendonly\r\n$2\r\nno\r\n$4\r\nsave\r\n$0\r\n\r\n"},
        {{"CONFIG", "SET", "foo", "bar"}, "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n"},
        {{"CONFIG", "FOO"}, "-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n"},
        {{"SCAN", "0", "COUNT", "0"}, "-ERR syntax error\r\n"},
        {{"SCAN", "x"}, "-ERR invalid cursor\r\n"},
        {{"SCAN", "0", "COUNT", "x"}, "-ERR value is not an integer or out of range\r\n"},
        {{"SCAN", "0", "FOO", "x"}, "-ERR syntax error\r\n"},
        {{"FOO", "bar"}, "-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n"},
        {{"GET"}, "-ERR wrong number of arguments for 'get' command\r\n"},
        {{"KEYS"}, "-ERR wrong number of arguments for 'keys' command\r\n"},
        {{"ECHO"}, "-ERR wrong number of arguments for 'echo' command\r\n"},
        {{"INFO", "bogus"}, "$0\r\n\r\n"},
        {{"COMMAND", "BOGUS"}, "-ERR unknown subcommand 'BOGUS'. Try COMMAND HELP.\r\n"},
        {{"KEYS", "{b}?"}, "*3\r\n$4\r\n{b}k\r\n$4\r\n{b}n\r\n$4\r\n{b}t\r\n"},
};

}  // namespace

class TestClusterShardCommands : public QObject {
    Q_OBJECT

private slots:
    void replies_match_a_captured_redis_node() {
        ShardHarness h(captured_map(), 0);
        for (const Exchange& e : kCaptured) {
            std::string line;
            for (const auto& a : e.args) line += a + " ";
            const std::string got = h.cmd(e.args);
            QVERIFY2(got == e.reply, qPrintable(QString::fromStdString(line + "-> " + got)));
        }
    }

    void expiry_follows_the_keyspace_clock() {
        ShardHarness h(captured_map(), 0);
        QCOMPARE(h.cmd({"SET", "{b}t", "v", "PX", "1500"}), "+OK\r\n"s);
        QCOMPARE(h.cmd({"SET", "{b}s", "v", "EX", "10"}), "+OK\r\n"s);
        QCOMPARE(h.cmd({"INCR", "{b}c"}), ":1\r\n"s);
        QCOMPARE(h.cmd({"INFO", "keyspace"}), "$44\r\n# Keyspace\r\ndb0:keys=3,expires=2,avg_ttl=0\r\n\r\n"s);
        h.now_ms += 1499;
        QCOMPARE(h.cmd({"GET", "{b}t"}), "$1\r\nv\r\n"s);
        h.now_ms += 1;
        QCOMPARE(h.cmd({"GET", "{b}t"}), "$-1\r\n"s);
        QCOMPARE(h.cmd({"SET", "{b}s", "w", "KEEPTTL"}), "+OK\r\n"s);
        h.now_ms += 8499;
        QCOMPARE(h.cmd({"EXISTS", "{b}s"}), ":1\r\n"s);
        h.now_ms += 1;
        QCOMPARE(h.cmd({"EXISTS", "{b}s"}), ":0\r\n"s);
        QCOMPARE(h.cmd({"DBSIZE"}), ":1\r\n"s);
        // A deadline in the past removes the key, as Redis does.
        QCOMPARE(h.cmd({"SET", "{b}c", "v", "PXAT", "1"}), "+OK\r\n"s);
        QCOMPARE(h.cmd({"DBSIZE"}), ":0\r\n"s);
    }

    void info_has_server_cluster_and_keyspace_sections() {
        ShardHarness h(captured_map(), 1);
        QCOMPARE(h.cmd({"INFO", "cluster"}), "$30\r\n# Cluster\r\ncluster_enabled:1\r\n\r\n"s);  // captured
        QCOMPARE(h.cmd({"INFO", "keyspace"}), "$12\r\n# Keyspace\r\n\r\n"s);
        const std::string all = h.cmd({"INFO"});
        QVERIFY(all.find("# Server\r\nredis_version:") != std::string::npos);
        QVERIFY(all.find("redis_mode:cluster\r\n") != std::string::npos);
        QVERIFY(all.find("tcp_port:27102\r\n") != std::string::npos);
        QVERIFY(all.find("\r\n\r\n# Cluster\r\ncluster_enabled:1\r\n\r\n# Keyspace\r\n") != std::string::npos);
    }

    void scan_visits_every_key_once_across_steps() {
        ShardHarness h(captured_map(), 0);
        std::set<std::string> written;
        for (int i = 0; i < 300; ++i) {
            const std::string key = fmt::format("{{b{}}}", i);  // tags spread over many slots
            h.keyspace.set(key, "v", {});
            written.insert(key);
        }
        std::multiset<std::string> seen;
        std::string cursor = "0";
        int steps = 0;
        do {
            const auto items = resp_array_items(h.cmd({"SCAN", cursor, "COUNT", "25"}));
            QCOMPARE(items.size(), std::size_t{2});
            cursor = items[0].substr(items[0].find("\r\n") + 2);
            cursor.resize(cursor.size() - 2);
            for (const auto& k : resp_array_items(items[1])) {
                std::string key = k.substr(k.find("\r\n") + 2);
                key.resize(key.size() - 2);
                seen.insert(key);
            }
            ++steps;
        } while (cursor != "0" && steps < 1000);
        QVERIFY(steps > 5);
        QCOMPARE(std::set<std::string>(seen.begin(), seen.end()), written);
        QCOMPARE(seen.size(), written.size());
        QCOMPARE(h.cmd({"SCAN", "0", "MATCH", "{b1}", "COUNT", "1000"}), "*2\r\n$1\r\n0\r\n*1\r\n$4\r\n{b1}\r\n"s);
        QCOMPARE(h.cmd({"SCAN", "0", "TYPE", "hash", "COUNT", "1000"}), "*2\r\n$1\r\n0\r\n*0\r\n"s);
    }

    void hello_command_and_quit() {
        ShardHarness h(captured_map(), 0);
        // Captured (the id differs per connection; 32 here as there).
        QCOMPARE(h.cmd({"HELLO", "2"}),
                 fmt::format("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n${}\r\n{}\r\n$5\r\nproto\r\n:2\r\n"
                             "$2\r\nid\r\n:32\r\n$4\r\nmode\r\n$7\r\ncluster\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
                             "$7\r\nmodules\r\n*0\r\n",
                             std::string(archlab::resp::kRedisVersion).size(), archlab::resp::kRedisVersion));
        QCOMPARE(h.cmd({"HELLO", "2", "SETNAME"}), "-ERR Syntax error in HELLO option 'SETNAME'\r\n"s);
        QCOMPARE(h.cmd({"COMMAND", "COUNT"}), fmt::format(":{}\r\n", h.commands.commands().size()));
        QCOMPARE(h.cmd({"COMMAND", "INFO", "get", "nosuch"}),
                 "*2\r\n*6\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n$-1\r\n"s);
        QCOMPARE(h.cmd({"COMMAND", "DOCS"}), "*0\r\n"s);
        QVERIFY(!h.session.close_after_reply);
        QCOMPARE(h.cmd({"QUIT"}), "+OK\r\n"s);
        QVERIFY(h.session.close_after_reply);
    }
};

QTEST_APPLESS_MAIN(TestClusterShardCommands)
#include "test_cluster_shard_commands.moc"
