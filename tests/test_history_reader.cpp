// History readers: EDN maps (extra keys, tagged maps, independent [key value] tuples, nemesis
// lines skipped), jepsen.util log lines (tabs or spaces, :timed-out completions), the EDN writer
// reading back to the same operations, and errors that name FILE:LINE:COL and what was expected.
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <sstream>

#include "core/consistency/history.h"
#include "input_error.h"

using namespace archlab;
using namespace archlab::consistency;

class TestHistoryReader : public QObject {
    Q_OBJECT

private slots:
    void edn_maps_with_extra_keys() {
        const History h = parse_history(
            "{:process 0, :type :invoke, :f :write, :key \"x\", :value 3, :time 120, :index 0}\n"
            "\n"
            "{:type :ok, :process 0, :f :write, :key \"x\", :value 3, :time 250, :error nil}\n"
            "#jepsen.history.Op{:process 1, :type :invoke, :f :cas, :value [3 \"four\"]}\n"
            "{:process :nemesis, :type :info, :f :start, :value {:partition [:n1 :n2]}}\n"
            "{:process 1, :type :info, :f :cas, :value :timed-out, :error [:timeout \"slow\"]} ; comment\n",
            "mem");
        QCOMPARE(h.ops.size(), std::size_t(4));  // the nemesis line is skipped
        QCOMPARE(h.ops[0].process, std::int64_t(0));
        QVERIFY(h.ops[0].type == OpType::invoke);
        QVERIFY(h.ops[0].f == OpFunction::write);
        QCOMPARE(h.ops[0].key, std::string("x"));
        QVERIFY(h.ops[0].value == Value(std::int64_t(3)));
        QCOMPARE(*h.ops[0].time_ns, std::int64_t(120));
        QCOMPARE(h.ops[0].line, std::size_t(1));
        QCOMPARE(h.ops[1].line, std::size_t(3));
        QVERIFY(h.ops[1].type == OpType::ok);
        QVERIFY(h.ops[2].f == OpFunction::cas);
        QVERIFY(h.ops[2].key.empty());
        QVERIFY(h.ops[2].value == Value(std::int64_t(3)));
        QVERIFY(h.ops[2].cas_to == Value(std::string("four")));
        QCOMPARE(h.ops[2].line, std::size_t(4));
        QVERIFY(h.ops[3].type == OpType::info);
        QCOMPARE(h.ops[3].line, std::size_t(6));
    }

    void edn_independent_tuples() {
        const History h = parse_history(
            "{:process 2, :type :invoke, :f :read, :value [7 nil]}\n"
            "{:process 2, :type :ok, :f :read, :value [7 5]}\n"
            "{:process 3, :type :invoke, :f :cas, :value [\"k\" [1 2]]}\n"
            "{:process 4, :type :invoke, :f :put, :key \"\\u00e9t\\u00E9\", :value \"a\\u0041\"}\n",
            "mem");
        QCOMPARE(h.ops[3].key, std::string("\xC3\xA9t\xC3\xA9"));  // UTF-8
        QVERIFY(h.ops[3].value == Value(std::string("aA")));
        QCOMPARE(h.ops[0].key, std::string("7"));
        QVERIFY(h.ops[1].value == Value(std::int64_t(5)));
        QCOMPARE(h.ops[2].key, std::string("k"));
        QVERIFY(h.ops[2].cas_to == Value(std::int64_t(2)));
    }

    void knossos_vector_file() {
        // Knossos keeps a history as one EDN vector, a map per line, maybe after a comment.
        const History h = parse_history(
            "; a comment\n"
            "[{:type :invoke, :process 1, :f :read, :value nil}\n"
            " {:type :invoke, :process 101, :f :write, :value 3}\n"
            " {:type :fail, :process 101, :f :write, :value 3, :error [:temporarily-unavailable nil]}"
            " {:type :ok, :process 1, :f :read, :value 3}]\n",
            "knossos.edn");
        QCOMPARE(h.ops.size(), std::size_t(4));
        QCOMPARE(h.ops[0].line, std::size_t(2));
        QVERIFY(h.ops[2].type == OpType::fail);
        QCOMPARE(h.ops[3].line, std::size_t(4));
        QVERIFY(h.ops[3].value == Value(std::int64_t(3)));
        const QString message = input_error([] { parse_history("[{:process 0, :type :invoke, :f :read} {:process x}]", "v"); });
        QVERIFY2(message.startsWith("v:1:50: expected :process to be an integer or :nemesis, found a symbol"), qPrintable(message));
    }

