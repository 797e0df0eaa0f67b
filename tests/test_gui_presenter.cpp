// The presenter view as a room sees it, and guided runs played in the window:
//  - at 1366x768 and 1920x1080, with a guided step of every lab played, no text of the presenter
//    view or the Guide is cut short: every label fits its width (or, wrapped, its height), every
//    button its text, no node name or note on the topology is elided, no chart is squeezed below
//    its own minimum (which cuts its axis off), the step text fits or scrolls, and the status
//    bar's message and figures fit beside each other;
//  - the keys agree: each key the Guide lists is bound to an action that says it does that,
//    and the Guide buttons' tooltips name the keys bound to their actions;
//  - a fault at a step's start is captioned when the step is played, not while the room reads
//    the step before it;
//  - a guided run played in the window keeps the guide (questions, guesses, measured values) in
//    its stored record, the same as `archlab-cli run FILE --answer` writes into summary.json, and
//    a bundle exported from the History carries it as guide.json and in its HTML report.
#include <QAbstractButton>
#include <QApplication>
#include <QGuiApplication>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QFontInfo>
#include <QScreen>
#include <QLabel>
#include <QProcess>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QAction>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/bundle/bundle_io.h"
#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "tests/lab_runs.h"
#include "views/bundle_job.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/main_window.h"
#include "test_scale.h"
#include "views/presenter_view.h"
#include "views/run_session.h"
#include "views/topology_view.h"
#include "views/workshop_keys.h"

using archlab::RunSession;

namespace {
constexpr int kTimeout_ms = 60000;

const archlab::LabRegistry& labs() { return lab_test::registry(); }

QString scenario(const char* name) { return QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios/%1.json").arg(QLatin1String(name)); }

/// Every piece of text under `root` that does not fit where it is drawn, described.
QStringList cutTexts(QWidget* root) {
    QStringList out;
    for (QLabel* l : root->findChildren<QLabel*>()) {
        if (!l->isVisible() || l->text().isEmpty()) continue;
        const QString name = l->objectName().isEmpty() ? l->text().left(40) : l->objectName();
        if (l->wordWrap()) {
            // Wrapped: all of its lines fit its height.
            const int need = l->heightForWidth(l->width());
            if (need > l->height() + 1) out << QStringLiteral("label '%1' needs %2 px high, has %3").arg(name).arg(need).arg(l->height());
        } else if (l->textFormat() != Qt::RichText && !Qt::mightBeRichText(l->text())) {
            const int need = l->fontMetrics().horizontalAdvance(l->text()) + 2 * l->margin();
            if (need > l->contentsRect().width()) {
                out << QStringLiteral("label '%1' needs %2 px wide, has %3").arg(name).arg(need).arg(l->contentsRect().width());
            }
        } else if (l->sizeHint().width() > l->width()) {
            out << QStringLiteral("label '%1' needs %2 px wide, has %3").arg(name).arg(l->sizeHint().width()).arg(l->width());
        }
    }
    for (QAbstractButton* b : root->findChildren<QAbstractButton*>()) {
        if (!b->isVisible() || b->text().isEmpty()) continue;
        if (b->sizeHint().width() > b->width()) {
            out << QStringLiteral("button '%1' needs %2 px wide, has %3").arg(b->text()).arg(b->sizeHint().width()).arg(b->width());
        }
    }
    for (QComboBox* c : root->findChildren<QComboBox*>()) {
        if (!c->isVisible() || c->currentText().isEmpty()) continue;
        const int need = c->fontMetrics().horizontalAdvance(c->currentText());
        // The text area is the box less its arrow and frame: about one line's height at the right.
        if (need > c->width() - c->height()) out << QStringLiteral("combo box '%1' is cut short").arg(c->currentText());
    }
    for (QChartView* v : root->findChildren<QChartView*>()) {
        // A chart laid out taller than its view is cut off at the bottom (its x axis).
        if (v->chart()->size().height() > v->viewport()->height() + 1) {
            out << QStringLiteral("chart '%1' is %2 px high in a view of %3")
                       .arg(v->chart()->title())
                       .arg(v->chart()->size().height())
                       .arg(v->viewport()->height());
        }
    }
    return out;
}

/// The status bar's words that do not fit: its permanent widgets' labels, and the message,
/// which has the room left of them.
QStringList statusBarCut(QStatusBar* bar) {
    QStringList out = cutTexts(bar);
    const QString message = bar->currentMessage();
    if (message.isEmpty()) return out;
    int room = bar->width();
    for (QWidget* w : bar->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
        if (w->isVisible() && w->x() > 0) room = std::min(room, w->x());
    }
    const int need = bar->fontMetrics().horizontalAdvance(message) + 8;  // the message's margins
    if (need > room) out << QStringLiteral("status message '%1' needs %2 px wide, has %3").arg(message).arg(need).arg(room);
    return out;
}
}  // namespace

class GuiPresenterTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }
    void nothingCutShort_data();
    void nothingCutShort();
    void faultAtStepStartCaptionedWhenPlayed();
    void guidedRunKeepsTheGuide();
    void keysAgree();

