// The queueing lab on the live runtime: real threads and 127.0.0.1 sockets. Checks what a
// person relies on, never how fast the machine is: every listening socket is on loopback,
// the run produces requests, series and a summary, and live knobs apply.
#include <QDir>
#include <QFile>
#include <QTest>

#include <cmath>
#include <set>
#include <thread>

#include "core/lab/run_controller.h"
#include "labs/register_labs.h"
#include "loopback_sockets.h"

using namespace archlab;

class TestQueueingLive : public QObject {
    Q_OBJECT
private slots:
    void runs_on_loopback_only() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("queueing");
        QVERIFY(lab);
        RunRequest req;
        req.lab = lab;
        req.settings = lab->default_settings();
        req.settings.set("arrival_rps", "300");
        req.settings.set("workers", "3");
        req.duration = std::chrono::seconds(3);
        RunController run(req, nullptr);
        run.start();
        const ClusterView view = run.cluster();
        QCOMPARE(int(view.nodes.size()), 6);  // client, lb, worker-1..3, db
        for (const NodeView& n : view.nodes) {
            QVERIFY2(QString::fromStdString(n.endpoint).startsWith("127.0.0.1:"), n.endpoint.c_str());
        }
#if defined(__linux__)  // the kernel's socket tables: Linux only
        const QStringList v4 = loopback::own_listening_addresses("/proc/self/net/tcp");
        QVERIFY(v4.size() >= 6);
        for (const QString& a : v4) QVERIFY2(a.startsWith("0100007F:"), qPrintable(a));  // 127.0.0.1
        QVERIFY(loopback::own_listening_addresses("/proc/self/net/tcp6").isEmpty());
#endif

        QVERIFY(run.apply_live("arrival_rps", KnobValue(400.0)));
        QVERIFY(!run.apply_live("workers", KnobValue(8LL)));
        run.wait();
        const nlohmann::json sum = run.summary();
        QCOMPARE(sum["time_mode"].get<std::string>(), std::string("live"));
        QVERIFY(sum["requests"].get<std::uint64_t>() > 50);
        QCOMPARE(sum["errors"].get<std::uint64_t>(), 0u);
        QVERIFY(sum["latency_ms"]["p99"].get<double>() > 0.0);
        QVERIFY(sum["service_ms_measured"].get<double>() > 0.0);
        QVERIFY(!sum["predicted_latency_ms"].is_null());
        QCOMPARE(sum["per_worker"].size(), 3u);
        QCOMPARE(sum["knob_changes"].size(), 1u);
        QVERIFY(!sum.contains("fingerprint"));
        QVERIFY(run.series()->size() > 4);
    }

    void live_limits_refuse_virtual_sizes() {
        LabRegistry labs;
        register_all_labs(labs);
        const Lab* lab = labs.find("queueing");
        RunRequest req;
        req.lab = lab;
        req.settings = lab->default_settings();
        req.settings.set("workers", "200");  // fine in virtual time, too many threads live
        RunController run(req, nullptr);
        try {
            run.start();
            QFAIL("a live run with 200 workers started");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("workers=200") && QString(e.what()).contains("virtual"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestQueueingLive)
#include "test_queueing_live.moc"
