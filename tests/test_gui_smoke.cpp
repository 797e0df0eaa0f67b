// The desktop window end to end, offscreen: choose the queueing lab, set a knob, run it,
// watch series and charts fill, change a live knob, inject a fault, stop, find the run in the
// history, start a second run and close the window while it runs. A finished virtual run is
// scrubbed, re-run to a time where it holds, stepped, let go, and its fingerprint matches; a
// cluster of 200 workers is drawn as one group.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QTextBrowser>
#include <QPushButton>
#include <QSlider>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "core/lab/lab_registry.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "views/chart_panel.h"
#include "views/compare_chart.h"
#include "views/event_log_panel.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/presenter_view.h"
#include "views/knob_panel.h"
#include "views/endpoints_bar.h"
#include "views/main_window.h"
#include "views/run_history_panel.h"
#include "views/time_scrubber.h"
#include "views/topology_view.h"

namespace {
// Runs before QTEST_MAIN's QApplication: no display is needed, even outside CTest.
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
constexpr int kTimeout_ms = 20000;
}  // namespace

using archlab::RunSession;

class GuiSmokeTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void runQueueingLabFromTheWindow();
    void everyLabRunsFromTheWindow_data();
    void everyLabRunsFromTheWindow();
    void rerunToHereReplaysExactly();
    void largeClusterIsGrouped();
    void guideAndPresenterView();

private:
    QTemporaryDir dir_;
};

void GuiSmokeTest::initTestCase() {
    QVERIFY(kOffscreen);
    QVERIFY(dir_.isValid());
    QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("ArchLab"));
    QCoreApplication::setApplicationName(QStringLiteral("ArchLabGuiTest"));
    qputenv("ARCHLAB_STORE", dir_.filePath(QStringLiteral("runs.sqlite3")).toUtf8());
}

