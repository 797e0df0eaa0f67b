// The RESP command executor, called directly on a manual clock: every command's reply, TTLs
// stepping with time, Redis' error texts, and INFO's counters equal to the CacheStore's own.
#include <QTest>

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "core/cache/policy_registry.h"
#include "core/resp/active_expiry.h"
#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/store_config.h"
#include "resp_command_fixture.h"

using namespace std::string_literals;

using namespace resp_test;

class TestRespCommands : public QObject {
    Q_OBJECT
private slots:
    void ping_and_echo() {
        Fixture f;
        QCOMPARE(f.run({"PING"}), "+PONG\r\n"s);
        QCOMPARE(f.run({"ping", "hi there"}), bulk("hi there"));
        QCOMPARE(f.run({"PING", "a", "b"}), "-ERR wrong number of arguments for 'ping' command\r\n"s);
        QCOMPARE(f.run({"ECHO", "x\r\ny"}), bulk("x\r\ny"));
    }

    void get_set_del_exists() {
        Fixture f;
        QCOMPARE(f.run({"GET", "a"}), kNil);
        QCOMPARE(f.run({"SET", "a", "1"}), kOk);
        QCOMPARE(f.run({"get", "a"}), bulk("1"));
        QCOMPARE(f.run({"SET", "b", "2"}), kOk);
        QCOMPARE(f.run({"EXISTS", "a", "b", "c", "a"}), integer(3));
        QCOMPARE(f.run({"DEL", "a", "c"}), integer(1));
        QCOMPARE(f.run({"EXISTS", "a"}), integer(0));
        QCOMPARE(f.run({"DBSIZE"}), integer(1));
    }

    void set_nx_xx_get_and_keepttl() {
        Fixture f;
        QCOMPARE(f.run({"SET", "k", "v1", "XX"}), kNil);  // absent: not set
        QCOMPARE(f.run({"SET", "k", "v1", "NX"}), kOk);
        QCOMPARE(f.run({"SET", "k", "v2", "NX"}), kNil);
        QCOMPARE(f.run({"SET", "k", "v3", "XX", "GET"}), bulk("v1"));
        QCOMPARE(f.run({"GET", "k"}), bulk("v3"));
        QCOMPARE(f.run({"SET", "k", "v4", "PX", "5000"}), kOk);
        QCOMPARE(f.run({"SET", "k", "v5", "KEEPTTL"}), kOk);
        QCOMPARE(f.run({"PTTL", "k"}), integer(5000));
        QCOMPARE(f.run({"SET", "k", "v6"}), kOk);  // a plain SET clears the TTL
        QCOMPARE(f.run({"TTL", "k"}), integer(-1));
        QCOMPARE(f.run({"SET", "new", "x", "GET"}), kNil);
    }

    void set_option_errors() {
        Fixture f;
        QCOMPARE(f.run({"SET", "k", "v", "NX", "XX"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "1", "PX", "1"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EX"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "KEEPTTL", "EX", "1"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "BOGUS"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "ten"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "0"}), "-ERR invalid expire time in 'set' command\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "PX", "-5"}), "-ERR invalid expire time in 'set' command\r\n"s);
        QCOMPARE(f.run({"SET", "k"}), "-ERR wrong number of arguments for 'set' command\r\n"s);
        QCOMPARE(f.run({"DBSIZE"}), integer(0));  // nothing was written by the failed ones
    }

    void ttl_and_pttl_follow_the_manual_clock() {
        Fixture f;
        QCOMPARE(f.run({"TTL", "none"}), integer(-2));
        QCOMPARE(f.run({"SET", "k", "v", "EX", "10"}), kOk);
        QCOMPARE(f.run({"TTL", "k"}), integer(10));
        QCOMPARE(f.run({"PTTL", "k"}), integer(10000));
        f.advance_ms(2500);
        QCOMPARE(f.run({"PTTL", "k"}), integer(7500));
        QCOMPARE(f.run({"TTL", "k"}), integer(8));  // 7.5 s rounds as Redis does
        f.advance_ms(7499);
        QCOMPARE(f.run({"PTTL", "k"}), integer(1));
        QCOMPARE(f.run({"GET", "k"}), bulk("v"));
        f.advance_ms(1);
        QCOMPARE(f.run({"GET", "k"}), kNil);  // lazily expired
        QCOMPARE(f.run({"TTL", "k"}), integer(-2));
        QCOMPARE(f.stats().expired_keys, std::uint64_t{1});
    }