private:
    QTemporaryDir dir_;
};

void GuiPresenterTest::nothingCutShort_data() {
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

// Each lab's guided scenario with the longest texts and node notes: its second step (a fault
// and its aftermath) played, then everything the room sees checked.
void GuiPresenterTest::nothingCutShort() {
    QFETCH(QSize, screen);
    archlab::RunStore store(dir_.filePath(QStringLiteral("fit.sqlite3")).toStdString());
    // On the screen of that size (main() sets up one of each), as on a projector's.
    QScreen* target = nullptr;
    for (QScreen* s : QGuiApplication::screens()) {
        if (s->geometry().size() == screen) target = s;
    }
    QVERIFY2(target, "no screen of that size: run through main() below");
    auto window = std::make_unique<archlab::MainWindow>(labs(), &store);
    window->move(target->geometry().topLeft());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    window->setPresenterMode(true);
    QCOMPARE(window->screen(), target);
    // Held to the screen, as a window manager keeps a full-screen window (offscreen lets a
    // window grow past its screen): whatever does not fit shows below as cut text.
    window->setGeometry(target->availableGeometry());
    window->setFixedSize(screen);
    QTRY_VERIFY2(window->size() == screen, qPrintable(QStringLiteral("%1x%2 at %3,%4; screen %5x%6, minimum %7x%8")
                                                         .arg(window->width()).arg(window->height()).arg(window->x()).arg(window->y())
                                                         .arg(target->availableGeometry().width()).arg(target->availableGeometry().height())
                                                         .arg(window->minimumSizeHint().width()).arg(window->minimumSizeHint().height())));
    archlab::GuidePanel* guide = window->guidePanel();
    QCoreApplication::processEvents();
    QVERIFY2(statusBarCut(window->statusBar()).isEmpty(), qPrintable(statusBarCut(window->statusBar()).join(QStringLiteral("; "))));
    auto* result = guide->findChild<QLabel*>(QStringLiteral("guideResult"));
    const char* scenarios[] = {"queueing-guided-kill-worker",        "caching-guided-stampede",
                               "load-balancing-guided-kill-detect",  "sessions-guided-sticky-kill",
                               "replication-guided-async-failover",  "partitioning-guided-lose-shard",
                               "transactions-guided-2pc-coordinator"};
    // Under a sanitizer the layouts are the same and each run several times slower: two labs,
    // those with the longest node notes, stand for the seven.
    const std::size_t first = test_scale::under_sanitizer() ? std::size(scenarios) - 2 : 0;
    for (std::size_t i = first; i < std::size(scenarios); ++i) {
        const char* name = scenarios[i];
        QString why;
        QVERIFY2(window->openGuidedScenario(scenario(name), &why), qPrintable(why));
        guide->showStep(1);
        guide->play();
        QCOMPARE(window->guideDriver()->playing(), 1);
        QTRY_VERIFY2_WITH_TIMEOUT(window->guideDriver()->playing() == -1, name, kTimeout_ms);  // the step ran to its end
        QVERIFY2(!result->isVisible() || result->text().contains(QStringLiteral("Measured")), qPrintable(result->text()));
        QCoreApplication::processEvents();  // the pending layout and paint requests: the last rows and the topology
        // No page nor panel asks for more than the screen (the hidden pages are ignored).
        QVERIFY2(window->minimumSizeHint().width() <= screen.width(), name);
        window->presenterView()->grab();  // paints the topology, counting what it cut short
        const QStringList cut = cutTexts(window->presenterView()) + cutTexts(guide) + statusBarCut(window->statusBar());
        QVERIFY2(cut.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(name), cut.join(QStringLiteral("; ")))));
        const auto* topology = window->presenterView()->findChild<archlab::TopologyView*>();
        QVERIFY(topology);
        QVERIFY2(topology->elidedTexts() == 0, name);
        // The step text fits its pane or can be scrolled to the end.
        auto* text = guide->findChild<QTextBrowser*>(QStringLiteral("guideText"));
        QVERIFY2(text->document()->size().height() <= text->viewport()->height() + 1 || text->verticalScrollBar()->isVisible(),
                 name);
        // Back to the first step's briefing: the scenario's summary shows, and fits too.
        guide->showStep(0);
        QCoreApplication::processEvents();
        QVERIFY2(cutTexts(guide).isEmpty(), qPrintable(cutTexts(guide).join(QStringLiteral("; "))));
        // The first step played and answered: its measured answer fits too (with the summary
        // still shown it was cut off at the bottom at 1366x768).
        guide->play();   // the run so far ends first, then the step starts afresh: wait for it to be held at its end
        QTRY_VERIFY2_WITH_TIMEOUT(window->guideDriver()->playing() == -1 && window->guideDriver()->heldAfterStep() == 0, name,
                                  kTimeout_ms);
        QCoreApplication::processEvents();
        QVERIFY2(cutTexts(guide).isEmpty(), qPrintable(QStringLiteral("%1, step 1 answered: %2").arg(QLatin1String(name), cutTexts(guide).join(QStringLiteral("; ")))));
        window->session()->stop();  // another lab is chosen only between runs
        QTRY_VERIFY_WITH_TIMEOUT(!window->session()->busy(), kTimeout_ms);
    }
    QVERIFY(window->close());
}