void GuiSmokeTest::runQueueingLabFromTheWindow() {
    const std::string path = archlab::RunStore::default_path();
    QCOMPARE(QString::fromStdString(path), dir_.filePath(QStringLiteral("runs.sqlite3")));
    archlab::RunStore store(path);
    archlab::LabRegistry labs;
    archlab::register_all_labs(labs);

    auto window = std::make_unique<archlab::MainWindow>(labs, &store);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));

    QVERIFY(window->selectLab("queueing"));
    QVERIFY(window->currentLab() != nullptr);
    QCOMPARE(QString::fromStdString(window->currentLab()->info().id), QStringLiteral("queueing"));
    QVERIFY(window->chartPanel()->chartCount() > 0);
    QCOMPARE(window->historyPanel()->runCount(), 0);

    QString why;
    QVERIFY2(window->knobPanel()->setKnobText("arrival_rps", "200", &why), qPrintable(why));
    QCOMPARE(window->knobPanel()->settings().get_double("arrival_rps"), 200.0);
    QVERIFY(!window->knobPanel()->setKnobText("arrival_rps", "lots", &why));
    QVERIFY(why.contains(QStringLiteral("arrival_rps")));

    window->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Running, kTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(window->seriesWindow().total_rows() > 4 &&
                                 window->chartPanel()->pointCount("throughput") > 0,
                             kTimeout_ms);
    const archlab::RunController* run = window->session()->controller();
    QVERIFY(run != nullptr);
    QCOMPARE(run->request().settings.get_double("arrival_rps"), 200.0);
    const std::int64_t id = run->run_id();
    QVERIFY(id > 0);
    QCOMPARE(window->historyPanel()->runStatus(id), QStringLiteral("running"));

    // A live knob goes to the running lab; a fault goes through the controller.
    QVERIFY(window->knobPanel()->setKnobText("arrival_rps", "300"));
    QTRY_COMPARE_WITH_TIMEOUT(run->settings().get_double("arrival_rps"), 300.0, kTimeout_ms);
    QCOMPARE(run->request().settings.get_double("arrival_rps"), 200.0);  // the request stays as started
    archlab::FaultEvent pause;
    pause.action = "pause";
    pause.target = "worker-1";
    QVERIFY2(window->session()->inject(pause, &why), qPrintable(why));
    archlab::FaultEvent bogus;
    bogus.action = "kill";
    bogus.target = "no-such-node";
    QVERIFY(!window->session()->inject(bogus, &why));
    QTRY_VERIFY_WITH_TIMEOUT(window->eventLog()->lineCount() > 2, kTimeout_ms);

    window->stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
    QTRY_COMPARE_WITH_TIMEOUT(window->historyPanel()->runStatus(id), QStringLiteral("finished"), kTimeout_ms);
    QCOMPARE(window->historyPanel()->runCount(), 1);
    QVERIFY(window->chartPanel()->totalPointCount() > 0);  // the finished run stays on screen
    // ... with a slider to scrub it; a live run cannot be replayed exactly, and says so.
    QVERIFY(window->scrubber()->isVisible());
    QVERIFY(!window->scrubber()->rerunButton()->isEnabled());
    QVERIFY(window->scrubber()->rerunButton()->toolTip().contains(QStringLiteral("Only virtual runs")));
    window->scrubber()->setTime(1.0);
    QVERIFY(window->scrubber()->time() <= 1.0 && window->scrubber()->time() > 0.5);  // live samples fall near 0.25 s steps
    QCOMPARE(window->topologyView()->drawn().t_s, window->scrubber()->time());  // the recorded topology then

    // The run's stored series can be drawn for comparison.
    window->historyPanel()->selectRuns({id});
    QCOMPARE(window->historyPanel()->compareChart()->lineCount(), 1);
    QVERIFY(window->historyPanel()->compareChart()->setColumn("throughput_rps"));

    // A second run starts from empty series; closing the window mid-run still records it.
    window->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Running, kTimeout_ms);
    const std::int64_t second = window->session()->controller()->run_id();
    QVERIFY(second > id);
    QVERIFY(window->seriesWindow().total_rows() < 4);
    QTRY_VERIFY_WITH_TIMEOUT(window->seriesWindow().total_rows() > 1, kTimeout_ms);

    QVERIFY(window->close());
    window.reset();
    QCOMPARE(store.load_run(id)->status, std::string("finished"));
    QCOMPARE(store.load_run(second)->status, std::string("finished"));
    QVERIFY(store.load_series(second).rows.size() > 1);
}

// Each lab starts, draws points on every chart it offers, lists its sockets, and stops; in
// live time and in virtual time (where the endpoints bar says why there are no sockets).
void GuiSmokeTest::everyLabRunsFromTheWindow_data() {
    QTest::addColumn<QString>("mode");
    QTest::newRow("live") << QStringLiteral("live");
    QTest::newRow("virtual") << QStringLiteral("virtual");
}

void GuiSmokeTest::everyLabRunsFromTheWindow() {
    QFETCH(QString, mode);
    archlab::LabRegistry labs;
    archlab::register_all_labs(labs);
    auto window = std::make_unique<archlab::MainWindow>(labs, nullptr);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* time_mode = window->findChild<QComboBox*>(QStringLiteral("timeMode"));
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    QVERIFY(time_mode && speed);
    time_mode->setCurrentIndex(time_mode->findData(mode));
    QCOMPARE(speed->isEnabled(), mode == QStringLiteral("virtual"));
    for (const archlab::Lab* lab : labs.all()) {
        const QString id = QString::fromStdString(lab->info().id);
        QVERIFY2(window->selectLab(lab->info().id), qPrintable(id));
        QVERIFY2(window->chartPanel()->chartCount() > 0, qPrintable(id));
        window->startRun();
        QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Running, kTimeout_ms);
        QTRY_VERIFY2_WITH_TIMEOUT(window->seriesWindow().total_rows() > 3, qPrintable(id), kTimeout_ms);
        archlab::RunController* ctl = window->session()->controller();
        QCOMPARE(QString(archlab::to_string(ctl->time_mode())), mode);
        if (mode == QStringLiteral("virtual")) {
            QVERIFY(window->endpointsBar()->isVisible());
            QVERIFY(window->endpointsBar()->text().contains(QStringLiteral("Virtual time")));
            QVERIFY(speed->isEnabled());  // the speed of a running virtual run can change
            speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
        } else {
            const auto endpoints = ctl->endpoints();
            QCOMPARE(window->endpointsBar()->isVisible(), !endpoints.empty());
            for (const auto& e : endpoints) {
                QVERIFY2(window->endpointsBar()->text().contains(QString::fromStdString(e.address)), qPrintable(id));
            }
        }
        window->stopRun();
        QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
        QVERIFY2(window->chartPanel()->totalPointCount() > 0, qPrintable(id));
    }
}

