// The string and counter commands against the executor on a manual clock. The expected replies
// (and error texts) were captured from a real redis-server 7.0.15 (Debian package) on the same
// commands, then written here as literal RESP bytes.
#include <QTest>

#include <string>

#include "resp_command_fixture.h"

using namespace resp_test;
using namespace std::string_literals;

namespace {
const std::string kNotInt = "-ERR value is not an integer or out of range\r\n";
const std::string kSyntax = "-ERR syntax error\r\n";
}  // namespace

class TestRespStrings : public QObject {
    Q_OBJECT
private slots:
    void setex_psetex_setnx() {
        Fixture f;
        QCOMPARE(f.run({"SETEX", "k", "10", "v"}), "+OK\r\n"s);
        QCOMPARE(f.run({"TTL", "k"}), ":10\r\n"s);
        QCOMPARE(f.run({"SETEX", "k", "0", "v"}), "-ERR invalid expire time in 'setex' command\r\n"s);
        QCOMPARE(f.run({"SETEX", "k", "-1", "v"}), "-ERR invalid expire time in 'setex' command\r\n"s);
        QCOMPARE(f.run({"SETEX", "k", "x", "v"}), kNotInt);
        QCOMPARE(f.run({"SETEX", "k", "9223372036854775", "v"}), "-ERR invalid expire time in 'setex' command\r\n"s);
        QCOMPARE(f.run({"PSETEX", "k", "0", "v"}), "-ERR invalid expire time in 'psetex' command\r\n"s);
        QCOMPARE(f.run({"PSETEX", "k", "100", "v"}), "+OK\r\n"s);
        QCOMPARE(f.run({"PTTL", "k"}), ":100\r\n"s);
        QCOMPARE(f.run({"SETEX", "k", "1"}), "-ERR wrong number of arguments for 'setex' command\r\n"s);
        QCOMPARE(f.run({"SETNX", "k", "v"}), ":0\r\n"s);
        QCOMPARE(f.run({"SETNX", "k2", "v"}), ":1\r\n"s);
        QCOMPARE(f.run({"SETNX", "k"}), "-ERR wrong number of arguments for 'setnx' command\r\n"s);
    }

    void getset_getdel() {
        Fixture f;
        f.run({"SET", "k", "v", "EX", "100"});
        QCOMPARE(f.run({"GETSET", "k", "new"}), "$1\r\nv\r\n"s);
        QCOMPARE(f.run({"TTL", "k"}), ":-1\r\n"s);  // GETSET drops the expiry
        QCOMPARE(f.run({"GETSET", "nokey", "new"}), "$-1\r\n"s);
        QCOMPARE(f.run({"GETDEL", "k"}), "$3\r\nnew\r\n"s);
        QCOMPARE(f.run({"GETDEL", "k"}), "$-1\r\n"s);
        QCOMPARE(f.run({"GETDEL"}), "-ERR wrong number of arguments for 'getdel' command\r\n"s);
        QCOMPARE(f.run({"GETSET", "k"}), "-ERR wrong number of arguments for 'getset' command\r\n"s);
    }

