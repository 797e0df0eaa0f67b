// The A/B window offscreen: opened from the main window with its lab and knobs, B given another
// eviction policy, both sides run in virtual time and are drawn on the same charts (A solid,
// B dashed, named by the variants), the difference readout fills and then shows the whole-run
// figures, both runs land in the history with their side, and the same pair again gives the
// same fingerprints. A chart's value axis that jumps from thousandths to billions stays a few
// ticks (range and step set in the safe order: the other builds millions and the window hangs).
// A queueing pair at 1366x768's window size: faults of both sides and a knob changed on one side
// are marked on every chart (three kills at one time as one label), and no tick label, axis
// title or legend name is cut short.
#include <QAction>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "core/lab/lab_registry.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "views/ab_chart.h"
#include "views/ab_figures_table.h"
#include "views/ab_window.h"
#include "views/series_window.h"
#include "core/lab/fault_event.h"
#include "core/lab/run_controller.h"
#include "views/knob_panel.h"
#include "views/main_window.h"
#include "views/run_history_panel.h"

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
constexpr int kTimeout_ms = 60000;
}  // namespace

using archlab::AbSession;
using archlab::AbSide;

class GuiAbTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QVERIFY(kOffscreen);
        QVERIFY(dir_.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ArchLab"));
        QCoreApplication::setApplicationName(QStringLiteral("ArchLabGuiAbTest"));
    }

    void axisJumpBuildsFewTicks() {
        archlab::ChartSpec spec;
        spec.id = "memory";
        spec.title = "Memory";
        spec.unit = "bytes";
        spec.series = {"memory_bytes"};
        archlab::AbChart chart(spec, QStringLiteral("policy=lru"), QStringLiteral("policy=lfu"));
        chart.resize(420, 260);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        archlab::SeriesStore store_a({"memory_bytes"}), store_b({"memory_bytes"});
        archlab::SeriesWindow a, b;
        const auto add = [&](double t_s, double value) {
            store_a.append({t_s, {value}});
            store_b.append({t_s, {value}});
            a.pull(store_a);
            b.pull(store_b);
            chart.refresh(a, b);
            QCoreApplication::processEvents();
        };
        add(0.25, 0.001);  // a y step of 0.0002
        add(0.50, 2e9);    // in the wrong order: 0..2.2e9 by 0.0002, 10^13 ticks
        const QStringList texts = chart.drawnTexts();
        QVERIFY2(texts.size() < 60, qPrintable(QString::number(texts.size())));
        QVERIFY2(texts.filter(QStringLiteral("…")).isEmpty(), qPrintable(texts.join(QStringLiteral(" | "))));
    }

    void queueingPairMarkedAndNothingCut() {
        archlab::RunStore store(dir_.filePath(QStringLiteral("queueing.sqlite3")).toStdString());
        archlab::LabRegistry labs;
        archlab::register_all_labs(labs);
        archlab::MainWindow window(labs, &store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectLab("queueing"));
        archlab::AbWindow* ab = window.openAbRun();
        QVERIFY(ab != nullptr);
        ab->resize(1280, 740);  // as on a 1366x768 screen
        QString why;
        QVERIFY2(ab->setKnobB("workers", "3", &why), qPrintable(why));
        ab->setRunOptions(3, 10, archlab::TimeMode::Virtual, 0.0);  // held at 0 s
        QVERIFY(ab->start());
        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Running, kTimeout_ms);
        archlab::AbRun* run = ab->session()->run();
        run->run_to(std::chrono::seconds(2), archlab::kMaxSpeed);  // both on to 2 s, held there
        QTRY_VERIFY_WITH_TIMEOUT(run->side(AbSide::A)->elapsed_s() >= 2.0 && run->side(AbSide::B)->elapsed_s() >= 2.0, kTimeout_ms);
        for (AbSide side : {AbSide::A, AbSide::B}) {
            for (const char* node : {"worker-1", "worker-2", "worker-3"}) {
                run->side(side)->inject(archlab::FaultEvent::parse(std::string("0s:kill:") + node));
            }
        }
        QVERIFY(ab->knobPanel(AbSide::B)->setKnobText("arrival_rps", "1500"));  // live, on B only
        run->set_speed(archlab::kMaxSpeed);
        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Finished, kTimeout_ms);
        QCoreApplication::processEvents();
        QVERIFY(ab->chartCount() >= 4);
        for (int i = 0; i < ab->chartCount(); ++i) {
            archlab::AbChart* chart = ab->chart(i);
            const QString id = QString::fromStdString(chart->spec().id);
            const QStringList marks = chart->shownMarks();
            // One label for the three kills (cut short with its count where the chart is narrow).
            QVERIFY2(marks.size() == 2, qPrintable(id + ": " + marks.join(QStringLiteral(" | "))));
            QVERIFY2(marks.contains(QStringLiteral("kill worker-1, worker-2, worker-3")) ||
                         !marks.filter(QStringLiteral("3 faults: kill worker-1")).isEmpty(),
                     qPrintable(id + ": " + marks.join(QStringLiteral(" | "))));
            QVERIFY2(!marks.filter(QStringLiteral("B: arrival_rps")).isEmpty(), qPrintable(id + ": " + marks.join(QStringLiteral(" | "))));
            const QStringList texts = chart->drawnTexts();
            QVERIFY2(texts.filter(QStringLiteral("…")).isEmpty(), qPrintable(id + ": " + texts.join(QStringLiteral(" | "))));
            QVERIFY2(texts.contains(QStringLiteral("B: workers=3")), qPrintable(id + ": " + texts.join(QStringLiteral(" | "))));
            // Dashed means B here: no title may say it means the model (queueing's latency chart does on its own).
            QVERIFY2(texts.filter(QStringLiteral("theory dashed")).isEmpty(), qPrintable(id + ": " + texts.join(QStringLiteral(" | "))));
        }
        QVERIFY(window.close());
    }

    void abRunFromTheWindow() {
        archlab::RunStore store(dir_.filePath(QStringLiteral("runs.sqlite3")).toStdString());
        archlab::LabRegistry labs;
        archlab::register_all_labs(labs);
        auto window = std::make_unique<archlab::MainWindow>(labs, &store);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->selectLab("caching"));
        QVERIFY(window->knobPanel()->setKnobText("capacity_entries", "300"));

        archlab::AbWindow* ab = window->openAbRun();
        QVERIFY(ab != nullptr);
        QVERIFY(ab->isVisible());
        QVERIFY(ab->isWindow());
        QCOMPARE(window->openAbRun(), ab);  // the same window again
        // Both sides start from the main window's knobs; with nothing different, no start.
        QCOMPARE(ab->knobPanel(AbSide::A)->settings().get_int("capacity_entries"), 300LL);
        QCOMPARE(ab->knobPanel(AbSide::B)->settings().get_int("capacity_entries"), 300LL);
        QVERIFY(!ab->findChild<QAction*>(QStringLiteral("abStart"))->isEnabled());
        QVERIFY(!ab->start());
        QVERIFY(ab->findChild<QLabel*>(QStringLiteral("abDiffers"))->text().contains(QStringLiteral("same knobs")));

        QString why;
        QVERIFY2(ab->setKnobB("policy", "lfu", &why), qPrintable(why));
        QVERIFY(ab->findChild<QAction*>(QStringLiteral("abStart"))->isEnabled());
        QCOMPARE(ab->findChild<QLabel*>(QStringLiteral("abDiffers"))->text(), QStringLiteral("A: policy=lru\nB: policy=lfu"));
        ab->setRunOptions(3, 10, archlab::TimeMode::Virtual, 10.0);
        QVERIFY(ab->start());
        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Running, kTimeout_ms);
        QVERIFY(ab->sharingText().contains(QStringLiteral("paced together")));

        // While running: both sides drawn on every chart, the readout over the last seconds.
        QVERIFY(ab->chartCount() > 0);
        archlab::AbChart* hit = nullptr;
        for (int i = 0; i < ab->chartCount(); ++i) {
            if (ab->chart(i)->spec().id == "hit_ratio") hit = ab->chart(i);
        }
        QVERIFY(hit != nullptr);
        QTRY_VERIFY_WITH_TIMEOUT(hit->pointCount(0) > 0 && hit->pointCount(1) > 0, kTimeout_ms);
        // The legend's markers read as shown once the chart has laid its legend out (on a busy
        // machine, a frame or more after the first points).
        QTRY_VERIFY2_WITH_TIMEOUT(hit->legendNames().contains(QStringLiteral("A: policy=lru")),
                                  qPrintable(hit->legendNames().join(", ")), kTimeout_ms);
        QVERIFY(hit->legendNames().contains(QStringLiteral("B: policy=lfu")));
        QVERIFY(hit->legendNames().contains(QStringLiteral("cache hit ratio")));  // a colour per column
        QTRY_VERIFY_WITH_TIMEOUT(ab->figures()->rowCount() >= 3 && ab->figures()->cellText(0, 1) != QStringLiteral("-"), kTimeout_ms);
        QCOMPARE(ab->figures()->cellText(0, 0), QStringLiteral("throughput"));

        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Finished, kTimeout_ms);
        const archlab::AbRun* run = ab->session()->run();
        QVERIFY(run != nullptr);
        QCOMPARE(ab->series(AbSide::A).last_t_s(), 10.0);
        QCOMPARE(ab->series(AbSide::B).last_t_s(), 10.0);
        // The readout now holds the whole-run figures, straight from the summaries.
        const nlohmann::json sa = run->side(AbSide::A)->summary();
        QCOMPARE(ab->figures()->cellText(0, 1),
                 QString::fromStdString(archlab::format_ab_value(sa.at("throughput_rps").get<double>(), "req/s")));
        bool has_hit_ratio = false;
        for (int r = 0; r < ab->figures()->rowCount(); ++r) has_hit_ratio = has_hit_ratio || ab->figures()->cellText(r, 0) == QStringLiteral("hit ratio");
        QVERIFY(has_hit_ratio);

        // Both runs are in the history, each knowing its side.
        const std::int64_t ida = run->side(AbSide::A)->run_id(), idb = run->side(AbSide::B)->run_id();
        QTRY_COMPARE_WITH_TIMEOUT(window->historyPanel()->runCount(), 2, kTimeout_ms);
        QCOMPARE(window->historyPanel()->runStatus(ida), QStringLiteral("finished"));
        QCOMPARE(store.load_run(idb)->summary.at("ab").at("variant").get<std::string>(), std::string("policy=lfu"));
        const std::string fa = run->side(AbSide::A)->fingerprint(), fb = run->side(AbSide::B)->fingerprint();
        QVERIFY(!fa.empty() && fa != fb);

        // The same pair at full speed: the same two fingerprints.
        ab->setRunOptions(3, 10, archlab::TimeMode::Virtual, archlab::kMaxSpeed);
        QVERIFY(ab->start());
        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Finished, kTimeout_ms);
        QCOMPARE(ab->session()->run()->side(AbSide::A)->fingerprint(), fa);
        QCOMPARE(ab->session()->run()->side(AbSide::B)->fingerprint(), fb);

        // Closing the main window mid-pair stops and records both sides.
        ab->setRunOptions(3, 60, archlab::TimeMode::Virtual, 1.0);
        QVERIFY(ab->start());
        QTRY_COMPARE_WITH_TIMEOUT(ab->session()->state(), AbSession::State::Running, kTimeout_ms);
        const std::int64_t third_a = ab->session()->run()->side(AbSide::A)->run_id();
        QVERIFY(window->close());
        window.reset();
        QCOMPARE(store.load_run(third_a)->status, std::string("finished"));
    }

private:
    QTemporaryDir dir_;
};

QTEST_MAIN(GuiAbTest)
#include "test_gui_ab.moc"