namespace {
/// A window on a fresh store, showing the queueing lab in virtual time at max speed for 10 s.
std::unique_ptr<archlab::MainWindow> virtual_window(const archlab::LabRegistry& labs, archlab::RunStore* store) {
    auto window = std::make_unique<archlab::MainWindow>(labs, store);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    if (!window->selectLab("queueing")) return nullptr;
    auto* time_mode = window->findChild<QComboBox*>(QStringLiteral("timeMode"));
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    auto* length = window->findChild<QComboBox*>(QStringLiteral("length"));
    if (!time_mode || !speed || !length) return nullptr;
    time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    length->setCurrentIndex(length->findData(10));
    return window;
}
}  // namespace

void GuiSmokeTest::rerunToHereReplaysExactly() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("replay.sqlite3")).toStdString());
    archlab::LabRegistry labs;
    archlab::register_all_labs(labs);
    auto window = virtual_window(labs, &store);
    QVERIFY(window);
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    QVERIFY(window->knobPanel()->setKnobText("arrival_rps", "600"));
    window->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
    const std::int64_t first = window->session()->controller()->run_id();
    const std::string fingerprint = window->session()->controller()->fingerprint();
    QCOMPARE(fingerprint.size(), std::size_t{16});

    // Scrub: the topology shows the recorded moment.
    archlab::TimeScrubber* scrubber = window->scrubber();
    QVERIFY(scrubber->isVisible());
    QCOMPARE(scrubber->time(), 10.0);  // starts at the end
    QVERIFY(scrubber->rerunButton()->isEnabled());
    scrubber->setTime(5.3);
    QCOMPARE(scrubber->time(), 5.25);  // the sample at or before
    QCOMPARE(window->topologyView()->drawn().t_s, 5.25);
    QVERIFY(!window->topologyView()->drawn().links.empty());

    // Re-run to here: it plays to 5.25 s and holds there.
    QTest::mouseClick(scrubber->rerunButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Running, kTimeout_ms);
    archlab::RunController* ctl = window->session()->controller();
    QVERIFY(ctl->run_id() != first);
    QTRY_VERIFY_WITH_TIMEOUT(ctl->speed() == 0.0 && ctl->elapsed_s() == 5.25, kTimeout_ms);
    QVERIFY(!ctl->finished());
    QVERIFY(!scrubber->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(speed->currentData().toDouble(), 0.0, kTimeout_ms);  // the box shows the hold

    // Step: one sample on, held again.
    auto* step = window->findChild<QAction*>(QStringLiteral("step"));
    QVERIFY(step);
    QTRY_VERIFY_WITH_TIMEOUT(step->isEnabled(), kTimeout_ms);
    step->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(ctl->speed() == 0.0 && ctl->elapsed_s() == 5.5, kTimeout_ms);
    // The step runs at max speed to the next sample; the box follows the run's speed on the
    // window's timer and may still show that "max". Choosing max then would change nothing.
    QTRY_COMPARE_WITH_TIMEOUT(speed->currentData().toDouble(), 0.0, kTimeout_ms);

    // Let it go: it finishes and its fingerprint matches the run it replays.
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
    QCOMPARE(QString::fromStdString(ctl->fingerprint()), QString::fromStdString(fingerprint));
    QCOMPARE(window->replayMatched(), std::optional<bool>(true));
    QVERIFY2(window->statusBar()->currentMessage().contains(QStringLiteral("matches")),
             qPrintable(window->statusBar()->currentMessage()));

    // The first run opens from the history, ready to scrub and re-run.
    window->showPage(1);
    QVERIFY(window->openStoredRun(first));
    QVERIFY(scrubber->isVisible());
    QCOMPARE(scrubber->time(), 10.0);
    QVERIFY(scrubber->rerunButton()->isEnabled());
    QVERIFY(window->chartPanel()->totalPointCount() > 0);
    QCOMPARE(window->knobPanel()->settings().get_double("arrival_rps"), 600.0);
    scrubber->slider()->setValue(3);
    QCOMPARE(window->topologyView()->drawn().t_s, 1.0);
}

