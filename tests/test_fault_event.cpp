// Fault timeline entries: every documented form parses, round-trips through to_string(), and
// every kind of mistake is refused with one line naming the fault and the part that is wrong.
#include <QTest>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/settings.h"
#include "input_error.h"

using namespace archlab;

namespace {

constexpr qint64 kMs = 1000000;
constexpr qint64 kS = 1000 * kMs;
}  // namespace

class TestFaultEvent : public QObject {
    Q_OBJECT
private slots:
    void parses_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("at_ns");
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("canonical");  // to_string()
        QTest::newRow("kill") << "5s:kill:worker-2" << 5 * kS << "kill" << "worker-2" << "" << "5s:kill:worker-2";
        QTest::newRow("slow, no value") << "4s:slow:db" << 4 * kS << "slow" << "db" << "" << "4s:slow:db";
        QTest::newRow("slow by time") << "4s:slow:db:20ms" << 4 * kS << "slow" << "db" << "20ms" << "4s:slow:db:20ms";
        QTest::newRow("slow by factor") << "4s:slow:db:x3" << 4 * kS << "slow" << "db" << "x3" << "4s:slow:db:x3";
        QTest::newRow("slow, the most") << "4s:slow:db:x1000" << 4 * kS << "slow" << "db" << "x1000" << "4s:slow:db:x1000";
        QTest::newRow("slow by 40s") << "1s:slow:lb:40s" << kS << "slow" << "lb" << "40s" << "1s:slow:lb:40s";
        QTest::newRow("delay of a minute") << "1s:delay:a->b:60s" << kS << "delay" << "a->b" << "60s" << "1s:delay:a->b:60s";
        QTest::newRow("a day in") << "24h:kill:w" << 24 * 3600 * kS << "kill" << "w" << "" << "86400s:kill:w";
        QTest::newRow("unslow") << "6s:unslow:db" << 6 * kS << "unslow" << "db" << "" << "6s:unslow:db";
        QTest::newRow("delay one way") << "2.5s:delay:lb->worker-1:5ms" << 2500 * kMs << "delay" << "lb->worker-1" << "5ms"
                                       << "2.5s:delay:lb->worker-1:5ms";
        QTest::newRow("drop both ways") << "3s:drop:lb<->worker-1:0.2" << 3 * kS << "drop" << "lb<->worker-1" << "0.2"
                                        << "3s:drop:lb<->worker-1:0.2";
        QTest::newRow("drop all") << "3s:drop:a->b:1" << 3 * kS << "drop" << "a->b" << "1" << "3s:drop:a->b:1";
        QTest::newRow("duplicate, no value") << "1s:duplicate:a->b" << kS << "duplicate" << "a->b" << "" << "1s:duplicate:a->b";
        QTest::newRow("jitter") << "250ms:jitter:a<->b:2ms" << 250 * kMs << "jitter" << "a<->b" << "2ms"
                                << "250ms:jitter:a<->b:2ms";
        QTest::newRow("heal-link") << "1m:heal-link:a<->b" << 60 * kS << "heal-link" << "a<->b" << "" << "60s:heal-link:a<->b";
        QTest::newRow("partition") << "3s:partition:worker-1" << 3 * kS << "partition" << "worker-1" << "" << "3s:partition:worker-1";
        QTest::newRow("heal at zero") << "0s:heal:worker-1" << qint64{0} << "heal" << "worker-1" << "" << "0s:heal:worker-1";
        QTest::newRow("microseconds") << "500us:pause:db" << 500000LL << "pause" << "db" << "" << "500us:pause:db";
        QTest::newRow("fraction of a second") << "1.25s:restart:worker-2" << 1250 * kMs << "restart" << "worker-2" << ""
                                              << "1.25s:restart:worker-2";
        QTest::newRow("resume") << "10s:resume:db" << 10 * kS << "resume" << "db" << "" << "10s:resume:db";
        QTest::newRow("add-shard, no target") << "3s:add-shard" << 3 * kS << "add-shard" << "" << "" << "3s:add-shard";
        QTest::newRow("add-shard, a spare") << "3s:add-shard:shard-6" << 3 * kS << "add-shard" << "shard-6" << ""
                                            << "3s:add-shard:shard-6";
        QTest::newRow("split") << "2s:split:shard-1" << 2 * kS << "split" << "shard-1" << "" << "2s:split:shard-1";
    }
    void parses() {
        QFETCH(QString, text);
        QFETCH(qint64, at_ns);
        QFETCH(QString, action);
        QFETCH(QString, target);
        QFETCH(QString, value);
        QFETCH(QString, canonical);
        const FaultEvent f = FaultEvent::parse(text.toStdString());
        QCOMPARE(qint64{f.at.count()}, at_ns);
        QCOMPARE(QString::fromStdString(f.action), action);
        QCOMPARE(QString::fromStdString(f.target), target);
        QCOMPARE(QString::fromStdString(f.value), value);
        QCOMPARE(QString::fromStdString(f.to_string()), canonical);
        const FaultEvent again = FaultEvent::parse(f.to_string());  // round trip
        QCOMPARE(again.at, f.at);
        QCOMPARE(again.action, f.action);
        QCOMPARE(again.target, f.target);
        QCOMPARE(again.value, f.value);
    }

    void refuses_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("bad time") << "5x:kill:w" << QStringList{"fault '5x:kill:w'", "bad time '5x'", "use e.g. 5s or 250ms"};
        QTest::newRow("time without unit") << "5:kill:w" << QStringList{"bad time '5'", "unit"};
        QTest::newRow("negative time") << "-1s:kill:w" << QStringList{"bad time '-1s'", "negative"};
        QTest::newRow("empty time") << ":kill:w" << QStringList{"bad time ''"};
        QTest::newRow("unknown action") << "5s:explode:db"
                                        << QStringList{"fault '5s:explode:db'", "unknown action 'explode'",
                                                       "actions: kill, restart, pause, resume, slow, unslow, partition, "
                                                       "heal, flush, promote, add-shard, remove-shard, split, move-slots, delay, "
                                                       "jitter, drop, duplicate, cut, heal-link"};
        QTest::newRow("misspelt action") << "5s:kil:db" << QStringList{"unknown action 'kil'", "did you mean 'kill'?"};
        QTest::newRow("too few parts") << "5s:kill" << QStringList{"fault '5s:kill'", "TIME:ACTION:TARGET"};
        QTest::newRow("too many parts") << "5s:slow:db:1ms:2" << QStringList{"TIME:ACTION:TARGET"};
        QTest::newRow("no target") << "5s:kill:" << QStringList{"no target"};
        QTest::newRow("no target, partitioning's action") << "5s:remove-shard" << QStringList{"TIME:ACTION:TARGET"};
        QTest::newRow("link action on a node") << "5s:delay:worker-1:5ms"
                                               << QStringList{"action 'delay'", "'a->b' or 'a<->b'", "got 'worker-1'"};
        QTest::newRow("link without source") << "5s:delay:->b" << QStringList{"'a->b'", "got '->b'"};
        QTest::newRow("link without end") << "5s:drop:a<->" << QStringList{"'a->b'"};
        QTest::newRow("link of three") << "5s:drop:a->b->c" << QStringList{"'a->b'"};
        QTest::newRow("node action on a link") << "5s:kill:lb->worker-1"
                                               << QStringList{"action 'kill'", "node target", "lb->worker-1"};
        QTest::newRow("drop above one") << "3s:drop:a->b:1.5" << QStringList{"drop", "from 0 to 1", "got '1.5'"};
        QTest::newRow("drop negative") << "3s:drop:a->b:-0.1" << QStringList{"from 0 to 1", "got '-0.1'"};
        QTest::newRow("drop not a number") << "3s:duplicate:a->b:lots" << QStringList{"duplicate", "got 'lots'"};
        QTest::newRow("delay without unit") << "3s:delay:a->b:5" << QStringList{"delay needs a duration", "got '5'"};
        QTest::newRow("jitter nonsense") << "3s:jitter:a->b:big" << QStringList{"jitter", "got 'big'"};
        QTest::newRow("slow nonsense") << "3s:slow:db:fast" << QStringList{"slow", "20ms", "x3", "got 'fast'"};
        QTest::newRow("slow zero factor") << "3s:slow:db:x0" << QStringList{"'x0'", "from 1 to 1000"};
        // Out of range at input, so the runtime never scales or adds absurd numbers.
        QTest::newRow("slow huge factor") << "1s:slow:worker-1:x1e300" << QStringList{"slow factor 'x1e300'", "from 1 to 1000"};
        QTest::newRow("slow factor past 1000") << "1s:slow:db:x1001" << QStringList{"'x1001'", "from 1 to 1000"};
        QTest::newRow("slow speeding up") << "1s:slow:db:x0.5" << QStringList{"'x0.5'", "from 1 to 1000"};
        QTest::newRow("slow infinite factor") << "1s:slow:db:xinf" << QStringList{"'xinf'", "from 1 to 1000"};
        QTest::newRow("slow nan factor") << "1s:slow:db:xnan" << QStringList{"'xnan'", "from 1 to 1000"};
        QTest::newRow("slow by more than 60s") << "1s:slow:lb:61s" << QStringList{"slow adds at most 60s per message", "got '61s'"};
        QTest::newRow("slow by 1e300s") << "1s:slow:lb:1e300s" << QStringList{"slow takes a duration", "got '1e300s'"};
        QTest::newRow("delay of an hour") << "1s:delay:a->b:1h" << QStringList{"delay adds at most 60s per message", "got '1h'"};
        QTest::newRow("jitter of 2 min") << "1s:jitter:a<->b:2min" << QStringList{"jitter adds at most 60s", "got '2min'"};
        QTest::newRow("time past a day") << "25h:kill:w" << QStringList{"bad time '25h'", "at most 24h into the run"};
        QTest::newRow("time of 1e300s") << "1e300s:kill:w" << QStringList{"bad time '1e300s'", "too long"};
        QTest::newRow("time past Nanos") << "1e10s:kill:w" << QStringList{"bad time '1e10s'", "too long"};
        QTest::newRow("value where none is taken") << "3s:kill:worker-2:5" << QStringList{"'kill' takes no value", "got '5'"};
    }
    void refuses() {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        const QString msg = input_error([&] { FaultEvent::parse(text.toStdString()); });
        QVERIFY2(!msg.isEmpty(), "no InputError");
        QVERIFY2(!msg.contains('\n'), qPrintable(msg));
        QVERIFY2(msg.startsWith("fault '" + text + "': "), qPrintable(msg));
        for (const QString& w : words) QVERIFY2(msg.contains(w), qPrintable(msg + "  <- lacks: " + w));
    }

    void durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ns");
        QTest::newRow("seconds") << "10s" << 10 * kS;
        QTest::newRow("milliseconds") << "250ms" << 250 * kMs;
        QTest::newRow("fraction") << "1.5s" << 1500 * kMs;
        QTest::newRow("minute") << "1m" << 60 * kS;
        QTest::newRow("minutes long form") << "2min" << 120 * kS;
        QTest::newRow("hour") << "1h" << 3600 * kS;
        QTest::newRow("microseconds") << "500us" << 500000LL;
        QTest::newRow("nanoseconds") << "20ns" << 20LL;
        QTest::newRow("zero") << "0s" << qint64{0};
        QTest::newRow("exponent") << "1e3ms" << kS;
        QTest::newRow("tenth") << "0.1s" << 100 * kMs;
    }
    void durations() {
        QFETCH(QString, text);
        QFETCH(qint64, ns);
        QCOMPARE(qint64{parse_duration(text.toStdString(), "--duration").count()}, ns);
    }

    void bad_durations_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("hint");
        QTest::newRow("no unit") << "20" << "give a unit, e.g. 20s or 20ms";
        QTest::newRow("unknown unit") << "5x" << "use e.g. 5s or 250ms";
        QTest::newRow("empty") << "" << "use e.g.";
        QTest::newRow("unit only") << "s" << "use e.g.";
        QTest::newRow("negative") << "-5s" << "negative";
        QTest::newRow("infinite") << "infs" << "use e.g.";
        QTest::newRow("space") << "5 s" << "use e.g.";
        QTest::newRow("too long") << "1e12h" << "too long";
    }
    void bad_durations() {
        QFETCH(QString, text);
        QFETCH(QString, hint);
        const QString msg = input_error([&] { parse_duration(text.toStdString(), "--duration"); });
        QVERIFY2(msg.startsWith("--duration: bad duration '" + text + "'"), qPrintable(msg));
        QVERIFY2(msg.contains(hint), qPrintable(msg));
    }

    void to_json() {
        const nlohmann::json j = FaultEvent::parse("2.5s:delay:lb->worker-1:5ms").to_json();
        QCOMPARE(j["at_s"].get<double>(), 2.5);
        QCOMPARE(j["action"].get<std::string>(), std::string("delay"));
        QCOMPARE(j["target"].get<std::string>(), std::string("lb->worker-1"));
        QCOMPARE(j["value"].get<std::string>(), std::string("5ms"));
        QCOMPARE(FaultEvent::parse("5s:kill:worker-2").to_json()["value"].get<std::string>(), std::string());
    }

    void from_parts_uses_the_context() {
        const FaultEvent f = FaultEvent::from_parts("1.5s", "kill", "worker-2", "", "here");
        QCOMPARE(f.to_string(), std::string("1.5s:kill:worker-2"));
        const QString msg = input_error([] { FaultEvent::from_parts("1s", "fly", "db", "", "scenario.json: fault 3"); });
        QVERIFY2(msg.startsWith("scenario.json: fault 3: unknown action 'fly'"), qPrintable(msg));
    }

    // Found by the fault_event fuzz target: a scenario's object form could carry a ':' that the
    // text form (TIME:ACTION:TARGET:VALUE, what run records keep) then read back differently.
    void from_parts_refuses_a_colon() {
        QString msg = input_error([] { FaultEvent::from_parts("1s", "kill", "a:b", "", "fault 1"); });
        QVERIFY2(msg.startsWith("fault 1: a target or value cannot hold ':', got 'a:b'"), qPrintable(msg));
        msg = input_error([] { FaultEvent::from_parts("1s", "delay", "a->b", "5ms:1", "fault 2"); });
        QVERIFY2(msg.startsWith("fault 2: a target or value cannot hold ':', got '5ms:1'"), qPrintable(msg));
    }

    void action_lists() {
        QCOMPARE(node_actions().size(), std::size_t{14});
        QCOMPARE(link_actions().size(), std::size_t{6});
        for (const std::string& a : link_actions()) QVERIFY(is_link_action(a));
        for (const std::string& a : node_actions()) QVERIFY(!is_link_action(a));
        QVERIFY(!is_link_action("explode"));
    }
};

QTEST_GUILESS_MAIN(TestFaultEvent)
#include "test_fault_event.moc"
