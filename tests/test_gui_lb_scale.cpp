// The window with a large cluster, offscreen: the load-balancing lab with a thousand app nodes
// in virtual time starts, fills its charts (the per-node chart as the spread of shares) and
// draws its topology, then stops. Times are printed, not judged.
#include <QComboBox>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QtTest>

#include <ctime>

#include "core/lab/lab_registry.h"
#include "labs/register_labs.h"
#include "test_scale.h"
#include "views/chart_panel.h"
#include "views/knob_panel.h"
#include "views/main_window.h"
#include "views/topology_view.h"

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
// A guard against a hang, not a speed judgment: how long the thousand-node run may take to
// reach each state. It is CPU-bound (speed 10 is more than a thousand nodes can keep up with
// on a small machine), and a sanitizer build needs 5-15 times the CPU for the same run.
const int kTimeout_ms = test_scale::under_sanitizer() ? 900000 : 60000;
}  // namespace

using archlab::RunSession;

class GuiLbScaleTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(kOffscreen);
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ArchLab"));
        QCoreApplication::setApplicationName(QStringLiteral("ArchLabGuiTest"));
    }

    void thousandNodesRunAndChart() {
        archlab::LabRegistry labs;
        archlab::register_all_labs(labs);
        archlab::MainWindow window(labs, nullptr);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectLab("load-balancing"));
        auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
        QVERIFY(time_mode && speed);
        time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
        speed->setCurrentIndex(speed->findData(10.0));
        QString why;
        QVERIFY2(window.knobPanel()->setKnobText("nodes", "1000", &why), qPrintable(why));
        QVERIFY2(window.knobPanel()->setKnobText("arrival_rps", "3000", &why), qPrintable(why));

        QElapsedTimer wall;
        wall.start();
        window.startRun();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Running, kTimeout_ms);
        QTRY_VERIFY_WITH_TIMEOUT(window.seriesWindow().total_rows() > 12 && window.chartPanel()->pointCount("per_node") > 0,
                                 kTimeout_ms);
        const archlab::RunController* ctl = window.session()->controller();
        QCOMPARE(ctl->cluster().nodes.size(), std::size_t{1003});  // client, lb, discovery, node-1..1000

        qInfo("1000 nodes: %.1f s wall to 3 s of virtual time at 10x", static_cast<double>(wall.elapsed()) / 1e3);

        window.stopRun();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
        QVERIFY(window.chartPanel()->totalPointCount() > 0);

        // The finished run stays on screen: time its topology alone (process CPU, nothing else runs).
        auto* topology = window.findChild<archlab::TopologyView*>();
        QVERIFY(topology);
        QVERIFY(!topology->grab().isNull());  // the first paint also loads fonts
        const std::clock_t cpu0 = std::clock();
        for (int i = 0; i < 10; ++i) topology->grab();
        qInfo("topology of 1003 nodes, %dx%d px: %.1f ms CPU per paint", topology->width(), topology->height(),
              1e3 * static_cast<double>(std::clock() - cpu0) / CLOCKS_PER_SEC / 10);
    }
};

QTEST_MAIN(GuiLbScaleTest)
#include "test_gui_lb_scale.moc"