// One list of keys: each one the presenter view lists under the Guide is bound in the window
// to the action it names, the list holds every Guide and run key, and the Guide buttons'
// tooltips name the keys their actions have (no key that is bound to nothing).
void GuiPresenterTest::keysAgree() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("keys.sqlite3")).toStdString());
    archlab::MainWindow window(labs(), &store);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setPresenterMode(true);
    archlab::GuidePanel* guide = window.guidePanel();
    auto* list = guide->findChild<QLabel*>(QStringLiteral("guideKeys"));
    QVERIFY(list && list->isVisible());
    const QString shown = guide->keyList();
    const auto action_for = [&window](const QKeySequence& key) -> QAction* {
        for (QAction* a : window.findChildren<QAction*>()) {
            if (a->shortcut() == key) return a;
        }
        return nullptr;
    };
    for (const archlab::WorkshopKey& k : archlab::workshop_keys()) {
        QVERIFY2(shown.contains(k.name + QStringLiteral(" ") + k.what), qPrintable(k.name + QStringLiteral(": ") + shown));
        QVERIFY2(action_for(k.key) != nullptr, qPrintable(k.name + QStringLiteral(" is bound to nothing")));
    }
    // Every Guide-menu key is listed, and each Guide button says its action's key.
    for (const char* name : {"F7", "F8", "F9", "Page Up", "Page Down", "F11", "F5", "Shift+F5", "F6"}) {
        QVERIFY2(shown.contains(QLatin1String(name)), name);
    }
    const struct {
        const char* button;
        QKeyCombination key;
        const char* action;
    } buttons[] = {{"guidePlay", archlab::keys::kGuidePlay, "&Play step"},
                   {"guideNext", archlab::keys::kGuideNext, "&Next step"},
                   {"guideBack", archlab::keys::kGuideBack, "&Back"},
                   {"guideRestart", archlab::keys::kGuideRestart, "&Restart step"}};
    for (const auto& b : buttons) {
        auto* button = guide->findChild<QAbstractButton*>(QLatin1String(b.button));
        QVERIFY(button);
        QVERIFY2(button->toolTip().contains(QStringLiteral("(%1)").arg(archlab::key_name(b.key))), qPrintable(button->toolTip()));
        QAction* bound = action_for(QKeySequence(b.key));
        QVERIFY(bound);
        QCOMPARE(bound->text(), QLatin1String(b.action));
    }
    QVERIFY(!guide->findChild<QAbstractButton*>(QStringLiteral("guidePlay"))->toolTip().contains(QStringLiteral("Space")));
    window.setPresenterMode(false);
    QVERIFY(!list->isVisible());
}

