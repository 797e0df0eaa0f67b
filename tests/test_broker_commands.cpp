// The broker's RESP side (core/broker/broker_commands.h) against replies captured byte for byte
// from a real redis-server 7.0.15 (Debian package) on 127.0.0.1, the same commands in the same
// order: XADD (ids, ordering errors, MAXLEN = / ~, NOMKSTREAM, LIMIT), XLEN, XRANGE, XGROUP
// CREATE, XREADGROUP (new entries, history, trimmed entries, NOACK, BLOCK), XACK, XPENDING
// (summary and extended), and pub/sub (replies and pushes). Idle times in XPENDING depend on
// the clock, so those come from the executor's manual clock rather than the capture's.
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <string>
#include <vector>

#include "core/broker/broker_commands.h"
#include "core/broker/broker_db.h"

using namespace archlab;
using namespace archlab::broker;

namespace {

using Args = std::vector<std::string>;

/// An executor over a fresh store on a manual clock, recording pushes per connection.
struct Fixture {
    TopicStore topics;
    PubSubRegistry pubsub;
    std::map<std::uint64_t, std::string> pushed;
    BrokerCommands commands{topics, pubsub, [this](std::uint64_t c, std::string bytes) { pushed[c] += bytes; }};
    std::map<std::uint64_t, RespSession> sessions;
    CommandClock clock{0, 1'796'306'409'068};
    std::optional<BlockedRead> last_blocked;

    std::string run(const Args& args, std::uint64_t connection = 1) {
        RespSession& s = sessions[connection];
        s.id = connection;
        std::string out;
        last_blocked = commands.execute(args, s, clock, out);
        return out;
    }
    void advance_ms(std::int64_t ms) {
        clock.now_ns += ms * 1'000'000;
        clock.unix_ms += static_cast<std::uint64_t>(ms);
    }
};

/// (command, reply) pairs run in order on one fixture.
void expect(Fixture& f, const std::vector<std::pair<Args, std::string>>& steps) {
    for (const auto& [args, reply] : steps) {
        std::string cmd;
        for (const auto& a : args) cmd += a + " ";
        QCOMPARE(QString::fromStdString(cmd + "=> " + f.run(args)), QString::fromStdString(cmd + "=> " + reply));
    }
}

const std::string kWrongXadd = "-ERR wrong number of arguments for 'xadd' command\r\n";
const std::string kBadId = "-ERR Invalid stream ID specified as stream command argument\r\n";
const std::string kSmaller = "-ERR The ID specified in XADD is equal or smaller than the target stream top item\r\n";

}  // namespace

class TestBrokerCommands : public QObject {
    Q_OBJECT
private slots:
    void xadd_ids_and_errors() {
        Fixture f;
        expect(f, {
            {{"XADD", "s", "1-1", "f", "v"}, "$3\r\n1-1\r\n"},
            {{"XADD", "s", "1-1", "f", "v"}, kSmaller},
            {{"XADD", "s", "0-0", "f", "v"}, "-ERR The ID specified in XADD must be greater than 0-0\r\n"},
            {{"XADD", "s", "1-*", "f", "v"}, "$3\r\n1-2\r\n"},
            {{"XADD", "s", "5", "f", "v"}, "$3\r\n5-0\r\n"},
            {{"XADD", "s", "abc", "f", "v"}, kBadId},
            {{"XADD", "s", "6-1", "f"}, kWrongXadd},
            {{"XADD", "s", "6-1", "f", "v", "g"}, kWrongXadd},
            {{"XADD", "s", "MAXLEN", "2", "7-0", "f", "v"}, "$3\r\n7-0\r\n"},
            {{"XLEN", "s"}, ":2\r\n"},
            {{"XADD", "s", "MAXLEN", "~", "1", "8-0", "f", "v"}, "$3\r\n8-0\r\n"},
            {{"XLEN", "s"}, ":3\r\n"},
            {{"XADD", "s", "MAXLEN", "=", "1", "9-0", "a", "b"}, "$3\r\n9-0\r\n"},
            {{"XLEN", "s"}, ":1\r\n"},
            {{"XADD", "s", "MAXLEN", "abc", "*", "f", "v"}, "-ERR value is not an integer or out of range\r\n"},
            {{"XADD", "s", "MAXLEN", "-1", "*", "f", "v"}, "-ERR The MAXLEN argument must be >= 0.\r\n"},
            {{"XADD", "s", "4-0", "f", "v"}, kSmaller},
            {{"XADD", "s", "9-*", "f", "v"}, "$3\r\n9-1\r\n"},
            {{"XADD", "s", "18446744073709551615-18446744073709551615", "f", "v"},
             "$41\r\n18446744073709551615-18446744073709551615\r\n"},
            {{"XADD", "s2", "0-*", "f", "v"}, "$3\r\n0-1\r\n"},
            {{"XADD", "s3", "0-1", "f", "v"}, "$3\r\n0-1\r\n"},
            {{"XADD", "s", "1-2-3", "f", "v"}, kBadId},
            {{"XADD", "s", "-1", "f", "v"}, kBadId},
            {{"XADD", "s", "1-x", "f", "v"}, kBadId},
            {{"XADD", "s"}, kWrongXadd},
            {{"XADD", "s", "MAXLEN"}, kWrongXadd},
            {{"XADD", "s", "*"}, kWrongXadd},
            {{"XLEN", "nokey"}, ":0\r\n"},
            {{"XLEN"}, "-ERR wrong number of arguments for 'xlen' command\r\n"},
            {{"XLEN", "a", "b"}, "-ERR wrong number of arguments for 'xlen' command\r\n"},
        });
    }

