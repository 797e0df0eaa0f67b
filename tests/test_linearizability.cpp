// The linearizability checker on hand-made histories: sequential and concurrent, :info and
// crashed operations that may or may not have happened, :fail that did not, cas, keys checked
// apart, the failure window and its one-line reason, the time budget giving unknown, and the
// public reference histories (kv files named -ok / -bad, Jepsen etcd logs that must finish).
// test_linearizability_random.cpp compares it with a brute-force oracle.
#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <cstdlib>

#include "core/consistency/checker.h"
#include "core/consistency/history.h"
#include "input_error.h"

using namespace archlab;
using namespace archlab::consistency;

namespace {

/// A history from short lines "PROCESS TYPE F VALUE", written as jepsen.util log lines.
History log(const QStringList& lines) {
    QString text;
    for (const QString& line : lines) {
        const QStringList parts = line.split(' ');
        text += "INFO  jepsen.util - " + parts[0] + "\t:" + parts[1] + "\t:" + parts[2] + "\t" +
                QStringList(parts.mid(3)).join(' ') + "\n";
    }
    return parse_history(text.toStdString(), "test.log");
}

CheckResult check_register(const History& h, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    CheckOptions o;
    o.model = Model::register_;
    o.timeout = timeout;
    return check(h, o);
}

QString verdict_of(const CheckResult& r) { return to_string(r.verdict); }

}  // namespace