// The two-phase-commit scenario kills the coordinator at the very start of step 2: while step 1
// is answered (the run held at its end) nothing is killed yet; the caption comes once step 2 is
// played, with the fault's run time and node.
void GuiPresenterTest::faultAtStepStartCaptionedWhenPlayed() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("caption.sqlite3")).toStdString());
    auto window = std::make_unique<archlab::MainWindow>(labs(), &store);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    QString why;
    QVERIFY2(window->openGuidedScenario(scenario("transactions-guided-2pc-coordinator"), &why), qPrintable(why));
    window->setPresenterMode(true);
    archlab::GuidePanel* guide = window->guidePanel();
    auto* result = guide->findChild<QLabel*>(QStringLiteral("guideResult"));
    guide->play();
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms);
    const archlab::RunController* ctl = window->session()->controller();
    QVERIFY(ctl);
    QCOMPARE(ctl->elapsed_s(), 3.0);  // held at step 1's end, where step 2 and its kill begin
    QCoreApplication::processEvents();  // what the window has queued while the room reads step 2
    QCOMPARE(ctl->elapsed_s(), 3.0);     // still held: the run does not move without Play
    for (const archlab::RunEvent& e : ctl->events()) QVERIFY2(e.text.rfind("fault: ", 0) != 0, e.text.c_str());
    QVERIFY2(!window->presenterView()->caption().contains(QStringLiteral("killed")), qPrintable(window->presenterView()->caption()));

    guide->next();
    guide->play();
    QTRY_VERIFY_WITH_TIMEOUT(window->presenterView()->caption().contains(QStringLiteral("coordinator killed")), kTimeout_ms);
    QVERIFY2(window->presenterView()->caption().contains(QStringLiteral("3.0 s")), qPrintable(window->presenterView()->caption()));
    window->session()->stop();
    QTRY_VERIFY_WITH_TIMEOUT(!window->session()->busy(), kTimeout_ms);
    QVERIFY(window->close());
}

