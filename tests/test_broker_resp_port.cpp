// The broker's Redis port on the live runtime: real redis-cli processes against a BrokerRespPort
// whose commands run on the broker node's thread. PSUBSCRIBE 'orders.*' prints the events of
// messages published inside the cluster (and not of other topics); XADD / XLEN / XRANGE answer
// as redis-server 7.0.15 does; a killed broker answers "ERR broker node is down", a blocked
// XREADGROUP included, and a restarted one serves its topics again. Skipped without redis-cli.
// No sleeps: the test waits for a process' output, or polls the broker for an outcome, each
// with a generous limit; nothing asserts on how long anything took.
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <set>

#include "core/broker/broker_client.h"
#include "core/broker/broker_node.h"
#include "core/broker/broker_resp_port.h"
#include "core/broker/broker_setup.h"
#include "core/runtime/live_runtime.h"
#include "resp_test_client.h"

using namespace archlab;
using namespace archlab::broker;

namespace {

constexpr int kWaitMs = 20000;

/// A service node that publishes when the test posts it a publish.
class Publisher : public Node {
public:
    void start(Context& ctx) override { client_.start(ctx); }
    void on_message(Context& ctx, const Message& msg) override { client_.on_message(ctx, msg); }
    void on_timer(Context& ctx, std::uint64_t tag) override { client_.on_timer(ctx, tag); }
    void publish(Context& ctx, const std::string& topic, std::string payload) {
        client_.publish(ctx, topic, std::move(payload));
    }

private:
    BrokerClient client_;
};

/// A broker and a publisher on a running LiveRuntime, the broker's RESP port open.
struct LiveBroker {
    QTemporaryDir dir;
    LiveRuntime rt;
    BrokerRespPort port;  // after rt: stopped and gone before it
    BrokerHandles broker;
    NodeIndex publisher = kNoNode;

    LiveBroker() {
        broker = add_broker(rt, dir.path().toStdString(), "broker", std::make_shared<BrokerConfig>(), port.push_fn());
        publisher = rt.add_node({"publisher", "service", 0, [] { return std::make_unique<Publisher>(); }});
        rt.start();
        port.start(rt, broker.node);
    }
    ~LiveBroker() {
        port.stop();
        rt.stop();
    }
    void publish(const std::string& topic, const std::string& payload) {
        rt.post(publisher, [topic, payload](Node& n, Context& ctx) { static_cast<Publisher&>(n).publish(ctx, topic, payload); });
    }
    /// Blocked XREADGROUPs the broker holds now ("" answer while it is down).
    int blocked_reads() {
        std::atomic<int> count{-1};
        std::atomic<bool> answered{false};
        rt.post(broker.node, [&](Node& n, Context&) {
            count = static_cast<int>(static_cast<BrokerNode&>(n).blocked_reads());
            answered = true;
        });
        if (!QTest::qWaitFor([&] { return answered.load(); }, kWaitMs)) return -1;
        return count.load();
    }
};

QString cli_path() { return QStandardPaths::findExecutable("redis-cli"); }

/// redis-cli -p port args... to completion: its stdout and stderr, trimmed.
QString cli(std::uint16_t port, const QStringList& args) {
    QProcess p;
    p.start(cli_path(), QStringList{"-p", QString::number(port)} + args);
    if (!p.waitForFinished(kWaitMs)) {
        p.kill();
        p.waitForFinished();
        return "(did not finish) " + QString::fromUtf8(p.readAllStandardOutput());
    }
    return (QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError())).trimmed();
}

/// The next line a running process prints ("" when none comes within the limit).
QString next_line(QProcess& p) {
    while (!p.canReadLine()) {
        if (!p.waitForReadyRead(kWaitMs)) return {};
    }
    return QString::fromUtf8(p.readLine()).trimmed();
}

/// A redis-cli kept running (SUBSCRIBE, a blocked read), killed at the end of the test.
struct RunningCli {
    QProcess p;
    RunningCli(std::uint16_t port, const QStringList& args) {
        p.start(cli_path(), QStringList{"-p", QString::number(port)} + args);
    }
    ~RunningCli() {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
        }
    }
};

/// Waits until the broker has read its database back and serves commands.
bool serving(std::uint16_t port) {
    return QTest::qWaitFor([&] { return cli(port, {"PING"}) == "PONG"; }, kWaitMs);
}

}  // namespace

class TestBrokerRespPort : public QObject {
    Q_OBJECT
private slots:
    void init() {
        if (cli_path().isEmpty()) QSKIP("redis-cli is not installed (apt-get install redis-tools)");
    }