    void xadd_picked_ids_options_and_approximate_trim() {
        Fixture f;  // the capture's clock read 1796306409068 ms at its "XADD s * a 1"
        expect(f, {
            {{"XADD", "s", "5-5", "a", "1"}, "$3\r\n5-5\r\n"},
            {{"XADD", "s", "5-*", "a", "1"}, "$3\r\n5-6\r\n"},
            {{"XADD", "s", "4-*", "a", "1"}, kSmaller},
            {{"XADD", "s", "*", "a", "1"}, "$15\r\n1796306409068-0\r\n"},
            {{"XADD", "s", "NOMKSTREAM", "6-0", "a", "1"}, kSmaller},
            {{"XADD", "t", "NOMKSTREAM", "*", "a", "1"}, "$-1\r\n"},
            {{"XADD", "s", "FOO", "6-0", "a", "1"}, kBadId},
            {{"XADD", "s", "6-0", "a"}, kWrongXadd},
            {{"XADD", "s", "MAXLEN", "1", "LIMIT", "10", "*", "a", "1"},
             "-ERR syntax error, LIMIT cannot be used without the special ~ option\r\n"},
        });
        // The clock behind the last id: "*" takes the last id plus one.
        expect(f, {{{"XADD", "s", "*", "a", "1"}, "$15\r\n1796306409068-1\r\n"}});
        Fixture big;
        for (int i = 1; i <= 250; ++i) big.run({"XADD", "big", std::to_string(i) + "-0", "f", "v"});
        expect(big, {
            {{"XLEN", "big"}, ":250\r\n"},
            {{"XADD", "big", "MAXLEN", "~", "10", "251-0", "f", "v"}, "$5\r\n251-0\r\n"},
            {{"XLEN", "big"}, ":51\r\n"},
            {{"XRANGE", "big", "-", "+", "COUNT", "1"}, "*1\r\n*2\r\n$5\r\n201-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"},
            {{"XADD", "big", "MAXLEN", "~", "160", "252-0", "f", "v"}, "$5\r\n252-0\r\n"},
            {{"XLEN", "big"}, ":52\r\n"},
        });
    }

