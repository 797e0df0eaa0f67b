// The RESP2 request parser: arrays of bulk strings, inline commands, frames split anywhere,
// pipelines, binary-safe values, limits, and malformed input turned into Redis' error texts.
#include <QTest>

#include <string>
#include <vector>

#include "core/resp/resp_parser.h"
#include "core/resp/resp_writer.h"

using namespace archlab::resp;
using Args = std::vector<std::string>;

namespace {

std::string frame(const Args& args) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "*" + std::string.
    std::string out;
    out.append("*").append(std::to_string(args.size())).append("\r\n");
    for (const auto& a : args) out.append("$").append(std::to_string(a.size())).append("\r\n").append(a).append("\r\n");
    return out;
}

/// Every command the parser takes out of bytes fed in one go; fails the test on a protocol error.
std::vector<Args> parse_all(RespParser& p, const std::string& bytes) {
    p.feed(bytes);
    std::vector<Args> out;
    Args args;
    RespParser::Status s;
    while ((s = p.next(args)) == RespParser::Status::command) out.push_back(args);
    if (s == RespParser::Status::error) QTest::qFail(("protocol error: " + p.error()).c_str(), __FILE__, __LINE__);
    return out;
}

/// The error text after feeding bytes, "" when none.
std::string error_after(const std::string& bytes, RespLimits limits = {}) {
    RespParser p(limits);
    p.feed(bytes);
    Args args;
    while (true) {
        const auto s = p.next(args);
        if (s == RespParser::Status::error) return p.error();
        if (s == RespParser::Status::need_more) return "";
    }
}

}  // namespace

class TestRespParser : public QObject {
    Q_OBJECT
private slots:
    void one_array_of_bulk_strings() {
        RespParser p;
        const auto cmds = parse_all(p, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
        QCOMPARE(cmds.size(), std::size_t{1});
        QCOMPARE(cmds[0], (Args{"SET", "k", "hello"}));
        QCOMPARE(p.buffered(), std::size_t{0});
    }

    void frame_fed_byte_by_byte_completes_only_at_its_last_byte() {
        const std::string bytes = frame({"SET", "key:1", "value with spaces"});
        RespParser p;
        Args args;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            p.feed(bytes.substr(i, 1));
            const auto s = p.next(args);
            if (i + 1 < bytes.size()) {
                QCOMPARE(s, RespParser::Status::need_more);
            } else {
                QCOMPARE(s, RespParser::Status::command);
            }
        }
        QCOMPARE(args, (Args{"SET", "key:1", "value with spaces"}));
    }

    void inline_command_byte_by_byte() {
        RespParser p;
        Args args;
        const std::string bytes = "set a b\r\n";
        for (std::size_t i = 0; i + 1 < bytes.size(); ++i) {
            p.feed(bytes.substr(i, 1));
            QCOMPARE(p.next(args), RespParser::Status::need_more);
        }
        p.feed("\n");
        QCOMPARE(p.next(args), RespParser::Status::command);
        QCOMPARE(args, (Args{"set", "a", "b"}));
    }

    void pipeline_of_many_frames_in_one_read() {
        std::string bytes;
        for (int i = 0; i < 100; ++i) {
            std::string key = "k";
            key += std::to_string(i);
            bytes += frame({"SET", key, std::to_string(i * i)});
        }
        bytes += "PING\r\n";  // inline and array frames mix in one stream
        bytes += frame({"GET", "k7"});
        RespParser p;
        const auto cmds = parse_all(p, bytes);
        QCOMPARE(cmds.size(), std::size_t{102});
        QCOMPARE(cmds[99], (Args{"SET", "k99", "9801"}));
        QCOMPARE(cmds[100], (Args{"PING"}));
        QCOMPARE(cmds[101], (Args{"GET", "k7"}));
    }

