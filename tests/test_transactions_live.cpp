// The transactions lab in live time (threads, 127.0.0.1 sockets, real SQLite files), through the
// RunController as the window and the CLI run it: each strategy runs on loopback and audits
// clean, and a real redis-cli on the broker's port (SUBSCRIBE 'orders.*', PSUBSCRIBE 'orders.*')
// prints the events of the running lab. Nothing here depends on how fast the machine is; the
// lab's behaviour is checked in virtual time (test_transactions_virtual and the others).
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

#include <set>

#include "lab_runs.h"

using namespace archlab;

namespace {
constexpr int kWaitMs = 10000;

QString cli_path() { return QStandardPaths::findExecutable("redis-cli"); }

/// The next line a running process prints ("" when none comes within the limit).
QString next_line(QProcess& p) {
    while (!p.canReadLine()) {
        if (!p.waitForReadyRead(kWaitMs)) return {};
    }
    return QString::fromUtf8(p.readLine()).trimmed();
}

/// A redis-cli kept running (SUBSCRIBE), killed at the end of the test.
struct RunningCli {
    QProcess p;
    RunningCli(const QString& port, const QStringList& args) { p.start(cli_path(), QStringList{"-p", port} + args); }
    ~RunningCli() {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished();
        }
    }
};

/// The broker's port once the run has opened it ("" when it does not within the limit).
QString broker_port(const RunController& run) {
    QString port;
    (void)QTest::qWaitFor(
        [&] {
            for (const ServiceEndpoint& e : run.endpoints()) {
                if (e.node == "broker" && e.protocol == "redis") port = QString::fromStdString(e.address).section(':', 1);
            }
            return !port.isEmpty();
        },
        kWaitMs);
    return port;
}
}  // namespace

class TestTransactionsLive : public QObject {
    Q_OBJECT
private slots:
    void every_strategy_runs_on_loopback_and_audits_clean_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("nodes");
        QTest::newRow("2pc") << "2pc" << 7;  // client, coordinator, 4 services, broker
        QTest::newRow("saga-orchestrated") << "saga-orchestrated" << 7;
        QTest::newRow("saga-choreography") << "saga-choreography" << 6;
    }
    void every_strategy_runs_on_loopback_and_audits_clean() {
        QFETCH(QString, strategy);
        QFETCH(int, nodes);
        RunRequest req = lab_test::request("transactions", {{"strategy", strategy.toStdString()}}, 1.5, {}, 7, TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), nodes);
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
        run.wait();
        const nlohmann::json s = run.summary();
        const QString shown = QString::fromStdString(s.dump());
        QCOMPARE(s["time_mode"].get<std::string>(), std::string("live"));
        QVERIFY2(s["orders"].get<int>() > 0, qPrintable(shown));
        QCOMPARE(s["invariant_breaks"]["money"].get<int>(), 0);
        QCOMPARE(s["invariant_breaks"]["stock"].get<int>(), 0);
        QCOMPARE(s["double_applied"].get<int>(), 0);
        QCOMPARE(s["orphans"].get<int>(), 0);
    }

    void redis_cli_subscribe_prints_the_events_of_a_running_lab() {
        if (cli_path().isEmpty()) QSKIP("redis-cli is not installed (apt-get install redis-tools)");
        RunRequest req = lab_test::request("transactions", {{"strategy", "saga-choreography"}}, 6, {}, 7, TimeMode::Live);
        RunController run(req, nullptr);
        run.start();
        const QString port = broker_port(run);
        QVERIFY(!port.isEmpty());
        {
            // SUBSCRIBE with the family name: every event below orders., each naming its topic.
            RunningCli sub(port, {"SUBSCRIBE", "orders.*"});
            QCOMPARE(next_line(sub.p), QString("subscribe"));
            QCOMPARE(next_line(sub.p), QString("orders.*"));
            QCOMPARE(next_line(sub.p), QString("1"));
            std::set<QString> topics;
            for (int i = 0; i < 20; ++i) {
                QCOMPARE(next_line(sub.p), QString("message"));
                const QString topic = next_line(sub.p);
                QVERIFY2(topic.startsWith("orders."), qPrintable(topic));
                topics.insert(topic);
                const QString payload = next_line(sub.p);
                QVERIFY2(payload.startsWith("order="), qPrintable(payload));
            }
            QVERIFY2(topics.size() >= 2, "events of several kinds flow");
        }
        {
            // PSUBSCRIBE, as Redis matches patterns: pmessage, the pattern, the topic, the event.
            RunningCli sub(port, {"PSUBSCRIBE", "orders.*"});
            QCOMPARE(next_line(sub.p), QString("psubscribe"));
            QCOMPARE(next_line(sub.p), QString("orders.*"));
            QCOMPARE(next_line(sub.p), QString("1"));
            QCOMPARE(next_line(sub.p), QString("pmessage"));
            QCOMPARE(next_line(sub.p), QString("orders.*"));
            QVERIFY(next_line(sub.p).startsWith("orders."));
            QVERIFY(next_line(sub.p).startsWith("order="));
        }
        run.wait();
        QVERIFY(run.endpoints().empty());  // the port closes with the run
    }
};

QTEST_GUILESS_MAIN(TestTransactionsLive)
#include "test_transactions_live.moc"