    void xrange_replies() {
        Fixture f;
        const std::string e1 = "*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n";
        const std::string e2 = "*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n";
        const std::string e3 = "*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n";
        expect(f, {
            {{"XADD", "s", "1-1", "a", "1"}, "$3\r\n1-1\r\n"},
            {{"XADD", "s", "2-1", "b", "2", "c", "3"}, "$3\r\n2-1\r\n"},
            {{"XADD", "s", "3-0", "d", "4"}, "$3\r\n3-0\r\n"},
            {{"XRANGE", "s", "-", "+"}, "*3\r\n" + e1 + e2 + e3},
            {{"XRANGE", "s", "-", "+", "COUNT", "1"}, "*1\r\n" + e1},
            {{"XRANGE", "s", "2", "+"}, "*2\r\n" + e2 + e3},
            {{"XRANGE", "s", "2-1", "2-1"}, "*1\r\n" + e2},
            {{"XRANGE", "s", "(1-1", "+"}, "*2\r\n" + e2 + e3},
            {{"XRANGE", "nokey", "-", "+"}, "*0\r\n"},
            {{"XRANGE", "s", "x", "+"}, kBadId},
            {{"XRANGE", "s", "-", "+", "COUNT", "x"}, "-ERR value is not an integer or out of range\r\n"},
            {{"XRANGE", "s", "-", "+", "COUNT", "0"}, "*-1\r\n"},
            {{"XRANGE", "s", "-", "+", "COUNT", "-1"}, "*-1\r\n"},
            {{"XRANGE", "s", "-", "+", "FOO", "1"}, "-ERR syntax error\r\n"},
            {{"XRANGE", "s", "-"}, "-ERR wrong number of arguments for 'xrange' command\r\n"},
            {{"XRANGE", "s", "3", "1"}, "*0\r\n"},
            {{"XRANGE", "s", "-", "+", "COUNT"}, "-ERR syntax error\r\n"},
            {{"XRANGE", "s", "(-", "+"}, kBadId},
        });
    }