    void psubscribe_prints_the_events_published_in_the_cluster() {
        LiveBroker b;
        QVERIFY(serving(b.port.port()));
        RunningCli sub(b.port.port(), {"PSUBSCRIBE", "orders.*"});
        // Its confirmation comes once the broker holds the subscription: publishing after it is seen.
        QCOMPARE(next_line(sub.p), QString("psubscribe"));
        QCOMPARE(next_line(sub.p), QString("orders.*"));
        QCOMPARE(next_line(sub.p), QString("1"));

        const std::set<QString> expected{"orders.placed m0", "orders.placed m1", "orders.placed m2",
                                         "orders.shipped s0"};
        for (const QString& e : expected) {
            const QStringList parts = e.split(' ');
            if (parts[1] == "m1") b.publish("payments.taken", "p0");  // another family: never printed
            b.publish(parts[0].toStdString(), parts[1].toStdString());
        }
        // Events print as pmessage / pattern / channel / payload. A publish resent before its
        // confirmation prints twice (at least once), so read until each is seen, within a bound.
        std::set<QString> seen;
        for (int event = 0; event < 40 && seen.size() < expected.size(); ++event) {
            QCOMPARE(next_line(sub.p), QString("pmessage"));
            QCOMPARE(next_line(sub.p), QString("orders.*"));
            const QString channel = next_line(sub.p);
            const QString payload = next_line(sub.p);
            QVERIFY2(expected.count(channel + ' ' + payload) == 1, qPrintable(channel + ' ' + payload));
            seen.insert(channel + ' ' + payload);
        }
        QCOMPARE(seen, expected);

        // The topics are streams too: each publish is an entry naming its producer.
        const QString shipped = cli(b.port.port(), {"XRANGE", "orders.shipped", "-", "+"});
        QVERIFY2(shipped.contains("\nproducer\npublisher\npid\n") && shipped.endsWith("\ndata\ns0"), qPrintable(shipped));

        // The subscriber's connection closes: the broker forgets its pattern.
        sub.p.kill();
        sub.p.waitForFinished();
        QVERIFY(QTest::qWaitFor([&] { return cli(b.port.port(), {"PUBLISH", "orders.placed", "x"}) == "0"; }, kWaitMs));
    }

    void xadd_xlen_xrange_answer_as_redis() {
        LiveBroker b;
        const std::uint16_t port = b.port.port();
        QVERIFY(serving(port));
        QCOMPARE(cli(port, {"XADD", "audit", "1-1", "who", "ann"}), QString("1-1"));
        QCOMPARE(cli(port, {"XADD", "audit", "1-2", "who", "bob", "what", "refund"}), QString("1-2"));
        // Replies captured from redis-server 7.0.15 with the same redis-cli.
        QCOMPARE(cli(port, {"XADD", "audit", "1-1", "who", "eve"}),
                 QString("ERR The ID specified in XADD is equal or smaller than the target stream top item"));
        QCOMPARE(cli(port, {"XLEN", "audit"}), QString("2"));
        QCOMPARE(cli(port, {"XRANGE", "audit", "-", "+"}), QString("1-1\nwho\nann\n1-2\nwho\nbob\nwhat\nrefund"));
        QCOMPARE(cli(port, {"XRANGE", "audit", "(1-1", "+", "COUNT", "1"}), QString("1-2\nwho\nbob\nwhat\nrefund"));
        QCOMPARE(cli(port, {"XLEN", "nothing"}), QString("0"));

        // Pipelined on one connection, then QUIT: answered in order, then closed.
        Client c(port);
        c.send(frame({"XLEN", "audit"}) + frame({"PING"}) + frame({"QUIT"}) + frame({"PING"}));
        const std::string replies = ":2\r\n+PONG\r\n+OK\r\n";
        QCOMPARE(c.receive(replies.size() + 1), replies);
    }

    void a_killed_broker_answers_that_it_is_down() {
        LiveBroker b;
        const std::uint16_t port = b.port.port();
        QVERIFY(serving(port));
        QCOMPARE(cli(port, {"XGROUP", "CREATE", "orders.placed", "billing", "$", "MKSTREAM"}), QString("OK"));
        RunningCli blocked(port, {"XREADGROUP", "GROUP", "billing", "c1", "BLOCK", "0", "STREAMS", "orders.placed", ">"});
        QVERIFY(QTest::qWaitFor([&] { return b.blocked_reads() == 1; }, kWaitMs));

        b.rt.kill(b.broker.node);
        // The read the killed broker held, and every command while it is down.
        QVERIFY(blocked.p.waitForFinished(kWaitMs));
        QCOMPARE(QString::fromUtf8(blocked.p.readAllStandardOutput()).trimmed(), QString("ERR broker node is down"));
        QCOMPARE(cli(port, {"XLEN", "orders.placed"}), QString("ERR broker node is down"));
        QCOMPARE(cli(port, {"PSUBSCRIBE", "orders.*"}), QString("ERR broker node is down"));

        // Restarted, it reads its database back and serves the topic and group it had.
        b.rt.restart(b.broker.node);
        QVERIFY(serving(port));
        QCOMPARE(cli(port, {"XPENDING", "orders.placed", "billing"}), QString("0"));
        QCOMPARE(cli(port, {"XADD", "orders.placed", "5-1", "id", "7"}), QString("5-1"));
        QCOMPARE(cli(port, {"XREADGROUP", "GROUP", "billing", "c1", "COUNT", "1", "STREAMS", "orders.placed", ">"}),
                 QString("orders.placed\n5-1\nid\n7"));
    }
};

QTEST_GUILESS_MAIN(TestBrokerRespPort)
#include "test_broker_resp_port.moc"