    void pipeline_split_at_every_position_gives_the_same_commands() {
        const std::string bytes = frame({"MSET", "a", "1", "b", "2"}) + "GET a\n" + frame({"ECHO", ""});
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            RespParser p;
            auto cmds = parse_all(p, bytes.substr(0, cut));
            const auto rest = parse_all(p, bytes.substr(cut));
            cmds.insert(cmds.end(), rest.begin(), rest.end());
            QCOMPARE(cmds.size(), std::size_t{3});
            QCOMPARE(cmds[0], (Args{"MSET", "a", "1", "b", "2"}));
            QCOMPARE(cmds[1], (Args{"GET", "a"}));
            QCOMPARE(cmds[2], (Args{"ECHO", ""}));
        }
    }

    void binary_safe_values_keep_crlf_and_nul() {
        const std::string value("a\r\nb\0c\r\n*1\r\n$", 14);
        QCOMPARE(value.size(), std::size_t{14});
        RespParser p;
        const auto cmds = parse_all(p, frame({"SET", std::string("k\0", 2), value}));
        QCOMPARE(cmds.size(), std::size_t{1});
        QCOMPARE(cmds[0][1], std::string("k\0", 2));
        QCOMPARE(cmds[0][2], value);
    }

    void a_large_value_arrives_in_pieces() {
        const std::string big(300000, 'x');
        const std::string bytes = frame({"SET", "big", big});
        RespParser p;
        Args args;
        std::size_t commands = 0;
        for (std::size_t i = 0; i < bytes.size(); i += 16384) {
            p.feed(bytes.substr(i, 16384));
            while (p.next(args) == RespParser::Status::command) ++commands;
        }
        QCOMPARE(commands, std::size_t{1});
        QCOMPARE(args[2].size(), big.size());
        QCOMPARE(args[2], big);
    }

    void inline_commands_split_on_spaces_and_quotes() {
        RespParser p;
        const auto cmds = parse_all(p, "  set   \"a key\"  'it\\'s'\t\"x\\ny\\x41\"\r\n\r\nget a\n");
        QCOMPARE(cmds.size(), std::size_t{2});  // the blank line is skipped
        QCOMPARE(cmds[0], (Args{"set", "a key", "it's", "x\nyA"}));
        QCOMPARE(cmds[1], (Args{"get", "a"}));
    }

    void empty_arrays_are_skipped() {
        RespParser p;
        const auto cmds = parse_all(p, "*0\r\n*-1\r\n" + frame({"PING"}));
        QCOMPARE(cmds.size(), std::size_t{1});
        QCOMPARE(cmds[0], (Args{"PING"}));
    }

    void malformed_input_gives_redis_protocol_errors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        QTest::newRow("not a bulk") << QByteArray("*1\r\nx3\r\nfoo\r\n") << "Protocol error: expected '$', got 'x'";
        QTest::newRow("bad count") << QByteArray("*abc\r\n") << "Protocol error: invalid multibulk length";
        QTest::newRow("huge count") << QByteArray("*99999999999\r\n") << "Protocol error: invalid multibulk length";
        QTest::newRow("bad bulk length") << QByteArray("*1\r\n$x\r\n") << "Protocol error: invalid bulk length";
        QTest::newRow("negative bulk") << QByteArray("*1\r\n$-3\r\n") << "Protocol error: invalid bulk length";
        QTest::newRow("bulk too big") << QByteArray("*1\r\n$999999999999\r\n") << "Protocol error: invalid bulk length";
        QTest::newRow("unbalanced quotes") << QByteArray("set \"a b\r\n") << "Protocol error: unbalanced quotes in request";
        QTest::newRow("no crlf after bulk") << QByteArray("*1\r\n$3\r\nfooXY")
                                           << "Protocol error: expected '\\r\\n' after a bulk string of 3 bytes";
    }
    void malformed_input_gives_redis_protocol_errors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        QCOMPARE(QString::fromStdString(error_after(bytes.toStdString())), error);
    }

    void endless_header_or_inline_line_hits_the_limit() {
        RespLimits limits;
        limits.max_inline_bytes = 100;
        QCOMPARE(error_after(std::string(200, 'a'), limits), std::string("Protocol error: too big inline request"));
        QCOMPARE(error_after(std::string("*").append(200, '1'), limits),
                 std::string("Protocol error: too big mbulk count string"));
        QCOMPARE(error_after(std::string("*1\r\n$").append(200, '1'), limits),
                 std::string("Protocol error: too big bulk count string"));
        // Under the limit it simply waits for the rest.
        QCOMPARE(error_after(std::string(50, 'a'), limits), std::string());
    }

    void limits_on_bulk_size_and_array_items() {
        RespLimits limits;
        limits.max_bulk_bytes = 10;
        limits.max_array_items = 3;
        QCOMPARE(error_after("*1\r\n$11\r\n", limits), std::string("Protocol error: invalid bulk length"));
        QCOMPARE(error_after("*4\r\n", limits), std::string("Protocol error: invalid multibulk length"));
        QCOMPARE(error_after(frame({"a", "b", "0123456789"}), limits), std::string());
    }

    void error_is_sticky_until_reset() {
        RespParser p;
        p.feed("*1\r\n?");
        Args args;
        QCOMPARE(p.next(args), RespParser::Status::error);
        p.feed(frame({"PING"}));
        QCOMPARE(p.next(args), RespParser::Status::error);
        p.reset();
        p.feed(frame({"PING"}));
        QCOMPARE(p.next(args), RespParser::Status::command);
    }

    void writer_forms_every_reply_type() {
        std::string out;
        RespWriter w(out);
        w.simple("OK");
        w.error("ERR bad\r\nthing");
        w.integer(-42);
        w.bulk(std::string("a\0b", 3));
        w.null_bulk();
        w.array(2);
        w.bulk("");
        w.integer(0);
        using namespace std::string_literals;
        QCOMPARE(out, "+OK\r\n-ERR bad  thing\r\n:-42\r\n$3\r\na\0b\r\n$-1\r\n*2\r\n$0\r\n\r\n:0\r\n"s);
    }
};

QTEST_APPLESS_MAIN(TestRespParser)
#include "test_resp_parser.moc"