    void groups_reads_acks_and_pending() {
        Fixture f;
        const std::string e1 = "*2\r\n$3\r\n1-1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n";
        const std::string e2 = "*2\r\n$3\r\n2-1\r\n*4\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n";
        const std::string e3 = "*2\r\n$3\r\n3-0\r\n*2\r\n$1\r\nd\r\n$1\r\n4\r\n";
        f.run({"XADD", "s", "1-1", "a", "1"});
        f.run({"XADD", "s", "2-1", "b", "2", "c", "3"});
        f.run({"XADD", "s", "3-0", "d", "4"});
        expect(f, {
            {{"XGROUP", "CREATE", "s", "g", "$"}, "+OK\r\n"},
            {{"XGROUP", "CREATE", "s", "g", "$"}, "-BUSYGROUP Consumer Group name already exists\r\n"},
            {{"XGROUP", "CREATE", "nokey", "g", "$"},
             "-ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
             "option to create an empty stream automatically.\r\n"},
            {{"XGROUP", "CREATE", "nokey", "g", "0", "MKSTREAM"}, "+OK\r\n"},
            {{"XLEN", "nokey"}, ":0\r\n"},
            {{"XGROUP", "CREATE", "s", "g2", "0"}, "+OK\r\n"},
            {{"XGROUP", "CREATE", "s", "g3", "bad"}, kBadId},
            {{"XGROUP", "FOO"}, "-ERR unknown subcommand 'FOO'. Try XGROUP HELP.\r\n"},
            {{"XGROUP", "CREATE", "s"}, "-ERR wrong number of arguments for 'xgroup|create' command\r\n"},
            {{"XGROUP", "CREATE", "s", "g4", "0", "FOO"},
             "-ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.\r\n"},
            {{"XGROUP", "create", "s", "g5", "1-1"}, "+OK\r\n"},
            {{"XGROUP"}, "-ERR wrong number of arguments for 'xgroup' command\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "COUNT", "2", "STREAMS", "s", ">"},
             "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n" + e1 + e2},
            {{"XREADGROUP", "GROUP", "g2", "c1", "STREAMS", "s", "0"}, "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n" + e1 + e2},
            {{"XREADGROUP", "GROUP", "g2", "c2", "STREAMS", "s", "0"}, "*1\r\n*2\r\n$1\r\ns\r\n*0\r\n"},
            {{"XREADGROUP", "GROUP", "nog", "c1", "STREAMS", "s", ">"},
             "-NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "STREAMS", "s"}, "-ERR wrong number of arguments for 'xreadgroup' command\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">"}, "*-1\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "STREAMS", "nokey", ">"},
             "-NOGROUP No such key 'nokey' or consumer group 'g2' in XREADGROUP with GROUP option\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "COUNT", "x", "STREAMS", "s", ">"},
             "-ERR value is not an integer or out of range\r\n"},
            {{"XREADGROUP", "STREAMS", "s", ">"}, "-ERR wrong number of arguments for 'xreadgroup' command\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "STREAMS", "s", "bad"}, kBadId},
            {{"XREADGROUP", "GROUP", "g2", "c1", "BLOCK", "x", "STREAMS", "s", ">"},
             "-ERR timeout is not an integer or out of range\r\n"},
            {{"XREADGROUP", "GROUP", "g2", "c1", "NOACK", "STREAMS", "s", ">"}, "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n" + e3},
            {{"XREADGROUP", "GROUP", "g2", "c3", "COUNT", "5", "STREAMS", "s", ">"}, "*-1\r\n"},
        });
        // The history read above delivered 1-1 and 2-1 a second time.
        f.advance_ms(5388);
        expect(f, {
            {{"XPENDING", "s", "g2"}, "*4\r\n:2\r\n$3\r\n1-1\r\n$3\r\n2-1\r\n*1\r\n*2\r\n$2\r\nc1\r\n$1\r\n2\r\n"},
            {{"XPENDING", "s", "g"}, "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"},
            {{"XPENDING", "s", "g2", "-", "+", "10"},
             "*2\r\n*4\r\n$3\r\n1-1\r\n$2\r\nc1\r\n:5388\r\n:2\r\n*4\r\n$3\r\n2-1\r\n$2\r\nc1\r\n:5388\r\n:2\r\n"},
            {{"XPENDING", "s", "g2", "-", "+", "10", "c1"},
             "*2\r\n*4\r\n$3\r\n1-1\r\n$2\r\nc1\r\n:5388\r\n:2\r\n*4\r\n$3\r\n2-1\r\n$2\r\nc1\r\n:5388\r\n:2\r\n"},
            {{"XPENDING", "s", "g2", "-", "+", "10", "nobody"}, "*0\r\n"},
            {{"XPENDING", "s", "nog"}, "-NOGROUP No such key 's' or consumer group 'nog'\r\n"},
            {{"XPENDING", "nokey2", "g"}, "-NOGROUP No such key 'nokey2' or consumer group 'g'\r\n"},
            {{"XPENDING", "s", "g2", "-", "+", "x"}, "-ERR value is not an integer or out of range\r\n"},
            {{"XPENDING", "s", "g2", "-", "+"}, "-ERR syntax error\r\n"},
            {{"XPENDING", "s", "g2", "IDLE", "100000", "-", "+", "10"}, "*0\r\n"},
            {{"XPENDING", "s", "g2", "-", "+", "1"}, "*1\r\n*4\r\n$3\r\n1-1\r\n$2\r\nc1\r\n:5388\r\n:2\r\n"},
            {{"XPENDING", "s"}, "-ERR wrong number of arguments for 'xpending' command\r\n"},
            {{"XACK", "s", "g2", "1-1", "2-1"}, ":2\r\n"},
            {{"XACK", "s", "g2", "1-1"}, ":0\r\n"},
            {{"XACK", "s", "g2", "bad"}, kBadId},
            {{"XACK", "s", "nog", "1-1"}, ":0\r\n"},
            {{"XACK", "nokey3", "g", "1-1"}, ":0\r\n"},
            {{"XACK", "s", "g2"}, "-ERR wrong number of arguments for 'xack' command\r\n"},
            {{"XPENDING", "s", "g2"}, "*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"},
        });
    }