    void getex_options_and_errors() {
        Fixture f;
        f.run({"SET", "k2", "v"});
        QCOMPARE(f.run({"GETEX", "k2"}), "$1\r\nv\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "EX", "100"}), "$1\r\nv\r\n"s);
        QCOMPARE(f.run({"TTL", "k2"}), ":100\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "PERSIST"}), "$1\r\nv\r\n"s);
        QCOMPARE(f.run({"TTL", "k2"}), ":-1\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "PX", "0"}), "-ERR invalid expire time in 'getex' command\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "EX", "-1"}), "-ERR invalid expire time in 'getex' command\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "EXAT", "0"}), "-ERR invalid expire time in 'getex' command\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "EX", "9223372036854775"}), "-ERR invalid expire time in 'getex' command\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "EX", "x"}), kNotInt);
        QCOMPARE(f.run({"GETEX", "k2", "EX", "10", "PX", "10"}), kSyntax);
        QCOMPARE(f.run({"GETEX", "k2", "PERSIST", "EX", "10"}), kSyntax);
        QCOMPARE(f.run({"GETEX", "k2", "FOO"}), kSyntax);
        QCOMPARE(f.run({"GETEX", "k2", "EX"}), kSyntax);
        QCOMPARE(f.run({"GETEX", "nokey", "FOO"}), kSyntax);
        QCOMPARE(f.run({"GETEX", "nokey", "EX", "10"}), "$-1\r\n"s);
        QCOMPARE(f.run({"GETEX", "k2", "PXAT", "1"}), "$1\r\nv\r\n"s);  // in the past: read, then deleted
        QCOMPARE(f.run({"EXISTS", "k2"}), ":0\r\n"s);
        QCOMPARE(f.run({"GETEX"}), "-ERR wrong number of arguments for 'getex' command\r\n"s);
    }

    void set_get_nx_keepttl_exat() {
        Fixture f;
        QCOMPARE(f.run({"SET", "k", "v", "EX", "100"}), "+OK\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v2", "KEEPTTL", "GET"}), "$1\r\nv\r\n"s);
        QCOMPARE(f.run({"TTL", "k"}), ":100\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v3", "NX", "GET"}), "$2\r\nv2\r\n"s);  // NX with GET: allowed in 7.0
        QCOMPARE(f.run({"SET", "k2", "v3", "NX", "GET"}), "$-1\r\n"s);
        QCOMPARE(f.run({"GET", "k2"}), "$2\r\nv3\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v4", "XX", "GET"}), "$2\r\nv2\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "GET", "GET"}), "$2\r\nv4\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EXAT", "4000000000"}), "+OK\r\n"s);
        QCOMPARE(f.run({"EXPIRETIME", "k"}), ":4000000000\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "PXAT", "4000000000123"}), "+OK\r\n"s);
        QCOMPARE(f.run({"PEXPIRETIME", "k"}), ":4000000000123\r\n"s);
        QCOMPARE(f.run({"SET", "k", "v", "EXAT", "4000000000", "KEEPTTL"}), kSyntax);
        QCOMPARE(f.run({"SET", "k", "v", "KEEPTTL", "PX", "10"}), kSyntax);
        QCOMPARE(f.run({"SET", "k", "v", "EX", "10", "PX", "20"}), kSyntax);
        QCOMPARE(f.run({"SET", "k", "v", "PERSIST"}), kSyntax);
    }

    void append_strlen_msetnx() {
        Fixture f;
        QCOMPARE(f.run({"APPEND", "a", "hello"}), ":5\r\n"s);
        f.run({"PEXPIRE", "a", "5000"});
        QCOMPARE(f.run({"APPEND", "a", " world"}), ":11\r\n"s);
        QCOMPARE(f.run({"GET", "a"}), "$11\r\nhello world\r\n"s);
        QCOMPARE(f.run({"PTTL", "a"}), ":5000\r\n"s);  // APPEND keeps the expiry
        QCOMPARE(f.run({"STRLEN", "a"}), ":11\r\n"s);
        QCOMPARE(f.run({"STRLEN", "nokey"}), ":0\r\n"s);
        QCOMPARE(f.run({"MSETNX", "a", "1", "b", "2"}), ":0\r\n"s);
        QCOMPARE(f.run({"EXISTS", "b"}), ":0\r\n"s);  // nothing written
        QCOMPARE(f.run({"MSETNX", "c", "1", "d", "2"}), ":1\r\n"s);
        QCOMPARE(f.run({"MSETNX", "c", "1", "d"}), "-ERR wrong number of arguments for 'msetnx' command\r\n"s);
        QCOMPARE(f.run({"MSETNX", "a"}), "-ERR wrong number of arguments for 'msetnx' command\r\n"s);
        QCOMPARE(f.run({"MGET", "c", "d"}), "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"s);
        QCOMPARE(f.run({"APPEND", "a"}), "-ERR wrong number of arguments for 'append' command\r\n"s);
    }

    void incrby_decrby_overflow() {
        Fixture f;
        f.run({"SET", "n", "10"});
        QCOMPARE(f.run({"INCRBY", "n", "5"}), ":15\r\n"s);
        QCOMPARE(f.run({"INCRBY", "n", "x"}), kNotInt);
        QCOMPARE(f.run({"DECR", "n"}), ":14\r\n"s);
        QCOMPARE(f.run({"DECRBY", "n", "3"}), ":11\r\n"s);
        QCOMPARE(f.run({"DECRBY", "n", "-9223372036854775808"}), "-ERR decrement would overflow\r\n"s);
        QCOMPARE(f.run({"INCRBY", "n", "9223372036854775807"}), "-ERR increment or decrement would overflow\r\n"s);
        f.run({"SET", "n", "-10"});
        QCOMPARE(f.run({"DECRBY", "n", "9223372036854775807"}), "-ERR increment or decrement would overflow\r\n"s);
    }

    void incrbyfloat_formats_as_redis() {
        Fixture f;
        f.run({"SET", "f", "10.5"});
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "0.1"}), "$4\r\n10.6\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "5.0e3"}), "$22\r\n5010.60000000000000009\r\n"s);  // long double
        f.run({"SET", "f", "3.0e3"});
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "0"}), "$4\r\n3000\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "x"}), "-ERR value is not a valid float\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "inf"}), "-ERR increment would produce NaN or Infinity\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "nan"}), "-ERR value is not a valid float\r\n"s);
        f.run({"SET", "f", "abc"});
        QCOMPARE(f.run({"INCRBYFLOAT", "f", "1"}), "-ERR value is not a valid float\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf", "10.5"}), "$4\r\n10.5\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf2", "3.0e3"}), "$4\r\n3000\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf3", "-0.0"}), "$1\r\n0\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf5", "1.0 "}), "-ERR value is not a valid float\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf5", " 1"}), "-ERR value is not a valid float\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf6", "0x10"}), "$2\r\n16\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf7", "1.23456789012345678"}), "$19\r\n1.23456789012345678\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf8", "1e-5"}), "$7\r\n0.00001\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf9", "1e20"}), "$21\r\n100000000000000000000\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf10", "123456789012345678901234567890"}),
                 "$30\r\n123456789012345678899921813504\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf11", "1e-20"}), "$1\r\n0\r\n"s);
        QCOMPARE(f.run({"INCRBYFLOAT", "nf4", "1e308"}).substr(0, 10), "$308\r\n9999"s);
        f.run({"SET", "t", "1", "PX", "3000"});
        QCOMPARE(f.run({"INCRBYFLOAT", "t", "1.5"}), "$3\r\n2.5\r\n"s);
        QCOMPARE(f.run({"PTTL", "t"}), ":3000\r\n"s);  // keeps the expiry
        QCOMPARE(f.run({"INCRBYFLOAT", "t"}), "-ERR wrong number of arguments for 'incrbyfloat' command\r\n"s);
    }

    void lookups_count_hits_and_misses_as_redis() {
        // Measured on redis-server 7.0.15: one hit each for GET MGET(per key) EXISTS TTL PTTL
        // EXPIRETIME TYPE STRLEN GETEX GETDEL GETSET SET..GET; none for APPEND INCR INCRBYFLOAT
        // RENAME PERSIST EXPIRE SETNX MSETNX RANDOMKEY KEYS SCAN DBSIZE DEL.
        Fixture f;
        const Args counted[] = {{"GET", "k"},   {"EXISTS", "k"}, {"TTL", "k"},    {"PTTL", "k"},
                                {"EXPIRETIME", "k"}, {"TYPE", "k"}, {"STRLEN", "k"}, {"GETEX", "k"},
                                {"GETSET", "k", "v"}, {"SET", "k", "v", "GET"}, {"GETDEL", "k"}};
        const Args uncounted[] = {{"APPEND", "k", "x"}, {"INCR", "n"}, {"INCRBYFLOAT", "n", "1"}, {"RENAME", "k", "k"},
                                  {"PERSIST", "k"},     {"EXPIRE", "k", "100"}, {"SETNX", "k", "v"},
                                  {"MSETNX", "k", "v"}, {"RANDOMKEY"}, {"KEYS", "*"}, {"SCAN", "0"}, {"DBSIZE"},
                                  {"DEL", "k"}};
        for (const auto& cmd : counted) {
            f.run({"MSET", "k", "v", "n", "1"});
            const auto before = f.stats();
            f.run(cmd);
            const auto after = f.stats();
            QVERIFY2(after.hits == before.hits + 1 && after.misses == before.misses, cmd[0].c_str());
        }
        for (const auto& cmd : uncounted) {
            f.run({"MSET", "k", "v", "n", "1"});
            const auto before = f.stats();
            f.run(cmd);
            const auto after = f.stats();
            QVERIFY2(after.hits == before.hits && after.misses == before.misses, cmd[0].c_str());
        }
        f.run({"MGET", "n", "n", "none"});
        QCOMPARE(f.info_field("keyspace_misses"), "1"s);
    }
};

QTEST_APPLESS_MAIN(TestRespStrings)
#include "test_resp_strings.moc"
