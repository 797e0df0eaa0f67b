// The keyspace, expiry and server commands added for Redis 7 compatibility: PERSIST EXPIRETIME
// PEXPIRETIME RENAME RENAMENX RANDOMKEY TIME SCAN (cursor), glob matching, subcommand errors,
// CONFIG's policy names and INFO's cpu/stats fields. Expected replies captured from a real
// redis-server 7.0.15 (Debian package, started with `databases 1`), as literal RESP bytes.
#include <QTest>

#include <set>
#include <string>

#include "core/resp/command_args.h"
#include "resp_command_fixture.h"

using namespace resp_test;
using namespace std::string_literals;

class TestRespKeyspace : public QObject {
    Q_OBJECT
private slots:
    void persist_expiretime_pexpiretime() {
        Fixture f;
        f.run({"SET", "c", "1"});
        QCOMPARE(f.run({"PERSIST", "c"}), ":0\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "c", "100"}), ":1\r\n"s);
        QCOMPARE(f.run({"PERSIST", "c"}), ":1\r\n"s);
        QCOMPARE(f.run({"PERSIST", "c"}), ":0\r\n"s);
        QCOMPARE(f.run({"PERSIST", "nokey"}), ":0\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "c"}), ":-1\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "nokey"}), ":-2\r\n"s);
        QCOMPARE(f.run({"PEXPIRETIME", "c"}), ":-1\r\n"s);
        QCOMPARE(f.run({"EXPIREAT", "c", "4000000000"}), ":1\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "c"}), ":4000000000\r\n"s);
        QCOMPARE(f.run({"PEXPIRETIME", "c"}), ":4000000000000\r\n"s);
        QCOMPARE(f.run({"PEXPIREAT", "c", "4000000000123"}), ":1\r\n"s);
        QCOMPARE(f.run({"PEXPIRETIME", "c"}), ":4000000000123\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "c"}), ":4000000000\r\n"s);
        QCOMPARE(f.run({"PEXPIREAT", "c", "4000000000600"}), ":1\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "c"}), ":4000000001\r\n"s);  // rounded, as Redis
        f.advance_ms(1234);  // the deadline stays put as the clock moves
        QCOMPARE(f.run({"PEXPIRETIME", "c"}), ":4000000000600\r\n"s);
        QCOMPARE(f.run({"PERSIST"}), "-ERR wrong number of arguments for 'persist' command\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME"}), "-ERR wrong number of arguments for 'expiretime' command\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "c", "10", "LT", "GT"}), "-ERR GT and LT options at the same time are not compatible\r\n"s);
        f.run({"PERSIST", "c"});
        QCOMPARE(f.run({"EXPIRE", "c", "10", "NX", "NX"}), ":1\r\n"s);
    }

    void rename_and_renamenx() {
        Fixture f;
        f.run({"MSET", "c", "1", "d", "2"});
        f.run({"EXPIREAT", "c", "4000000000"});
        QCOMPARE(f.run({"RENAME", "nokey", "x"}), "-ERR no such key\r\n"s);
        QCOMPARE(f.run({"RENAME", "c", "cc"}), "+OK\r\n"s);
        QCOMPARE(f.run({"GET", "cc"}), "$1\r\n1\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "cc"}), ":4000000000\r\n"s);  // the expiry moves with it
        QCOMPARE(f.run({"EXISTS", "c"}), ":0\r\n"s);
        QCOMPARE(f.run({"RENAME", "cc", "cc"}), "+OK\r\n"s);
        QCOMPARE(f.run({"RENAME", "d", "cc"}), "+OK\r\n"s);  // overwrites, expiry and all
        QCOMPARE(f.run({"GET", "cc"}), "$1\r\n2\r\n"s);
        QCOMPARE(f.run({"TTL", "cc"}), ":-1\r\n"s);
        QCOMPARE(f.run({"RENAMENX", "cc", "d"}), ":1\r\n"s);
        QCOMPARE(f.run({"RENAMENX", "cc", "e"}), "-ERR no such key\r\n"s);
        QCOMPARE(f.run({"RENAMENX", "nokey", "e"}), "-ERR no such key\r\n"s);
        f.run({"SET", "e", "3"});
        QCOMPARE(f.run({"RENAMENX", "d", "e"}), ":0\r\n"s);
        QCOMPARE(f.run({"RENAMENX", "e", "e"}), ":0\r\n"s);
        QCOMPARE(f.run({"RENAME", "a"}), "-ERR wrong number of arguments for 'rename' command\r\n"s);
    }

    void randomkey_type_time_select() {
        Fixture f;
        QCOMPARE(f.run({"RANDOMKEY"}), "$-1\r\n"s);
        QCOMPARE(f.run({"TYPE", "nokey"}), "+none\r\n"s);
        f.run({"MSET", "a", "1", "b", "2"});
        std::set<std::string> seen;
        for (int i = 0; i < 50; ++i) seen.insert(f.run({"RANDOMKEY"}));
        QCOMPARE(seen, (std::set<std::string>{"$1\r\na\r\n", "$1\r\nb\r\n"}));
        QCOMPARE(f.run({"TYPE", "a"}), "+string\r\n"s);
        QCOMPARE(f.run({"RANDOMKEY", "x"}), "-ERR wrong number of arguments for 'randomkey' command\r\n"s);
        f.advance_ms(1500);  // Unix time of the store's clock: kUnixAtZeroMs + 1.5 s
        QCOMPARE(f.run({"TIME"}), "*2\r\n$10\r\n1700000001\r\n$6\r\n500000\r\n"s);
        QCOMPARE(f.run({"TIME", "x"}), "-ERR wrong number of arguments for 'time' command\r\n"s);
        QCOMPARE(f.run({"SELECT", "0"}), "+OK\r\n"s);
        QCOMPARE(f.run({"SELECT", "1"}), "-ERR DB index is out of range\r\n"s);
        QCOMPARE(f.run({"SELECT", "-1"}), "-ERR DB index is out of range\r\n"s);
        QCOMPARE(f.run({"SELECT", "x"}), "-ERR value is not an integer or out of range\r\n"s);
    }

    void scan_cursor_visits_every_key_present_throughout() {
        Fixture f;
        for (int i = 0; i < 100; ++i) f.run({"SET", "key:" + std::to_string(i), "v"});
        std::set<std::string> seen;
        std::string cursor = "0";
        int calls = 0;
        do {
            const std::string reply = f.run({"SCAN", cursor, "COUNT", "7"});
            // *2 $n cursor *m keys...
            std::size_t at = reply.find("\r\n", 4) + 2;
            const std::size_t cursor_end = reply.find("\r\n", at);
            cursor = reply.substr(at, cursor_end - at);
            at = reply.find("\r\n", cursor_end + 2) + 2;
            while (at < reply.size()) {
                const std::size_t len_end = reply.find("\r\n", at);
                const std::size_t len = std::stoul(reply.substr(at + 1, len_end - at - 1));
                seen.insert(reply.substr(len_end + 2, len));
                at = len_end + 2 + len + 2;
            }
            // Writes and deletes during the iteration: keys present throughout must still come.
            f.run({"SET", "new:" + std::to_string(calls), "v"});
            if (calls == 3) f.run({"DEL", "key:99"});
            ++calls;
        } while (cursor != "0" && calls < 1000);
        for (int i = 0; i < 99; ++i) QVERIFY(seen.count("key:" + std::to_string(i)) == 1);
        QVERIFY(calls >= 100 / 7);
        QCOMPARE(f.run({"SCAN", "0", "COUNT", "0"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SCAN", "0", "COUNT", "-1"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SCAN", "0", "COUNT", "x"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(f.run({"SCAN", "0", "MATCH"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SCAN", "0", "FOO", "bar"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SCAN", "x"}), "-ERR invalid cursor\r\n"s);
        QCOMPARE(f.run({"SCAN", "18446744073709551616"}), "-ERR invalid cursor\r\n"s);
        QVERIFY(f.run({"SCAN", "18446744073709551615"}).starts_with("*2\r\n$1\r\n0\r\n"));
        const std::string matched = f.run({"SCAN", "0", "MATCH", "new:1", "COUNT", "1000"});
        QCOMPARE(matched, "*2\r\n$1\r\n0\r\n*1\r\n$5\r\nnew:1\r\n"s);
    }

    void keys_glob_follows_redis_stringmatch() {
        // KEYS over the same keys on redis-server 7.0.15, pattern by pattern.
        const Args keys = {"hello", "hallo", "hxllo", "hllo", "heeello", "h*llo", "a[b", "a\\b", "Hello"};
        const auto matching = [&](const std::string& pattern) {
            std::set<std::string> out;
            for (const auto& k : keys) {
                if (glob_match(pattern, k, false)) out.insert(k);
            }
            return out;
        };
        using S = std::set<std::string>;
        QCOMPARE(matching("h?llo"), (S{"h*llo", "hallo", "hello", "hxllo"}));
        QCOMPARE(matching("h*llo"), (S{"h*llo", "hallo", "heeello", "hello", "hllo", "hxllo"}));
        QCOMPARE(matching("h[ae]llo"), (S{"hallo", "hello"}));
        QCOMPARE(matching("h[^e]llo"), (S{"h*llo", "hallo", "hxllo"}));
        QCOMPARE(matching("h[a-b]llo"), (S{"hallo"}));
        QCOMPARE(matching("h\\*llo"), (S{"h*llo"}));
        QCOMPARE(matching("[H]ello"), (S{"Hello"}));
        QCOMPARE(matching("[^h]ello"), (S{"Hello"}));
        QCOMPARE(matching("a[b"), S{});
        QCOMPARE(matching("a\\[b"), (S{"a[b"}));
        QCOMPARE(matching("a[\\[]b"), (S{"a[b"}));
        QCOMPARE(matching("a\\\\b"), (S{"a\\b"}));
        QCOMPARE(matching("h[a-"), S{});
        QCOMPARE(matching("*["), S{});
        QVERIFY(glob_match("h[!a]llo", "h!llo", false));  // '!' is no negation in Redis
        QVERIFY(glob_match("[z-a]", "m", false));         // a reversed range is swapped
        QVERIFY(glob_match("MAXMEM*", "maxmemory", true));
        QVERIFY(!glob_match("MAXMEM*", "maxmemory", false));
        Fixture f;
        f.run({"MSET", "hello", "1", "Hello", "2"});
        QCOMPARE(f.run({"KEYS", "[^h]ello"}), "*1\r\n$5\r\nHello\r\n"s);
    }

    void subcommand_errors_in_redis_words() {
        Fixture f;
        QCOMPARE(f.run({"CONFIG", "foo"}), "-ERR unknown subcommand 'foo'. Try CONFIG HELP.\r\n"s);
        QCOMPARE(f.run({"CONFIG"}), "-ERR wrong number of arguments for 'config' command\r\n"s);
        QCOMPARE(f.run({"CONFIG", "GET"}), "-ERR wrong number of arguments for 'config|get' command\r\n"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory"}), "-ERR wrong number of arguments for 'config|set' command\r\n"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory", "1", "2"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"CONFIG", "SET", "foo", "bar"}),
                 "-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n"s);
        QCOMPARE(f.run({"CLIENT", "foo"}), "-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n"s);
        QCOMPARE(f.run({"CLIENT"}), "-ERR wrong number of arguments for 'client' command\r\n"s);
        QCOMPARE(f.run({"CLIENT", "SETNAME"}), "-ERR wrong number of arguments for 'client|setname' command\r\n"s);
        QCOMPARE(f.run({"COMMAND", "foo"}), "-ERR unknown subcommand 'foo'. Try COMMAND HELP.\r\n"s);
        QCOMPARE(f.run({"COMMAND", "COUNT", "x"}), "-ERR wrong number of arguments for 'command|count' command\r\n"s);
    }

    void config_policy_names_in_redis_terms() {
        Fixture f;
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "ALLKEYS-LRU"}), "+OK\r\n"s);
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory-policy"}), "*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lru\r\n"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "lfu"}), "+OK\r\n"s);  // ours, too
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory-policy"}), "*2\r\n$16\r\nmaxmemory-policy\r\n$11\r\nallkeys-lfu\r\n"s);
        QCOMPARE(f.info_field("maxmemory_policy"), "allkeys-lfu"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "s3fifo"}), "+OK\r\n"s);  // no Redis name: ours
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory-policy"}), "*2\r\n$16\r\nmaxmemory-policy\r\n$6\r\ns3fifo\r\n"s);
        // Redis 7.0.15 lists its eight; we list what we accept, in the same words.
        const std::string bogus = f.run({"CONFIG", "SET", "maxmemory-policy", "bogus"});
        QVERIFY2(bogus.starts_with("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - "
                                   "argument(s) must be one of the following: allkeys-lru, allkeys-lfu, allkeys-random, "),
                 bogus.c_str());
        QVERIFY(bogus.find("s3fifo") != std::string::npos);
        QVERIFY(bogus.find(", lru") == std::string::npos);  // listed once, by its Redis name
    }

    void info_cpu_allocator_and_error_counts() {
        Fixture f;
        const std::string cpu = f.run({"INFO", "cpu"});
        for (const char* field : {"used_cpu_sys:", "used_cpu_user:", "used_cpu_sys_children:", "used_cpu_user_children:"}) {
            QVERIFY2(cpu.find(std::string("\r\n") + field) != std::string::npos, field);
        }
        const std::string user = f.info_field("used_cpu_user");
        QVERIFY2(user.size() >= 8 && user[user.size() - 7] == '.', user.c_str());  // "%ld.%06ld"
        QCOMPARE(f.info_field("mem_allocator"), "libc"s);
        const std::string all = f.run({"INFO"});
        QVERIFY(all.find("# Stats") < all.find("# CPU") && all.find("# CPU") < all.find("# Keyspace"));
        QCOMPARE(f.info_field("total_error_replies"), "0"s);
        f.run({"NOSUCH"});
        f.run({"GET"});
        f.run({"SET", "s", "x"});
        f.run({"INCR", "s"});
        f.run({"GET", "s"});
        QCOMPARE(f.info_field("total_error_replies"), "3"s);
        QCOMPARE(f.info_field("rejected_calls"), "2"s);
        QCOMPARE(f.info_field("failed_calls"), "1"s);
    }
};

QTEST_APPLESS_MAIN(TestRespKeyspace)
#include "test_resp_keyspace.moc"