    void reads_over_several_streams_and_trimmed_entries() {
        Fixture f;
        expect(f, {
            {{"XADD", "s", "1-0", "a", "1"}, "$3\r\n1-0\r\n"},
            {{"XADD", "s", "2-0", "a", "2"}, "$3\r\n2-0\r\n"},
            {{"XADD", "t", "1-0", "b", "1"}, "$3\r\n1-0\r\n"},
            {{"XGROUP", "CREATE", "s", "g", "0"}, "+OK\r\n"},
            {{"XGROUP", "CREATE", "t", "g", "0"}, "+OK\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", "t", ">", ">"},
             "*2\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
             "*2\r\n$1\r\nt\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nb\r\n$1\r\n1\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", ">"},
             "-ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.\r\n"},
            {{"XADD", "s", "MAXLEN", "0", "3-0", "a", "3"}, "$3\r\n3-0\r\n"},
            // 1-0 is still pending but trimmed away: its history read gives the id and nil.
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0"}, "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*-1\r\n"},
            {{"XPENDING", "s", "g"}, "*4\r\n:1\r\n$3\r\n1-0\r\n$3\r\n1-0\r\n*1\r\n*2\r\n$1\r\nc\r\n$1\r\n1\r\n"},
            {{"XPENDING", "s", "g", "-", "+", "10", "c"}, "*1\r\n*4\r\n$3\r\n1-0\r\n$1\r\nc\r\n:0\r\n:1\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", ">", ">"}, "*-1\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "COUNT", "0", "STREAMS", "t", "0"},
             "*1\r\n*2\r\n$1\r\nt\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nb\r\n$1\r\n1\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "t", "(0"}, kBadId},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "t", "$"},
             "-ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by "
             "specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "s", ">", ">"}, "*-1\r\n"},
            {{"XACK", "s", "g", "1-0", "1-0", "2-0"}, ":1\r\n"},
        });
    }

    void option_errors_and_exclusive_bounds() {
        Fixture f;
        const std::string e1 = "*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n";
        const std::string e2 = "*2\r\n$3\r\n2-0\r\n*2\r\n$1\r\na\r\n$1\r\n2\r\n";
        f.run({"XADD", "s", "1-0", "a", "1"});
        f.run({"XADD", "s", "2-0", "a", "2"});
        f.run({"XGROUP", "CREATE", "s", "g", "0"});
        expect(f, {
            {{"XREADGROUP", "GROUP", "g", "c", "BLOCK", "-1", "STREAMS", "s", ">"}, "-ERR timeout is negative\r\n"},
            {{"XREADGROUP", "COUNT", "1", "COUNT", "2", "STREAMS", "s", ">"}, "-ERR Missing GROUP option for XREADGROUP\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "FOO", "STREAMS", "s", ">"}, "-ERR syntax error\r\n"},
            {{"XADD", "s", "LIMIT", "5", "*", "a", "1"},
             "-ERR syntax error, LIMIT cannot be used without specifying a trimming strategy\r\n"},
            {{"XADD", "s", "MAXLEN", "~", "1", "LIMIT", "-1", "*", "a", "1"}, "-ERR The LIMIT argument must be >= 0.\r\n"},
            {{"XREADGROUP", "GROUP", "g", "c", "COUNT", "-5", "STREAMS", "s", ">"}, "*1\r\n*2\r\n$1\r\ns\r\n*2\r\n" + e1 + e2},
            {{"XPENDING", "s", "g", "(1-0", "+", "10"}, "*1\r\n*4\r\n$3\r\n2-0\r\n$1\r\nc\r\n:0\r\n:1\r\n"},
            {{"XPENDING", "s", "g", "-", "(2-0", "10"}, "*1\r\n*4\r\n$3\r\n1-0\r\n$1\r\nc\r\n:0\r\n:1\r\n"},
            {{"XPENDING", "s", "g", "IDLE", "x", "-", "+", "10"}, "-ERR value is not an integer or out of range\r\n"},
            {{"XPENDING", "s", "g", "IDLE", "0", "-", "+"}, "-ERR syntax error\r\n"},
            {{"XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"}, "-ERR invalid start ID for the interval\r\n"},
            {{"XGROUP", "CREATE", "s", "g9", "0", "ENTRIESREAD", "3"}, "+OK\r\n"},
            {{"XACK", "s", "g", "-"}, kBadId},
            {{"PING", "a", "b"}, "-ERR wrong number of arguments for 'ping' command\r\n"},
            {{"QUIT"}, "+OK\r\n"},
        });
        QVERIFY(f.sessions[1].close_after_reply);
    }

    void blocked_read_waits_for_an_entry_or_times_out() {
        Fixture f;
        f.run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
        // Nothing new: no reply yet, a blocked read to retry.
        QCOMPARE(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "50", "STREAMS", "s", ">"}), std::string());
        QVERIFY(f.last_blocked.has_value());
        const BlockedRead blocked = *f.last_blocked;
        QCOMPARE(blocked.deadline_ns, std::int64_t(50'000'000));
        std::string out;
        QVERIFY(!f.commands.retry(blocked, f.sessions[1], f.clock, out));
        f.run({"XADD", "s", "4-0", "z", "z"}, 2);
        QVERIFY(f.commands.retry(blocked, f.sessions[1], f.clock, out));
        // The reply redis-server gave a connection blocked when another added 4-0.
        QCOMPARE(out, std::string("*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n4-0\r\n*2\r\n$1\r\nz\r\n$1\r\nz\r\n"));
        QCOMPARE(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "-1", "STREAMS", "s", ">"}),
                 std::string("-ERR timeout is negative\r\n"));
    }

    void blocked_read_with_a_timeout_past_the_clock_waits_for_ever() {
        // redis-server 7.0.15 blocks on BLOCK 9223372036854775807 (checked with redis-cli); the
        // deadline in ns would overflow, so such a read waits without one (deadline 0).
        Fixture f;
        f.run({"XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"});
        for (const char* ms : {"9223372036854775807", "9223372036855"}) {
            QCOMPARE(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", ms, "STREAMS", "s", ">"}), std::string());
            QVERIFY(f.last_blocked.has_value());
            QCOMPARE(f.last_blocked->deadline_ns, std::int64_t(0));
        }
        // The largest timeout that fits still gets its deadline.
        QCOMPARE(f.run({"XREADGROUP", "GROUP", "g", "c", "BLOCK", "9223372036854", "STREAMS", "s", ">"}),
                 std::string());
        QCOMPARE(f.last_blocked->deadline_ns, std::int64_t(9'223'372'036'854'000'000));
    }

    void pubsub_replies_and_pushes() {
        Fixture f;
        const std::uint64_t d = 2;
        expect(f, {
            {{"PUBLISH", "orders.placed", "hi"}, ":0\r\n"},
            {{"PUBLISH", "x"}, "-ERR wrong number of arguments for 'publish' command\r\n"},
        });
        QCOMPARE(f.run({"SUBSCRIBE", "orders.placed", "b"}, d),
                 std::string("*3\r\n$9\r\nsubscribe\r\n$13\r\norders.placed\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"));
        QCOMPARE(f.run({"PSUBSCRIBE", "orders.*"}, d), std::string("*3\r\n$10\r\npsubscribe\r\n$8\r\norders.*\r\n:3\r\n"));
        QCOMPARE(f.run({"PUBLISH", "orders.placed", "hello"}), std::string(":2\r\n"));
        QCOMPARE(f.pushed[d], std::string("*3\r\n$7\r\nmessage\r\n$13\r\norders.placed\r\n$5\r\nhello\r\n"
                                          "*4\r\n$8\r\npmessage\r\n$8\r\norders.*\r\n$13\r\norders.placed\r\n$5\r\nhello\r\n"));
        f.pushed.clear();
        QCOMPARE(f.run({"PUBLISH", "orders.paid", "x2"}), std::string(":1\r\n"));
        QCOMPARE(f.pushed[d], std::string("*4\r\n$8\r\npmessage\r\n$8\r\norders.*\r\n$11\r\norders.paid\r\n$2\r\nx2\r\n"));
        QCOMPARE(f.run({"GET", "k"}, d),
                 std::string("-ERR unknown command 'GET', with args beginning with: 'k' \r\n"));  // no GET here at all
        QCOMPARE(f.run({"PING"}, d), std::string("*2\r\n$4\r\npong\r\n$0\r\n\r\n"));
        QCOMPARE(f.run({"PING", "hey"}, d), std::string("*2\r\n$4\r\npong\r\n$3\r\nhey\r\n"));
        QCOMPARE(f.run({"XADD", "s", "*", "a", "b"}, d),
                 std::string("-ERR Can't execute 'xadd': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
                             "allowed in this context\r\n"));
        QCOMPARE(f.run({"UNSUBSCRIBE", "nothere"}, d), std::string("*3\r\n$11\r\nunsubscribe\r\n$7\r\nnothere\r\n:3\r\n"));
        QCOMPARE(f.run({"UNSUBSCRIBE", "b"}, d), std::string("*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:2\r\n"));
        QCOMPARE(f.run({"UNSUBSCRIBE"}, d), std::string("*3\r\n$11\r\nunsubscribe\r\n$13\r\norders.placed\r\n:1\r\n"));
        QCOMPARE(f.run({"UNSUBSCRIBE"}, d), std::string("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:1\r\n"));
        QCOMPARE(f.run({"PUNSUBSCRIBE", "nope"}, d), std::string("*3\r\n$12\r\npunsubscribe\r\n$4\r\nnope\r\n:1\r\n"));
        QCOMPARE(f.run({"PUNSUBSCRIBE"}, d), std::string("*3\r\n$12\r\npunsubscribe\r\n$8\r\norders.*\r\n:0\r\n"));
        QCOMPARE(f.run({"PUNSUBSCRIBE"}, d), std::string("*3\r\n$12\r\npunsubscribe\r\n$-1\r\n:0\r\n"));
        QCOMPARE(f.run({"SUBSCRIBE"}, d), std::string("-ERR wrong number of arguments for 'subscribe' command\r\n"));
        QCOMPARE(f.run({"PSUBSCRIBE"}, d), std::string("-ERR wrong number of arguments for 'psubscribe' command\r\n"));
        QCOMPARE(f.run({"SUBSCRIBE", "a", "a"}, d),
                 std::string("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"));
        QCOMPARE(f.run({"PSUBSCRIBE", "p*"}, d), std::string("*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:2\r\n"));
        QCOMPARE(f.run({"SUBSCRIBE", "b"}, d), std::string("*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:3\r\n"));
        f.pushed.clear();
        QCOMPARE(f.run({"PUBLISH", "a", "m"}), std::string(":1\r\n"));
        QCOMPARE(f.run({"PUBLISH", "pz", "m"}), std::string(":1\r\n"));
        QCOMPARE(f.pushed[d], std::string("*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n"
                                          "*4\r\n$8\r\npmessage\r\n$2\r\np*\r\n$2\r\npz\r\n$1\r\nm\r\n"));
        QCOMPARE(f.run({"UNSUBSCRIBE", "a", "b"}, d),
                 std::string("*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:2\r\n*3\r\n$11\r\nunsubscribe\r\n$1\r\nb\r\n:1\r\n"));
        QCOMPARE(f.run({"PUNSUBSCRIBE"}, d), std::string("*3\r\n$12\r\npunsubscribe\r\n$2\r\np*\r\n:0\r\n"));
        QCOMPARE(f.run({"PING"}, d), std::string("+PONG\r\n"));
    }

    void the_database_gives_back_what_was_journaled() {
        Fixture f;
        f.run({"XADD", "s", "1-0", "a", "1"});
        f.run({"XADD", "s", "2-0", "b", std::string("bin\0ary", 7)});
        f.run({"XADD", "s", "3-0", "c", "3"});
        f.run({"XGROUP", "CREATE", "s", "g", "0"});
        f.run({"XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"});
        f.run({"XACK", "s", "g", "1-0"});
        f.run({"XADD", "s", "MAXLEN", "2", "4-0", "d", "4"});
        QTemporaryDir dir;
        SqlitePool pool(dir.filePath("b.sqlite3").toStdString());
        broker_db_prepare(pool);
        pool.with([&](sqlite3* db) { broker_db_write(db, f.topics.journal().take()); });
        Fixture g;
        pool.with([&](sqlite3* db) { broker_db_load(db, g.topics); });
        for (const Args& probe : std::vector<Args>{{"XRANGE", "s", "-", "+"},
                                                   {"XPENDING", "s", "g", "-", "+", "10"},
                                                   {"XPENDING", "s", "g"},
                                                   {"XADD", "s", "3-5", "x", "y"},
                                                   {"XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"}}) {
            QCOMPARE(g.run(probe), f.run(probe));
        }
    }
};

QTEST_GUILESS_MAIN(TestBrokerCommands)
#include "test_broker_commands.moc"