    void knossos_list_file() {
        // Some of Knossos's data files hold the history as a list, closed on a line of its own.
        const History h = parse_history(
            "({:type :invoke, :f :write, :value 0, :process 0}\n"
            " {:type :ok, :f :write, :value 0, :process 0}\n"
            " ; a comment between operations\n"
            " {:type :invoke, :f :read, :value nil, :process 1}\n"
            " {:type :ok, :f :read, :value 0, :process 1}\n"
            ")\n",
            "list.edn");
        QCOMPARE(h.ops.size(), std::size_t(4));
        QCOMPARE(h.ops[3].line, std::size_t(5));
        QVERIFY(h.ops[3].value == Value(std::int64_t(0)));
        const QString message = input_error([] { parse_history("({:process 0, :type :invoke, :f :read}\n", "l"); });
        QVERIFY2(message.startsWith("l:1:"), qPrintable(message));
        QVERIFY2(message.contains("expected ')' closing the list opened at line 1 column 1"), qPrintable(message));
    }

    void jepsen_log_lines() {
        const History h = parse_history(
            "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]\n"
            "INFO  jepsen.core - something else entirely\n"
            "INFO  jepsen.util - 1   :invoke :write  3\n"
            "INFO  jepsen.util - 3\t:fail\t:cas\t[1 4]\n"
            "INFO  jepsen.util - 1\t:info\t:write\t:timed-out\n"
            "INFO  jepsen.util - 0\t:invoke\t:read\tnil\n"
            "INFO  jepsen.util - 0\t:ok\t:read\tnil\n"
            "INFO  jepsen.util - nemesis\t:info\t:start\tnil\n"
            "INFO [jepsen worker 2] jepsen.util - 2\t:invoke\t:cas\t[2 3]\n"
            "INFO [jepsen worker 2] jepsen.util - 2\t:info\t:cas\t[2 3]\tindeterminate: timed out\n",
            "etcd.log");
        QCOMPARE(h.ops.size(), std::size_t(8));
        QVERIFY(h.ops[7].type == OpType::info);  // the error text after the value is skipped
        QVERIFY(h.ops[7].cas_to == Value(std::int64_t(3)));
        QVERIFY(h.ops[0].f == OpFunction::cas);
        QVERIFY(h.ops[0].value == Value(std::int64_t(1)));
        QVERIFY(h.ops[0].cas_to == Value(std::int64_t(4)));
        QCOMPARE(h.ops[1].process, std::int64_t(1));
        QCOMPARE(h.ops[1].line, std::size_t(3));
        QVERIFY(h.ops[2].type == OpType::fail);
        QVERIFY(h.ops[3].type == OpType::info);
        QVERIFY(std::holds_alternative<std::monostate>(h.ops[3].value));  // :timed-out carries no value
        QVERIFY(h.ops[5].type == OpType::ok);
        QVERIFY(std::holds_alternative<std::monostate>(h.ops[5].value));
    }

