// A guided run in the window, as the room sees it around the Guide:
//  - the Knobs panel and the toolbar show what the guided run uses: the scenario's settings,
//    seed and length from its start, and each step's knob changes once that step has begun
//    (they showed the knobs as last typed, which the run was not using);
//  - in presenter view, a step's question brings the chart of its figure into view (load
//    balancing asked about errors per second beside requests per node and latency);
//  - closing the window while a guided run is held between steps keeps the guide with the
//    stored run: the step played answered with the room's guess, the rest not played (the
//    guesses were lost: the run was stored without its guide).
#include <QComboBox>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"
#include "core/store/run_store.h"
#include "tests/lab_runs.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/knob_panel.h"
#include "views/main_window.h"
#include "views/live_chart.h"
#include "views/presenter_view.h"
#include "views/run_session.h"

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
constexpr int kTimeout_ms = 60000;

QString scenario(const char* name) { return QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios/%1.json").arg(QLatin1String(name)); }

long long int_knob(const archlab::KnobPanel& knobs, const char* name) { return std::get<long long>(knobs.settings().get(name)); }
double real_knob(const archlab::KnobPanel& knobs, const char* name) {
    const archlab::KnobValue& v = knobs.settings().get(name);
    return std::holds_alternative<double>(v) ? std::get<double>(v) : static_cast<double>(std::get<long long>(v));
}

/// Shows the window and sets its speed to "max": guided steps play as fast as the CPU allows.
bool show_at_max_speed(archlab::MainWindow& window) {
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return false;
    auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
    if (!speed) return false;
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    return true;
}

}  // namespace

class GuiGuideWindowTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }
    void knobsShowTheGuidedRun();
    void closingKeepsTheGuesses();
    void presenterShowsTheQuestionsChart();

private:
    QTemporaryDir dir_;
};

// queueing-guided-knee: settings workers 4, service_ms 2, arrival_rps 1000, seed 1; steps of 8,
// 8 and 10 s, the second setting arrival_rps 1400.
void GuiGuideWindowTest::knobsShowTheGuidedRun() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("knobs.sqlite3")).toStdString());
    archlab::MainWindow window(lab_test::registry(), &store);
    QVERIFY(show_at_max_speed(window));
    auto* length = window.findChild<QComboBox*>(QStringLiteral("length"));
    auto* seed = window.findChild<QSpinBox*>(QStringLiteral("seed"));
    QVERIFY(length && seed);
    QString why;
    QVERIFY2(window.openGuidedScenario(scenario("queueing-guided-knee"), &why), qPrintable(why));
    archlab::KnobPanel* knobs = window.knobPanel();
    // What a person typed before: none of it is what the scenario runs.
    QVERIFY(knobs->setKnobText("arrival_rps", "500"));
    QVERIFY(knobs->setKnobText("service_ms", "5"));
    seed->setValue(7);
    length->setCurrentIndex(length->findData(60));

    archlab::GuidePanel* guide = window.guidePanel();
    archlab::GuideDriver* driver = window.guideDriver();
    guide->play();  // step 1
    QTRY_VERIFY_WITH_TIMEOUT(driver->playing() == -1 && driver->heldAfterStep() == 0, kTimeout_ms);  // answered
    QCOMPARE(real_knob(*knobs, "arrival_rps"), 1000.0);
    QCOMPARE(real_knob(*knobs, "service_ms"), 2.0);
    QCOMPARE(int_knob(*knobs, "workers"), 4LL);
    QCOMPARE(seed->value(), 1);
    QCOMPARE(length->currentData().toInt(), 26);  // 8 + 8 + 10 s, a length the box did not offer
    QCOMPARE(length->currentText(), QStringLiteral("26 s"));

    guide->next();
    guide->play();  // step 2 begins by setting arrival_rps 1400
    QTRY_VERIFY2_WITH_TIMEOUT(driver->playing() == -1 && driver->heldAfterStep() == 1,
                              qPrintable(QStringLiteral("playing %1, held after %2, at %3 s, state %4")
                                             .arg(driver->playing()).arg(driver->heldAfterStep())
                                             .arg(window.session()->controller() ? window.session()->controller()->elapsed_s() : -1.0)
                                             .arg(static_cast<int>(window.session()->state()))),
                              kTimeout_ms);
    QCOMPARE(real_knob(*knobs, "arrival_rps"), 1400.0);
    QCOMPARE(real_knob(*knobs, "service_ms"), 2.0);
    QVERIFY(window.close());
}

void GuiGuideWindowTest::closingKeepsTheGuesses() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("close.sqlite3")).toStdString());
    std::int64_t run_id = 0;
    {
        auto window = std::make_unique<archlab::MainWindow>(lab_test::registry(), &store);
        QVERIFY(show_at_max_speed(*window));
        QString why;
        QVERIFY2(window->openGuidedScenario(scenario("caching-guided-stampede"), &why), qPrintable(why));
        archlab::GuidePanel* guide = window->guidePanel();
        QVERIFY2(guide->setGuessText(QStringLiteral("40"), &why), qPrintable(why));
        guide->play();
        QTRY_VERIFY_WITH_TIMEOUT(window->guideDriver()->playing() == -1 && window->guideDriver()->heldAfterStep() == 0,
                                 kTimeout_ms);  // step 1 answered
        QVERIFY(window->session()->state() == archlab::RunSession::State::Running);  // held, not finished
        run_id = window->session()->controller()->run_id();
        QVERIFY(window->close());
    }
    QVERIFY(run_id > 0);
    const std::optional<archlab::RunRecord> record = store.load_run(run_id);
    QVERIFY(record);
    QVERIFY2(record->summary.contains("guide"), record->summary.dump().substr(0, 400).c_str());
    const nlohmann::json& steps = record->summary["guide"]["steps"];
    QCOMPARE(steps.size(), std::size_t{3});
    QCOMPARE(steps[0]["guess"].get<double>(), 40.0);
    QVERIFY(steps[0]["measured_value"].is_number());
    QVERIFY(!steps[1]["played"].get<bool>());
    QVERIFY(!steps[2]["played"].get<bool>());
}

void GuiGuideWindowTest::presenterShowsTheQuestionsChart() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("presenter.sqlite3")).toStdString());
    archlab::MainWindow window(lab_test::registry(), &store);
    QVERIFY(show_at_max_speed(window));
    window.setPresenterMode(true);
    QString why;
    QVERIFY2(window.openGuidedScenario(scenario("load-balancing-guided-kill-detect"), &why), qPrintable(why));
    archlab::PresenterView* presenter = window.presenterView();
    window.guidePanel()->play();  // step 1 asks for the mean errors per second
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->state() == archlab::RunSession::State::Running, kTimeout_ms);
    const auto errors_shown = [presenter] {
        for (int slot = 0; slot < 2; ++slot) {
            const archlab::LiveChart* c = presenter->chart(slot);
            if (!c) continue;
            const std::vector<std::string>& cols = c->spec().series;
            if (std::find(cols.begin(), cols.end(), "errors_per_s") != cols.end()) return true;
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(errors_shown(), qPrintable(QString::fromStdString(presenter->chosenChart(0) + ", " +
                                                                                 presenter->chosenChart(1))),
                              kTimeout_ms);
    window.setPresenterMode(false);
    QVERIFY(window.close());
}

QTEST_MAIN(GuiGuideWindowTest)
#include "test_gui_guide_window.moc"