class TestLinearizability : public QObject {
    Q_OBJECT

private slots:
    void register_histories_data() {
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QString>("verdict");
        QTest::newRow("sequential") << QStringList{"0 invoke write 1", "0 ok write 1", "1 invoke read nil", "1 ok read 1",
                                                   "1 invoke cas [1 2]", "1 ok cas [1 2]", "0 invoke read nil", "0 ok read 2"}
                                    << "linearizable";
        QTest::newRow("initial nil") << QStringList{"0 invoke read nil", "0 ok read nil"} << "linearizable";
        QTest::newRow("stale read") << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke write 2", "0 ok write 2",
                                                   "1 invoke read nil", "1 ok read 1"}
                                    << "not linearizable";
        QTest::newRow("value never written") << QStringList{"0 invoke read nil", "0 ok read 5"} << "not linearizable";
        // A read concurrent with a write may see either value.
        QTest::newRow("overlap old") << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke write 2",
                                                    "1 invoke read nil", "1 ok read 1", "0 ok write 2"}
                                     << "linearizable";
        QTest::newRow("overlap new") << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke write 2",
                                                    "1 invoke read nil", "1 ok read 2", "0 ok write 2"}
                                     << "linearizable";
        // Two reads in a row during one write: once the new value is seen, the old cannot come back.
        QTest::newRow("overlap new then old")
            << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke write 2", "1 invoke read nil", "1 ok read 2",
                           "2 invoke read nil", "2 ok read 1", "0 ok write 2"}
            << "not linearizable";
        QTest::newRow("overlap old then new")
            << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke write 2", "1 invoke read nil", "1 ok read 1",
                           "2 invoke read nil", "2 ok read 2", "0 ok write 2"}
            << "linearizable";
        // Concurrent writes may take effect in either order, but one order for every reader.
        QTest::newRow("concurrent writes agree")
            << QStringList{"0 invoke write 1", "1 invoke write 2", "0 ok write 1", "1 ok write 2", "2 invoke read nil",
                           "2 ok read 1", "3 invoke read nil", "3 ok read 1"}
            << "linearizable";
        QTest::newRow("concurrent writes disagree")
            << QStringList{"0 invoke write 1", "1 invoke write 2", "0 ok write 1", "1 ok write 2", "2 invoke read nil",
                           "2 ok read 1", "3 invoke read nil", "3 ok read 2"}
            << "not linearizable";
        // :info may or may not have happened, at any time after its invocation.
        QTest::newRow("info seen") << QStringList{"0 invoke write 3", "0 info write :timed-out", "1 invoke read nil",
                                                  "1 ok read 3"}
                                   << "linearizable";
        QTest::newRow("info never seen") << QStringList{"0 invoke write 3", "0 info write :timed-out", "1 invoke read nil",
                                                        "1 ok read nil"}
                                         << "linearizable";
        QTest::newRow("info late") << QStringList{"0 invoke write 3", "0 info write :timed-out", "1 invoke read nil",
                                                  "1 ok read nil", "1 invoke read nil", "1 ok read 3"}
                                   << "linearizable";
        QTest::newRow("info cannot unhappen")
            << QStringList{"0 invoke write 3", "0 info write :timed-out", "1 invoke read nil", "1 ok read 3",
                           "1 invoke read nil", "1 ok read nil"}
            << "not linearizable";
        // A crashed process: its invocation never completes, and it stays open to the end.
        QTest::newRow("crashed write seen late")
            << QStringList{"5 invoke write 7", "0 invoke write 1", "0 ok write 1", "1 invoke read nil", "1 ok read 1",
                           "1 invoke read nil", "1 ok read 7"}
            << "linearizable";
        QTest::newRow("crashed write before its invocation")
            << QStringList{"0 invoke write 1", "0 ok write 1", "1 invoke read nil", "1 ok read 7", "5 invoke write 7"}
            << "not linearizable";
        QTest::newRow("process invokes again after crashing")
            << QStringList{"5 invoke write 7", "5 invoke write 8", "5 ok write 8", "1 invoke read nil", "1 ok read 7"}
            << "linearizable";
        // :fail did not happen.
        QTest::newRow("failed write seen") << QStringList{"0 invoke write 9", "0 fail write 9", "1 invoke read nil",
                                                          "1 ok read 9"}
                                           << "not linearizable";
        QTest::newRow("failed and timed-out reads") << QStringList{"0 invoke write 1", "0 ok write 1", "1 invoke read nil",
                                                                   "1 fail read :timed-out", "2 invoke read nil",
                                                                   "2 info read :timed-out"}
                                                    << "linearizable";
        // cas
        QTest::newRow("cas from nil") << QStringList{"0 invoke cas [nil 1]", "0 ok cas [nil 1]", "1 invoke read nil",
                                                     "1 ok read 1"}
                                      << "linearizable";
        QTest::newRow("cas on wrong value") << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke cas [2 3]",
                                                           "0 ok cas [2 3]"}
                                            << "not linearizable";
        QTest::newRow("failed cas changes nothing")
            << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke cas [1 3]", "0 fail cas [1 3]",
                           "1 invoke read nil", "1 ok read 1"}
            << "linearizable";
        QTest::newRow("timed-out cas took effect")
            << QStringList{"0 invoke write 1", "0 ok write 1", "0 invoke cas [1 3]", "0 info cas :timed-out",
                           "1 invoke read nil", "1 ok read 3"}
            << "linearizable";
        QTest::newRow("timed-out cas cannot apply") << QStringList{"0 invoke write 2", "0 ok write 2", "0 invoke cas [1 3]",
                                                                   "0 info cas :timed-out", "1 invoke read nil",
                                                                   "1 ok read 3"}
                                                    << "not linearizable";
        QTest::newRow("concurrent cas chain")
            << QStringList{"0 invoke write 0", "0 ok write 0", "1 invoke cas [0 1]", "2 invoke cas [1 2]",
                           "3 invoke cas [2 3]", "3 ok cas [2 3]", "2 ok cas [1 2]", "1 ok cas [0 1]", "4 invoke read nil",
                           "4 ok read 3"}
            << "linearizable";
    }
    void register_histories() {
        QFETCH(QStringList, lines);
        QFETCH(QString, verdict);
        const CheckResult r = check_register(log(lines));
        QVERIFY2(verdict_of(r) == verdict, qPrintable(verdict_of(r) + ": " + QString::fromStdString(r.explanation)));
        QCOMPARE(r.keys, std::size_t(1));
        if (r.verdict == Verdict::not_linearizable) {
            QVERIFY(!r.explanation.empty());
            QVERIFY(!r.window.empty());
        }
    }

    void counts_operations() {
        const CheckResult r = check_register(log({"0 invoke write 1", "0 ok write 1", "1 invoke write 9",
                                                  "1 fail write 9", "2 invoke read nil"}));
        QCOMPARE(r.operations, std::size_t(3));  // every invocation, the failed one too
        QCOMPARE(r.verdict, Verdict::linearizable);
    }

    void window_and_reason() {
        // Lines: 1-2 write 3, 3-4 write 1, 5-6 write 4, 7 write 6 invoked (open), 8-9 read 3:
        // 3 was overwritten before the read began, so no order gives it.
        const CheckResult r = check_register(log({"0 invoke write 3", "0 ok write 3", "0 invoke write 1", "0 ok write 1",
                                                  "1 invoke write 4", "1 ok write 4", "2 invoke write 6", "3 invoke read nil",
                                                  "3 ok read 3"}));
        QCOMPARE(r.verdict, Verdict::not_linearizable);
        const QString why = QString::fromStdString(r.explanation);
        QVERIFY2(why.contains("read of the register returned 3 (line 9)"), qPrintable(why));
        QVERIFY2(why.contains("gives 4 or 6") || why.contains("gives 6 or 4"), qPrintable(why));
        std::vector<std::size_t> lines;
        for (const Operation& op : r.window) lines.push_back(op.line);
        QVERIFY(std::find(lines.begin(), lines.end(), std::size_t(9)) != lines.end());  // the read
        QVERIFY(std::find(lines.begin(), lines.end(), std::size_t(7)) != lines.end());  // the concurrent write
        QVERIFY(std::find(lines.begin(), lines.end(), std::size_t(5)) != lines.end());  // the write before it
        QVERIFY(std::is_sorted(lines.begin(), lines.end()));
    }

    void unwritten_read_found_without_search() {
        // 5 is written, but only after the read completed.
        const CheckResult r = check_register(log({"0 invoke write 1", "0 ok write 1", "1 invoke read nil", "1 ok read 5",
                                                  "0 invoke write 5", "0 ok write 5"}));
        QCOMPARE(r.verdict, Verdict::not_linearizable);
        QCOMPARE(r.explanation, std::string("read of the register returned 5 (line 4) but neither the initial value (nil) "
                                            "nor any write invoked before it completed gives 5"));
        QCOMPARE(r.window.size(), std::size_t(2));
        QCOMPARE(r.window[1].line, std::size_t(4));
        // A write of 5 that timed out before the read completed may have happened: fine.
        QCOMPARE(check_register(log({"0 invoke write 5", "0 info write :timed-out", "1 invoke read nil", "1 ok read 5"}))
                     .verdict,
                 Verdict::linearizable);
    }

    void file_order_is_real_time_order() {
        // As Knossos reads histories: the order of the lines counts, :time is only carried along.
        const std::string text =
            "{:process 1, :type :invoke, :f :read, :value nil, :time 30}\n"
            "{:process 1, :type :ok, :f :read, :value 1, :time 40}\n"
            "{:process 0, :type :invoke, :f :write, :value 1, :time 10}\n"
            "{:process 0, :type :ok, :f :write, :value 1, :time 20}\n";
        const CheckResult r = check_register(parse_history(text, "timed"));
        QCOMPARE(r.verdict, Verdict::not_linearizable);
        QVERIFY2(r.explanation.find("returned 1 (line 2)") != std::string::npos, r.explanation.c_str());
    }

    void initial_value() {
        const History h = log({"0 invoke read nil", "0 ok read 0"});
        QCOMPARE(check_register(h).verdict, Verdict::not_linearizable);
        CheckOptions o;
        o.model = Model::register_;
        o.initial = Value(std::int64_t(0));
        QCOMPARE(check(h, o).verdict, Verdict::linearizable);
    }

    void keys_checked_apart() {
        // Key "a" is fine; key "b" reads a value its own writes never gave (it belongs to "a").
        const History h = parse_history(
            "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"1\"}\n"
            "{:process 0, :type :ok, :f :put, :key \"a\", :value \"1\"}\n"
            "{:process 1, :type :invoke, :f :put, :key \"b\", :value \"2\"}\n"
            "{:process 1, :type :ok, :f :put, :key \"b\", :value \"2\"}\n"
            "{:process 2, :type :invoke, :f :get, :key \"a\", :value nil}\n"
            "{:process 2, :type :ok, :f :get, :key \"a\", :value \"1\"}\n"
            "{:process 2, :type :invoke, :f :get, :key \"b\", :value nil}\n"
            "{:process 2, :type :ok, :f :get, :key \"b\", :value \"1\"}\n",
            "kv.edn");
        const CheckResult r = check(h, CheckOptions{});
        QCOMPARE(r.keys, std::size_t(2));
        QCOMPARE(r.verdict, Verdict::not_linearizable);
        QVERIFY2(r.explanation.find("get of key \"b\" returned \"1\" (line 8)") != std::string::npos, r.explanation.c_str());
        for (const Operation& op : r.window) QCOMPARE(op.key, std::string("b"));
    }

    void kv_append_from_empty() {
        const char* ok =
            "{:process 0, :type :invoke, :f :get, :key \"k\", :value nil}\n"
            "{:process 0, :type :ok, :f :get, :key \"k\", :value \"\"}\n"
            "{:process 0, :type :invoke, :f :append, :key \"k\", :value \"x1\"}\n"
            "{:process 1, :type :invoke, :f :append, :key \"k\", :value \"x2\"}\n"
            "{:process 0, :type :ok, :f :append, :key \"k\", :value \"x1\"}\n"
            "{:process 1, :type :ok, :f :append, :key \"k\", :value \"x2\"}\n"
            "{:process 2, :type :invoke, :f :get, :key \"k\", :value nil}\n"
            "{:process 2, :type :ok, :f :get, :key \"k\", :value \"x2x1\"}\n";
        QCOMPARE(check(parse_history(ok, "kv"), CheckOptions{}).verdict, Verdict::linearizable);
        std::string lost(ok);
        lost.replace(lost.find("\"x2x1\""), 6, "\"x2\"");  // an acknowledged append missing
        QCOMPARE(check(parse_history(lost, "kv"), CheckOptions{}).verdict, Verdict::not_linearizable);
    }

    void model_mismatch_is_input_error() {
        const History h = parse_history("{:process 0, :type :invoke, :f :append, :key \"k\", :value \"x\"}\n", "h.edn");
        QVERIFY(input_error([&] { check_register(h); }).startsWith("h.edn:1: :append is not a register operation"));
        const History orphan = log({"0 invoke write 1", "1 ok write 1"});
        QVERIFY(input_error([&] { check_register(orphan); }).startsWith("test.log:2: :ok of process 1 has no open invocation"));
    }

    void time_budget_gives_unknown() {
        // 40 concurrent writes and a read of a value only a cas that can never apply would
        // write: proving that takes every subset of the writes, far beyond a 50 ms budget.
        QStringList lines{"98 invoke cas [5000 1000]", "98 info cas :timed-out"};
        for (int p = 0; p < 40; ++p) lines << QString("%1 invoke write %1").arg(p);
        lines << "99 invoke read nil" << "99 ok read 1000";
        for (int p = 0; p < 40; ++p) lines << QString("%1 ok write %1").arg(p);
        const CheckResult r = check_register(log(lines), std::chrono::milliseconds(50));
        QCOMPARE(r.verdict, Verdict::unknown);
        QVERIFY2(r.explanation.find("budget ran out") != std::string::npos, r.explanation.c_str());
        QVERIFY(r.window.empty());
    }

    void step_budget_gives_the_same_answer_on_any_machine() {
        // The same hard history under a step budget: unknown after exactly that many steps,
        // however fast the machine; a history within the budget is decided as without one.
        QStringList lines{"98 invoke cas [5000 1000]", "98 info cas :timed-out"};
        for (int p = 0; p < 40; ++p) lines << QString("%1 invoke write %1").arg(p);
        lines << "99 invoke read nil" << "99 ok read 1000";
        for (int p = 0; p < 40; ++p) lines << QString("%1 ok write %1").arg(p);
        CheckOptions o;
        o.model = Model::register_;
        o.max_steps = 200'000;
        o.timeout = std::chrono::milliseconds(1);  // not looked at with a step budget
        const CheckResult a = check(log(lines), o), b = check(log(lines), o);
        QCOMPARE(a.verdict, Verdict::unknown);
        QVERIFY2(a.explanation.find("step budget ran out") != std::string::npos, a.explanation.c_str());
        QVERIFY(a.steps >= o.max_steps);
        QCOMPARE(b.steps, a.steps);
        QCOMPARE(b.explanation, a.explanation);
        const History stale = log({"0 invoke write 1", "0 ok write 1", "0 invoke write 2", "0 ok write 2",
                                   "1 invoke read nil", "1 ok read 1"});
        const CheckResult s = check(stale, o);
        QCOMPARE(s.verdict, Verdict::not_linearizable);
        QVERIFY(s.steps > 0 && s.steps < 100);
    }

    void reference_histories() {
        QStringList candidates;
        if (const char* env = std::getenv("ARCHLAB_REFERENCE_DIR")) candidates << env;
        candidates << ARCHLAB_SOURCE_DIR "/../shared/reference" << ARCHLAB_SOURCE_DIR "/../../shared/reference";
        QString root;
        for (const QString& c : candidates) {
            if (QFileInfo(c + "/histories").isDir()) {
                root = c + "/histories";
                break;
            }
        }
        if (root.isEmpty()) QSKIP("reference histories not found (set ARCHLAB_REFERENCE_DIR)");

        const QFileInfoList kv = QDir(root + "/kv").entryInfoList({"*.txt"}, QDir::Files, QDir::Name);
        QVERIFY(!kv.isEmpty());
        for (const QFileInfo& f : kv) {
            CheckOptions o;
            o.timeout = std::chrono::seconds(20);
            const CheckResult r = check(read_history_file(f.filePath().toStdString()), o);
            const Verdict expected = f.baseName().endsWith("-ok") ? Verdict::linearizable : Verdict::not_linearizable;
            QVERIFY2(r.verdict == expected, qPrintable(f.fileName() + ": " + verdict_of(r)));
        }

        // Every etcd log must be decided (either way) well within its budget.
        const QFileInfoList etcd = QDir(root + "/jepsen").entryInfoList({"*.log"}, QDir::Files, QDir::Name);
        QVERIFY(!etcd.isEmpty());
        int unknown = 0;
        int decided = 0;
        for (const QFileInfo& f : etcd) {
            const CheckResult r = check_register(read_history_file(f.filePath().toStdString()), std::chrono::seconds(5));
            if (r.verdict == Verdict::unknown) {
                ++unknown;
                qWarning("%s: %s", qPrintable(f.fileName()), r.explanation.c_str());
            } else {
                ++decided;
            }
        }
        qInfo("etcd logs decided: %d, unknown: %d", decided, unknown);
        QCOMPARE(unknown, 0);
    }
};

QTEST_GUILESS_MAIN(TestLinearizability)
#include "test_linearizability.moc"