    void writer_round_trip() {
        std::vector<Operation> ops(3);
        ops[0].process = 4;
        ops[0].f = OpFunction::append;
        ops[0].key = "a\"b";
        ops[0].value = std::string("x\ty");
        ops[0].time_ns = 99;
        ops[1].process = 4;
        ops[1].type = OpType::ok;
        ops[1].f = OpFunction::cas;
        ops[1].value = Value{};
        ops[1].cas_to = std::int64_t(-2);
        ops[2].process = 5;
        ops[2].type = OpType::info;
        ops[2].f = OpFunction::get;
        ops[2].key.push_back('k');  // (not = "k": GCC 12 warns falsely with -Wrestrict)
        std::ostringstream out;
        for (const Operation& op : ops) write_edn(out, op);
        QCOMPARE(QString::fromStdString(out.str()).count('\n'), 3);
        QVERIFY(out.str().find("{:process 4, :type :ok, :f :cas, :value [nil -2]}") != std::string::npos);
        const History back = parse_history(out.str(), "written");
        QCOMPARE(back.ops.size(), ops.size());
        for (std::size_t i = 0; i < ops.size(); ++i) {
            QCOMPARE(back.ops[i].process, ops[i].process);
            QVERIFY(back.ops[i].type == ops[i].type);
            QVERIFY(back.ops[i].f == ops[i].f);
            QCOMPARE(back.ops[i].key, ops[i].key);
            QVERIFY(back.ops[i].value == ops[i].value);
            QVERIFY(back.ops[i].cas_to == ops[i].cas_to);
            QVERIFY(back.ops[i].time_ns == ops[i].time_ns);
        }
    }

    void errors_name_line_and_column_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unclosed map") << "{:process 0, :type :invoke, :f :read\n" << "mem:1:1: '{' opened here is never closed";
        QTest::newRow("bad type") << "{:process 0, :type :invoke, :f :read}\n{:process 0, :type :done, :f :read}\n"
                                  << "mem:2:20: expected :type to be :invoke, :ok, :fail or :info";
        QTest::newRow("bad function") << "{:process 0, :type :invoke, :f :incr, :value 1}" << "mem:1:32: expected :f to be";
        QTest::newRow("missing type") << "{:process 0, :f :read}" << "mem:1:1: missing :type";
        QTest::newRow("cas not a pair") << "{:process 0, :type :invoke, :f :cas, :value 3}"
                                        << "mem:1:45: expected a cas value [from to]";
        QTest::newRow("write of a map") << "{:process 0, :type :invoke, :f :write, :value {:a 1}}"
                                        << "mem:1:47: expected a write value";
        QTest::newRow("odd map") << "{:process 0, :type}" << "mem:1:1: a map needs an even number";
        QTest::newRow("unclosed string") << "{:process 0, :key \"abc}" << "mem:1:19: string is never closed";
        QTest::newRow("trailing text") << "{:process 0, :type :invoke, :f :read} x" << "mem:1:39: expected a map";
        QTest::newRow("neither format") << "\nhello\n" << "mem:2:1: expected an EDN map";
        QTest::newRow("log bad type") << "INFO  jepsen.util - 3\t:invok\t:read\tnil" << "mem:1:23: expected :invoke, :ok";
        QTest::newRow("log bad value") << "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4" << "mem:1:36: '[' opened here is never closed";
        QTest::newRow("empty") << "\n\n" << "mem:1:1: no operations found";
        QTest::newRow("bad unicode escape") << "{:process 0, :key \"a\\u12x4\"}" << "mem:1:21: expected four hex digits after \\u";
        QTest::newRow("vector not closed") << "[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read, :value 1}\n"
                                           << "mem:2:44: expected ']' closing the vector opened at line 1 column 1";
    }
    void errors_name_line_and_column() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const std::string s = text.toStdString();
        const QString message = input_error([&] { parse_history(s, "mem"); });
        QVERIFY2(message.startsWith(expected), qPrintable(message));
    }

    void file_errors() {
        QVERIFY(input_error([] { read_history_file("/nonexistent/history.edn"); }).contains("cannot open"));
        QTemporaryDir dir;
        const std::string path = dir.filePath("h.edn").toStdString();
        std::ofstream(path) << "{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok :f :read, :value 1.5}\n";
        const QString message = input_error([&] { read_history_file(path); });
        QVERIFY2(message.startsWith(QString::fromStdString(path + ":2:")), qPrintable(message));
        QVERIFY2(message.contains("found a float"), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestHistoryReader)
#include "test_history_reader.moc"