void GuiSmokeTest::largeClusterIsGrouped() {
    archlab::LabRegistry labs;
    archlab::register_all_labs(labs);
    auto window = virtual_window(labs, nullptr);
    QVERIFY(window);
    QVERIFY(window->knobPanel()->setKnobText("workers", "200"));
    window->startRun();
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Running, kTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(!window->topologyView()->drawn().groups.empty(), kTimeout_ms);
    const archlab::TopologySnapshot& s = window->topologyView()->drawn();
    QCOMPARE(s.nodes.size(), std::size_t{203});
    QCOMPARE(s.groups.size(), std::size_t{1});
    QCOMPARE(s.groups[0].size, 200);
    QCOMPARE(s.boxes.size(), std::size_t{4});  // client, lb, worker ×200, db
    QVERIFY(window->topologyView()->grab().width() > 0);  // paints
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
}



// The Guide lists each lab's guided scenarios and walks one: the guess before a step, the
// measured value beside it after, back and a step played out of order (the run fast-forwards to
// its start). Presenter view hides the other panels, captions each fault with its time and node,
// and gives the layout back when switched off.
void GuiSmokeTest::guideAndPresenterView() {
    archlab::RunStore store(archlab::RunStore::default_path());
    archlab::LabRegistry labs;
    archlab::register_all_labs(labs);
    auto window = std::make_unique<archlab::MainWindow>(labs, &store);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    archlab::GuidePanel* guide = window->guidePanel();
    for (const archlab::Lab* each : labs.all()) {  // every lab, the ones added later too
        const std::string& lab = each->info().id;
        QVERIFY(window->selectLab(lab));
        QVERIFY2(guide->scenarioCount() >= 3, lab.c_str());
        QVERIFY(guide->scenario() && guide->scenario()->lab == lab);
    }
    QString why;
    QVERIFY2(window->openGuidedScenario(QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios/caching-guided-stampede.json"), &why),
             qPrintable(why));
    QCOMPARE(QString::fromStdString(window->currentLab()->info().id), QStringLiteral("caching"));
    QVERIFY(window->findChild<QDockWidget*>(QStringLiteral("guideDock"))->isVisible());
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));

    window->setPresenterMode(true);
    QVERIFY(window->presenterMode());
    QVERIFY(window->presenterView()->isVisible());
    QVERIFY(!window->findChild<QDockWidget*>(QStringLiteral("faultsDock"))->isVisible());
    QVERIFY(window->findChild<QDockWidget*>(QStringLiteral("guideDock"))->isVisible());
    QVERIFY(window->presenterView()->chooseChart(1, "latency"));
    QCOMPARE(window->presenterView()->chosenChart(1), std::string("latency"));
    QVERIFY(!window->presenterView()->chooseChart(0, "no-such-chart"));

    // Step 1, with a guess: the answer shows the guess beside the measurement and the why.
    QVERIFY2(guide->setGuessText(QStringLiteral("40"), &why), qPrintable(why));
    QVERIFY(!guide->setGuessText(QStringLiteral("400"), &why));  // out of the question's range
    auto* result = guide->findChild<QLabel*>(QStringLiteral("guideResult"));
    window->startRun();  // in presenter view, Start plays the Guide's step
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms * 3);
    QVERIFY2(result->text().contains(QStringLiteral("Your guess: 40.0 %")), qPrintable(result->text()));
    QVERIFY(result->text().contains(QString::fromStdString(guide->scenario()->steps[0].question->why).toHtmlEscaped()));
    QCOMPARE(window->guideDriver()->playing(), -1);
    QCOMPARE(window->session()->state(), RunSession::State::Running);  // held at the step's end

    // Step 2 plays on from the hold; its flush is captioned with its time and node.
    guide->next();
    QCOMPARE(guide->step(), 1);
    guide->play();
    QTRY_VERIFY_WITH_TIMEOUT(window->presenterView()->caption().contains(QStringLiteral("cache flushed")), kTimeout_ms * 3);
    QVERIFY2(window->presenterView()->caption().contains(QStringLiteral("12.0 s")), qPrintable(window->presenterView()->caption()));
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms * 3);
    QVERIFY(result->text().contains(QStringLiteral("No guess given")));

    // Back to step 1 and "restart step": a new run from the start, answered again.
    guide->back();
    QCOMPARE(guide->step(), 0);
    const archlab::RunController* first = window->session()->controller();
    guide->restartStep();
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->controller() != first, kTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms * 3);
    QTRY_COMPARE_WITH_TIMEOUT(window->guideDriver()->heldAfterStep(), 0, kTimeout_ms);
    // Asked again while the run is held, then Stop at once: the step waited for the old run to
    // end, and Stop means stop, so nothing starts after it (it used to start a new run).
    const archlab::RunController* held = window->session()->controller();
    guide->restartStep();
    window->stopRun();
    QTRY_VERIFY_WITH_TIMEOUT(!window->session()->busy(), kTimeout_ms);
    QCoreApplication::processEvents();
    QCOMPARE(window->session()->controller(), held);
    QCOMPARE(window->guideDriver()->playing(), -1);
    QVERIFY2(result->text().contains(QStringLiteral("Stop was pressed")), qPrintable(result->text()));
    // On to step 3 without playing step 2 (the run stopped): step 3 starts a new run that runs
    // at full speed to its start, and the last step ends with the run.
    guide->next();
    guide->next();
    QCOMPARE(guide->step(), 2);
    const archlab::RunController* second = window->session()->controller();
    guide->play();
    QTRY_VERIFY_WITH_TIMEOUT(window->session()->controller() != second, kTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms * 3);
    QTRY_COMPARE_WITH_TIMEOUT(window->session()->state(), RunSession::State::Finished, kTimeout_ms);
    QCOMPARE(window->session()->controller()->elapsed_s(), 26.0);

    QVERIFY(window->presenterView()->chosenChart(0) != window->presenterView()->chosenChart(1));
    window->setPresenterMode(false);
    QVERIFY(!window->presenterMode());
    // Another lab: two different charts again, whatever the last lab showed.
    QVERIFY(window->selectLab("queueing"));
    QVERIFY(window->presenterView()->chooseChart(0, "latency"));
    QVERIFY(window->presenterView()->chooseChart(1, "queues"));
    QVERIFY(window->selectLab("load-balancing"));
    QCOMPARE(window->presenterView()->chosenChart(0), std::string("latency"));
    QVERIFY(window->presenterView()->chosenChart(1) != "latency" && !window->presenterView()->chosenChart(1).empty());
    QVERIFY(!window->presenterView()->isVisible());
    QVERIFY(window->findChild<QDockWidget*>(QStringLiteral("faultsDock"))->isVisible());
    QVERIFY(window->close());
}

QTEST_MAIN(GuiSmokeTest)
#include "test_gui_smoke.moc"