// The caching stampede played in the window with a guess for step 1 and step 3 reached out of
// order: the finished run's stored summary holds the guide exactly as the CLI writes it for the
// same guess, and a bundle exported from the History carries it (guide.json, the report).
void GuiPresenterTest::guidedRunKeepsTheGuide() {
    archlab::RunStore store(dir_.filePath(QStringLiteral("guide.sqlite3")).toStdString());
    auto window = std::make_unique<archlab::MainWindow>(labs(), &store);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    auto* speed = window->findChild<QComboBox*>(QStringLiteral("speed"));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    const QString file = scenario("caching-guided-stampede");
    QString why;
    QVERIFY2(window->openGuidedScenario(file, &why), qPrintable(why));
    archlab::GuidePanel* guide = window->guidePanel();
    auto* result = guide->findChild<QLabel*>(QStringLiteral("guideResult"));
    QSignalSpy recorded(window->guideDriver(), &archlab::GuideDriver::guideRecorded);

    QVERIFY2(guide->setGuessText(QStringLiteral("40"), &why), qPrintable(why));
    guide->play();
    QTRY_VERIFY_WITH_TIMEOUT(result->isVisible() && result->text().contains(QStringLiteral("Measured")), kTimeout_ms);
    guide->next();
    guide->next();
    guide->play();  // step 3 out of order: a new run, at full speed to its start, ends with the run
    QTRY_VERIFY_WITH_TIMEOUT(!recorded.isEmpty() && window->session()->state() == RunSession::State::Finished, kTimeout_ms);
    const qint64 id = recorded.last().at(0).toLongLong();
    QCOMPARE(id, static_cast<qint64>(window->session()->controller()->run_id()));
    const std::optional<archlab::RunRecord> record = store.load_run(id);
    QVERIFY(record && record->summary.contains("guide"));
    const nlohmann::json& guide_json = record->summary["guide"];
    QCOMPARE(guide_json["steps"].size(), std::size_t{3});
    QCOMPARE(guide_json["steps"][0]["guess"].get<double>(), 40.0);
    QVERIFY(guide_json["steps"][0]["measured_value"].is_number());
    QVERIFY(guide_json["steps"][2]["played"].get<bool>());
    QVERIFY(!guide_json["steps"][1].contains("guess"));

    // The CLI's run of the same scenario with the same guess: the same guide, value for value.
    const QString out = dir_.filePath(QStringLiteral("cli-run"));
    QProcess cli;
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ARCHLAB_STORE"), dir_.filePath(QStringLiteral("cli.sqlite3")));
    cli.setProcessEnvironment(env);
    cli.start(QStringLiteral(ARCHLAB_CLI_PATH),
              {QStringLiteral("run"), file, QStringLiteral("--answer"), QStringLiteral("1=40"), QStringLiteral("--no-charts"),
               QStringLiteral("--out"), out});
    QVERIFY(cli.waitForFinished(kTimeout_ms));
    QCOMPARE(cli.exitCode(), 0);
    std::ifstream summary_file((out + QStringLiteral("/summary.json")).toStdString());
    const nlohmann::json cli_summary = nlohmann::json::parse(summary_file);
    QVERIFY2(cli_summary["guide"] == guide_json, (cli_summary["guide"].dump() + "\nvs\n" + guide_json.dump()).c_str());

    // Exported from the History: guide.json and the report carry the room's answers.
    const QString bundle_path = dir_.filePath(QStringLiteral("guided.archlab"));
    archlab::BundleJob* job = archlab::BundleJob::exportRuns(store, labs(), {id}, bundle_path, false, window.get());
    QSignalSpy done(job, &archlab::BundleJob::finished);
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), kTimeout_ms);
    QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
    const archlab::RunBundle bundle = archlab::read_bundle(bundle_path.toStdString());
    QVERIFY(bundle.guide == guide_json);
    QVERIFY(bundle.report_html.find("<h2 id=\"guide\">") != std::string::npos);
    QVERIFY(bundle.report_html.find(guide_json["steps"][0]["question"].get<std::string>()) != std::string::npos);
    QVERIFY(bundle.report_html.find(guide_json["steps"][0]["guess_text"].get<std::string>()) != std::string::npos);
    QVERIFY(bundle.report_html.find(guide_json["steps"][0]["measured_text"].get<std::string>()) != std::string::npos);
    QVERIFY(window->close());
}

// Offscreen, with a 1366x768 and a 1920x1080 screen side by side and no window frames, so a
// window in presenter view fills exactly the screen it is on.
int main(int argc, char** argv) {
    QTemporaryDir config_dir;
    const QString config = config_dir.filePath(QStringLiteral("screens.json"));
    {
        std::ofstream out(config.toStdString());
        out << R"({"windowFrameMargins": false, "screens": [)"
            << R"({"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpiX": 96, "logicalDpiY": 96},)"
            << R"({"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpiX": 96, "logicalDpiY": 96}]})";
    }
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    QApplication app(argc, argv);
    GuiPresenterTest test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "test_gui_presenter.moc"