    void expire_and_pexpire() {
        Fixture f;
        QCOMPARE(f.run({"EXPIRE", "none", "10"}), integer(0));
        f.run({"SET", "k", "v"});
        QCOMPARE(f.run({"EXPIRE", "k", "10"}), integer(1));
        QCOMPARE(f.run({"PTTL", "k"}), integer(10000));
        QCOMPARE(f.run({"PEXPIRE", "k", "1500"}), integer(1));
        QCOMPARE(f.run({"PTTL", "k"}), integer(1500));
        QCOMPARE(f.run({"EXPIRE", "k", "100", "NX"}), integer(0));  // it has a TTL already
        QCOMPARE(f.run({"EXPIRE", "k", "100", "GT"}), integer(1));
        QCOMPARE(f.run({"EXPIRE", "k", "5", "GT"}), integer(0));
        QCOMPARE(f.run({"EXPIRE", "k", "5", "LT"}), integer(1));
        QCOMPARE(f.run({"TTL", "k"}), integer(5));
        QCOMPARE(f.run({"EXPIRE", "k", "x"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "k", "99999999999999999"}), "-ERR invalid expire time in 'expire' command\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "k", "5", "NX", "XX"}),
                 "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "k", "0"}), integer(1));  // a TTL of 0 deletes at once
        QCOMPARE(f.run({"EXISTS", "k"}), integer(0));
        QCOMPARE(f.run({"EXPIRE", "k"}), "-ERR wrong number of arguments for 'expire' command\r\n"s);
    }

    void expiry_times_are_checked_as_redis_7_does() {
        // Redis 7 keeps deadlines as Unix ms in a signed 64-bit integer: it refuses what does not
        // fit (after adding now for relative times) and accepts everything else, however far.
        Fixture f;
        const std::string bad_set = "-ERR invalid expire time in 'set' command\r\n";
        QCOMPARE(f.run({"SET", "k", "v", "EX", "9223372036854"}), kOk);  // 9.2e15 ms + now fits
        QCOMPARE(f.run({"SET", "p", "v", "PX", "9223372036854"}), kOk);  // the case: 292 years
        f.advance_ms(1000);
        QCOMPARE(f.run({"GET", "k"}), bulk("v"));  // not gone at once
        QCOMPARE(f.run({"GET", "p"}), bulk("v"));
        QCOMPARE(f.run({"PTTL", "p"}), integer(9223372036854 - 1000));
        // Now is kUnixAtZeroMs + 1000: the last PX that still fits makes the deadline LLONG_MAX.
        const std::int64_t room_ms = std::numeric_limits<std::int64_t>::max() - (Fixture::kUnixAtZeroMs + 1000);
        QCOMPARE(f.run({"SET", "k", "v", "PX", std::to_string(room_ms)}), kOk);
        QCOMPARE(f.run({"SET", "k", "v", "PX", std::to_string(room_ms + 1)}), bad_set);
        QCOMPARE(f.run({"SET", "k", "v", "PX", "9223372036854775807"}), bad_set);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "9223372036854775"}), bad_set);  // * 1000 fits, + now does not
        QCOMPARE(f.run({"SET", "k", "v", "EX", "9223372036854776"}), bad_set);  // * 1000 does not fit
        QCOMPARE(f.run({"SET", "k", "v", "EXAT", "9223372036854775"}), kOk);    // absolute: nothing added
        QCOMPARE(f.run({"SET", "k", "v", "PXAT", "9223372036854775807"}), kOk);
        QVERIFY(f.run({"TTL", "k"}).starts_with(":9223372036"));  // saturated at about 292 years
        QCOMPARE(f.run({"SET", "k", "v", "EXAT", "0"}), bad_set);
        QCOMPARE(f.run({"SET", "k", "v", "PXAT", "-1"}), bad_set);
        QCOMPARE(f.run({"SET", "k", "v", "PXAT", "1"}), kOk);  // in the past: gone at once
        QCOMPARE(f.run({"GET", "k"}), kNil);
        QCOMPARE(f.run({"SET", "k", "v", "EXAT", std::to_string(Fixture::kUnixAtZeroMs / 1000 + 101)}), kOk);
        QCOMPARE(f.run({"TTL", "k"}), integer(100));  // one second of the clock has passed
        QCOMPARE(f.run({"SET", "k", "v", "EX", "10", "EX", "20"}), kOk);  // the last one counts
        QCOMPARE(f.run({"TTL", "k"}), integer(20));
        QCOMPARE(f.run({"SET", "k", "v", "EX", "1", "EXAT", "1"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "ten", "NX", "XX"}), "-ERR syntax error\r\n"s);  // options first
    }

    void expire_family_checks_as_redis_7_does() {
        Fixture f;
        const auto invalid = [](const char* cmd) { return "-ERR invalid expire time in '"s + cmd + "' command\r\n"; };
        f.run({"SET", "k", "v"});
        QCOMPARE(f.run({"EXPIRE", "k", "9223372036"}), integer(1));  // the case: accepted, far away
        f.advance_ms(24LL * 3600 * 1000);
        QCOMPARE(f.run({"TTL", "k"}), integer(9223372036 - 24 * 3600));
        QCOMPARE(f.run({"EXPIRE", "k", "9223372036854776"}), invalid("expire"));   // > LLONG_MAX / 1000
        QCOMPARE(f.run({"EXPIRE", "k", "-9223372036854776"}), invalid("expire"));  // < LLONG_MIN / 1000
        QCOMPARE(f.run({"EXPIRE", "k", "9223372036854775"}), invalid("expire"));   // + now overflows
        QCOMPARE(f.run({"PEXPIRE", "k", "9223372036854775807"}), invalid("pexpire"));
        QCOMPARE(f.run({"EXPIREAT", "k", "9223372036854776"}), invalid("expireat"));
        QCOMPARE(f.run({"EXPIRE", "none", "9223372036854776"}), invalid("expire"));  // checked before the key
        QCOMPARE(f.run({"EXPIREAT", "k", "9223372036854775"}), integer(1));  // absolute: fits
        QCOMPARE(f.run({"PEXPIREAT", "k", "9223372036854775807"}), integer(1));
        QCOMPARE(f.run({"GET", "k"}), bulk("v"));
        const std::int64_t now_s = Fixture::kUnixAtZeroMs / 1000 + 24 * 3600;
        QCOMPARE(f.run({"EXPIREAT", "k", std::to_string(now_s + 50)}), integer(1));
        QCOMPARE(f.run({"TTL", "k"}), integer(50));
        QCOMPARE(f.run({"PEXPIREAT", "none", "1"}), integer(0));
        QCOMPARE(f.run({"EXPIRE", "k", "-9223372036854775"}), integer(1));  // far in the past: deleted
        QCOMPARE(f.run({"EXISTS", "k"}), integer(0));
        f.run({"SET", "k", "v"});
        QCOMPARE(f.run({"PEXPIRE", "k", "-9223372036854775808"}), integer(1));
        QCOMPARE(f.run({"EXISTS", "k"}), integer(0));
        f.run({"SET", "k", "v"});
        QCOMPARE(f.run({"PEXPIREAT", "k", "-9223372036854775808"}), integer(1));
        QCOMPARE(f.run({"EXISTS", "k"}), integer(0));
        f.run({"SET", "k", "v"});
        QCOMPARE(f.run({"EXPIREAT", "k", std::to_string(now_s)}), integer(1));  // now: already due
        QCOMPARE(f.run({"EXISTS", "k"}), integer(0));
        // Options are checked before the number, as in Redis 7.
        QCOMPARE(f.run({"EXPIRE", "k", "x", "NX", "XX"}),
                 "-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"s);
        QCOMPARE(f.run({"EXPIRE", "k", "5", "GT", "LT"}), "-ERR GT and LT options at the same time are not compatible\r\n"s);
        QCOMPARE(f.run({"PEXPIRE", "k", "x", "FOO"}), "-ERR Unsupported option FOO\r\n"s);
    }

    void incr_decr_incrby_keep_the_ttl() {
        Fixture f;
        QCOMPARE(f.run({"INCR", "n"}), integer(1));
        QCOMPARE(f.run({"INCRBY", "n", "41"}), integer(42));
        QCOMPARE(f.run({"DECR", "n"}), integer(41));
        QCOMPARE(f.run({"DECRBY", "n", "-9"}), integer(50));
        QCOMPARE(f.run({"GET", "n"}), bulk("50"));
        f.run({"PEXPIRE", "n", "3000"});
        QCOMPARE(f.run({"INCR", "n"}), integer(51));
        QCOMPARE(f.run({"PTTL", "n"}), integer(3000));
        f.run({"SET", "s", "abc"});
        QCOMPARE(f.run({"INCR", "s"}), "-ERR value is not an integer or out of range\r\n"s);
        f.run({"SET", "lead", "007"});
        QCOMPARE(f.run({"INCR", "lead"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(f.run({"INCRBY", "n", "1.5"}), "-ERR value is not an integer or out of range\r\n"s);
        f.run({"SET", "max", "9223372036854775807"});
        QCOMPARE(f.run({"INCR", "max"}), "-ERR increment or decrement would overflow\r\n"s);
        QCOMPARE(f.run({"GET", "max"}), bulk("9223372036854775807"));
    }

    void mget_and_mset() {
        Fixture f;
        QCOMPARE(f.run({"MSET", "a", "1", "b", "2"}), kOk);
        QCOMPARE(f.run({"MGET", "a", "x", "b"}), "*3\r\n"s + bulk("1") + kNil + bulk("2"));
        QCOMPARE(f.run({"MSET", "a", "1", "b"}), "-ERR wrong number of arguments for 'mset' command\r\n"s);
        const auto st = f.stats();
        QCOMPARE(st.hits, std::uint64_t{2});  // MGET counts one lookup per key
        QCOMPARE(st.misses, std::uint64_t{1});
    }

    void flushall_and_flushdb() {
        Fixture f;
        f.run({"MSET", "a", "1", "b", "2"});
        QCOMPARE(f.run({"FLUSHALL"}), kOk);
        QCOMPARE(f.run({"DBSIZE"}), integer(0));
        f.run({"SET", "a", "1"});
        QCOMPARE(f.run({"FLUSHDB", "ASYNC"}), kOk);
        QCOMPARE(f.run({"FLUSHALL", "sync"}), kOk);
        QCOMPARE(f.run({"FLUSHALL", "now"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"DBSIZE"}), integer(0));
    }

    void keys_scan_and_type_list_only_live_keys() {
        Fixture f;
        f.run({"MSET", "user:1", "a", "user:2", "b", "Order:1", "c"});
        f.run({"SET", "user:3", "d", "PX", "10"});
        f.advance_ms(10);  // user:3 is due (not yet dropped): listed nowhere
        const auto sorted_bulks = [&](const std::string& reply) {
            // "*n\r\n$len\r\nkey\r\n..." -> the keys, sorted
            std::vector<std::string> keys;
            std::size_t at = reply.find("\r\n") + 2;
            while (at < reply.size()) {
                const std::size_t len_end = reply.find("\r\n", at);
                const std::size_t len = std::stoul(reply.substr(at + 1, len_end - at - 1));
                keys.push_back(reply.substr(len_end + 2, len));
                at = len_end + 2 + len + 2;
            }
            std::sort(keys.begin(), keys.end());
            return keys;
        };
        QCOMPARE(sorted_bulks(f.run({"KEYS", "*"})), (Args{"Order:1", "user:1", "user:2"}));
        QCOMPARE(sorted_bulks(f.run({"KEYS", "user:*"})), (Args{"user:1", "user:2"}));
        QCOMPARE(f.run({"KEYS", "USER:*"}), "*0\r\n"s);  // KEYS is case-sensitive
        QCOMPARE(f.run({"KEYS", "order:[0-9]"}), "*0\r\n"s);
        const std::string scan = f.run({"SCAN", "0", "MATCH", "user:?", "COUNT", "10"});
        QVERIFY(scan.rfind("*2\r\n$1\r\n0\r\n", 0) == 0);  // one call, cursor back to 0
        QCOMPARE(sorted_bulks(scan.substr(std::string("*2\r\n$1\r\n0\r\n").size())), (Args{"user:1", "user:2"}));
        QCOMPARE(f.run({"SCAN", "0", "TYPE", "hash"}), "*2\r\n$1\r\n0\r\n*0\r\n"s);
        QCOMPARE(f.run({"SCAN", "x"}), "-ERR invalid cursor\r\n"s);
        QCOMPARE(f.run({"SCAN", "0", "COUNT"}), "-ERR syntax error\r\n"s);
        QCOMPARE(f.run({"TYPE", "user:1"}), "+string\r\n"s);
        QCOMPARE(f.run({"TYPE", "user:3"}), "+none\r\n"s);
        const auto st = f.stats();
        QCOMPARE(st.hits, std::uint64_t{1});  // listing is no lookup; TYPE is, as in Redis
        QCOMPARE(st.misses, std::uint64_t{1});
    }

    void unknown_command_and_arity_errors_in_redis_words() {
        Fixture f;
        QCOMPARE(f.run({"FOO"}), "-ERR unknown command 'FOO', with args beginning with: \r\n"s);
        QCOMPARE(f.run({"foo", "a", "b"}), "-ERR unknown command 'foo', with args beginning with: 'a' 'b' \r\n"s);
        QCOMPARE(f.run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n"s);
        QCOMPARE(f.run({"GET", "a", "b"}), "-ERR wrong number of arguments for 'get' command\r\n"s);
        QCOMPARE(f.run({"DEL"}), "-ERR wrong number of arguments for 'del' command\r\n"s);
        QCOMPARE(f.run({"DBSIZE", "x"}), "-ERR wrong number of arguments for 'dbsize' command\r\n"s);
    }

    void info_counters_equal_the_store_stats() {
        Fixture f("lru", 3, cache::CapacityUnit::entries);
        f.run({"SET", "a", "1"});
        f.run({"SET", "b", "22", "PX", "100"});
        f.run({"GET", "a"});
        f.run({"GET", "zz"});
        f.run({"MSET", "c", "3", "d", "4"});  // evicts one of the three (capacity 3)
        f.advance_ms(200);
        f.run({"GET", "b"});                  // b expired (or was evicted)
        f.run({"SET", "e", "5", "EX", "50"});
        const auto st = f.stats();
        QVERIFY(st.evicted_keys >= 1);
        QCOMPARE(f.info_field("keyspace_hits"), std::to_string(st.hits));
        QCOMPARE(f.info_field("keyspace_misses"), std::to_string(st.misses));
        QCOMPARE(f.info_field("evicted_keys"), std::to_string(st.evicted_keys));
        QCOMPARE(f.info_field("expired_keys"), std::to_string(st.expired_keys));
        QCOMPARE(f.info_field("used_memory"), std::to_string(st.used_memory));
        QCOMPARE(f.info_field("maxmemory"), "0"s);  // counted in entries
        QCOMPARE(f.info_field("maxentries"), "3"s);
        QCOMPARE(f.info_field("maxmemory_policy"), "allkeys-lru"s);
        QCOMPARE(f.info_field("redis_version"), "7.0.0"s);
        QCOMPARE(f.info_field("db0"), fmt::format("keys={},expires=1,avg_ttl=0", st.keys));
        QCOMPARE(st.hits, std::uint64_t{1});
        QCOMPARE(st.misses, std::uint64_t{2});
    }

    void info_sections() {
        Fixture f;
        f.counters.tcp_port = 6399;
        const std::string stats = f.run({"INFO", "stats"});
        QVERIFY(stats.find("# Stats") != std::string::npos);
        QVERIFY(stats.find("# Server") == std::string::npos);
        const std::string server = f.run({"info", "SERVER"});
        QVERIFY(server.find("tcp_port:6399\r\n") != std::string::npos);
        QCOMPARE(f.run({"INFO", "nosuchsection"}), bulk(""));
        QCOMPARE(f.run({"INFO", "keyspace"}), bulk("# Keyspace\r\n"));  // empty db: no db0 line
    }

    void config_get_with_patterns() {
        Fixture f("lfu", 1 << 20, cache::CapacityUnit::bytes);
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory"}), "*2\r\n"s + bulk("maxmemory") + bulk("1048576"));
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory-policy"}), "*2\r\n"s + bulk("maxmemory-policy") + bulk("allkeys-lfu"));
        QCOMPARE(f.run({"config", "get", "MAXMEM*"}),
                 "*4\r\n"s + bulk("maxmemory") + bulk("1048576") + bulk("maxmemory-policy") + bulk("allkeys-lfu"));
        const std::string all = f.run({"CONFIG", "GET", "*"});
        QVERIFY(all.rfind("*16\r\n", 0) == 0);
        QCOMPARE(f.run({"CONFIG", "GET", "appendonly"}), "*2\r\n"s + bulk("appendonly") + bulk("no"));
        QCOMPARE(f.run({"CONFIG", "GET", "nothing"}), "*0\r\n"s);
        QCOMPARE(f.run({"CONFIG", "GET"}), "-ERR wrong number of arguments for 'config|get' command\r\n"s);
    }

    void config_set_maxmemory_and_policy() {
        Fixture f("lru", 1000, cache::CapacityUnit::entries);
        for (int i = 0; i < 100; ++i) f.run({"SET", fmt::format("key{}", 100 + i), "0123456789"});  // 16 bytes each
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory", "800"}), kOk);  // room for 50
        auto st = f.stats();
        QCOMPARE(st.unit, cache::CapacityUnit::bytes);
        QCOMPARE(st.capacity, std::uint64_t{800});
        QCOMPARE(st.keys, std::uint64_t{50});
        QCOMPARE(st.evicted_keys, std::uint64_t{50});
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory", "1mb"}), kOk);
        QCOMPARE(f.stats().capacity, std::uint64_t{1024 * 1024});
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory", "2k"}), kOk);
        QCOMPARE(f.stats().capacity, std::uint64_t{2000});
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"}), kOk);
        QCOMPARE(f.stats().policy, "lfu"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "s3fifo"}), kOk);
        QCOMPARE(f.stats().policy, "s3fifo"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "allkeys-random", "maxmemory", "0"}), kOk);
        st = f.stats();
        QCOMPARE(st.policy, "random"s);
        QCOMPARE(st.capacity, kUnlimitedCapacity);
        QCOMPARE(f.run({"CONFIG", "GET", "maxmemory"}), "*2\r\n"s + bulk("maxmemory") + bulk("0"));
        QCOMPARE(f.run({"CONFIG", "SET", "maxentries", "10"}), kOk);
        QCOMPARE(f.stats().unit, cache::CapacityUnit::entries);
        QCOMPARE(f.stats().keys, std::uint64_t{10});
    }

    void config_set_errors() {
        Fixture f;
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory", "lots"}),
                 "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n"s);
        const std::string bad_policy = f.run({"CONFIG", "SET", "maxmemory-policy", "volatile-lru"});
        QVERIFY(bad_policy.rfind("-ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) "
                                 "must be one of the following: allkeys-lru, allkeys-lfu, allkeys-random, ",
                                 0) == 0);
        QCOMPARE(f.run({"CONFIG", "SET", "save", ""}),
                 "-ERR Unknown option or number of arguments for CONFIG SET - 'save'\r\n"s);
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory"}), "-ERR wrong number of arguments for 'config|set' command\r\n"s);
        QCOMPARE(f.run({"CONFIG", "RESETSTAT"}),
                 "-ERR unknown subcommand 'RESETSTAT'. Try CONFIG HELP.\r\n"s);
        // A pair that fails leaves the earlier pairs unapplied, too.
        QCOMPARE(f.run({"CONFIG", "SET", "maxmemory-policy", "fifo", "maxmemory", "x"}).substr(0, 20),
                 "-ERR CONFIG SET fail"s);
        QCOMPARE(f.stats().policy, "lru"s);
    }

    void command_client_select_hello_quit() {
        Fixture f;
        QCOMPARE(f.run({"COMMAND", "DOCS"}), "*0\r\n"s);
        QCOMPARE(f.run({"COMMAND", "COUNT"}), integer(static_cast<long long>(f.executor.commands().size())));
        QCOMPARE(f.run({"COMMAND", "INFO", "get", "nope"}),
                 "*2\r\n*6\r\n"s + bulk("get") + integer(2) + "*2\r\n+readonly\r\n+fast\r\n" + integer(1) + integer(1) +
                     integer(1) + kNil);
        QVERIFY(f.run({"COMMAND"}).rfind(fmt::format("*{}\r\n", f.executor.commands().size()), 0) == 0);
        QCOMPARE(f.run({"CLIENT", "GETNAME"}), kNil);
        QCOMPARE(f.run({"CLIENT", "SETNAME", "bench"}), kOk);
        QCOMPARE(f.run({"CLIENT", "GETNAME"}), bulk("bench"));
        QCOMPARE(f.run({"CLIENT", "SETNAME", "has space"}),
                 "-ERR Client names cannot contain spaces, newlines or special characters.\r\n"s);
        QCOMPARE(f.run({"CLIENT", "ID"}), integer(7));
        QCOMPARE(f.run({"SELECT", "0"}), kOk);
        QCOMPARE(f.run({"SELECT", "1"}), "-ERR DB index is out of range\r\n"s);
        QCOMPARE(f.run({"SELECT", "x"}), "-ERR value is not an integer or out of range\r\n"s);
        QCOMPARE(f.run({"HELLO", "3"}), "-NOPROTO unsupported protocol version\r\n"s);
        QVERIFY(f.run({"HELLO", "2"}).rfind("*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n", 0) == 0);
        QVERIFY(!f.client.close_after_reply);
        QCOMPARE(f.run({"QUIT"}), kOk);
        QVERIFY(f.client.close_after_reply);
    }

    void a_node_marked_down_refuses_every_command_but_quit() {
        Fixture f;
        f.run({"SET", "a", "1"});
        f.store.set_available(false);
        QCOMPARE(f.run({"GET", "a"}), "-ERR cache node is down\r\n"s);
        QCOMPARE(f.run({"PING"}), "-ERR cache node is down\r\n"s);
        QCOMPARE(f.run({"QUIT"}), kOk);
        f.store.set_available(true);
        QCOMPARE(f.run({"GET", "a"}), bulk("1"));
    }

    void value_larger_than_maxmemory_is_refused_like_redis_oom() {
        Fixture f("lru", 10, cache::CapacityUnit::bytes);
        QCOMPARE(f.run({"SET", "k", "0123456789"}), "-OOM command not allowed when used memory > 'maxmemory'.\r\n"s);
        QCOMPARE(f.run({"DBSIZE"}), integer(0));
    }

    void active_expiry_drops_due_keys_nobody_reads() {
        Fixture f;
        for (int i = 0; i < 100; ++i) f.run({"SET", fmt::format("t{}", i), "v", "PX", "1000"});
        for (int i = 0; i < 10; ++i) f.run({"SET", fmt::format("p{}", i), "v"});
        f.advance_ms(999);
        std::size_t expired = f.store.locked([](cache::CacheStore& s, Nanos now) { return active_expire_cycle(s, now); });
        QCOMPARE(expired, std::size_t{0});
        f.advance_ms(1);
        // 100 due keys, 20 a round: five full rounds, then a sixth that finds none.
        expired = f.store.locked([](cache::CacheStore& s, Nanos now) { return active_expire_cycle(s, now); });
        QCOMPARE(expired, std::size_t{100});
        QCOMPARE(f.run({"DBSIZE"}), integer(10));
        QCOMPARE(f.stats().expired_keys, std::uint64_t{100});
        QCOMPARE(f.info_field("expired_keys"), "100"s);
        // The round limit bounds one cycle's work.
        for (int i = 0; i < 100; ++i) f.run({"SET", fmt::format("u{}", i), "v", "PX", "1"});
        f.advance_ms(1);
        expired = f.store.locked([](cache::CacheStore& s, Nanos now) { return active_expire_cycle(s, now, 20, 2); });
        QCOMPARE(expired, std::size_t{40});
    }

    void memory_sizes_parse_as_redis_conf() {
        QCOMPARE(parse_memory("0"), std::optional<std::uint64_t>(0));
        QCOMPARE(parse_memory("100"), std::optional<std::uint64_t>(100));
        QCOMPARE(parse_memory("1kb"), std::optional<std::uint64_t>(1024));
        QCOMPARE(parse_memory("1K"), std::optional<std::uint64_t>(1000));
        QCOMPARE(parse_memory("3MB"), std::optional<std::uint64_t>(3u << 20));
        QCOMPARE(parse_memory("2gb"), std::optional<std::uint64_t>(2ull << 30));
        QVERIFY(!parse_memory("").has_value());
        QVERIFY(!parse_memory("-1").has_value());
        QVERIFY(!parse_memory("1tb").has_value());
        QVERIFY(!parse_memory("99999999999999999999gb").has_value());
    }
};

QTEST_APPLESS_MAIN(TestRespCommands)
#include "test_resp_commands.moc"
