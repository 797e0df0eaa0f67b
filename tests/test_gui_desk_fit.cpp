// The window as a desk at 1366x768 sees it (issue 12, item 6), offscreen, with no timed waits
// (events are processed until the run gets where the test needs it):
//  - a guided step played to its end leaves the run held there, and the status bar says so
//    rather than "Running";
//  - a chart whose every request timed out says so in a band above the plot, covering no line;
//  - the topology's text is 9 pt or more, and with 12 and more nodes (the partitioning lab with
//    ten shards, the load-balancing lab with sixteen nodes) no node, name or rate label overlaps
//    another and no node name is cut short;
//  - every lab's window fits a 1366x768 screen: nothing is pushed off its bottom or right edge,
//    also while a lab runs (its topology's names, its table, its own fault actions shown), and
//    no dock is narrower than its form nor a column of the transactions table than its words.
#include <QComboBox>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QHeaderView>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"
#include "labs/register_labs.h"
#include "tests/lab_runs.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/knob_panel.h"
#include "views/live_chart.h"
#include "views/main_window.h"
#include "views/run_session.h"
#include "views/series_window.h"
#include "views/status_readout.h"
#include "views/topology_view.h"

using archlab::RunSession;

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
/// A bound on a run that never gets there (a failure), not a pace the test depends on.
constexpr int kGiveUp_ms = 120000;
const QSize kLaptop(1366, 768);

/// Processes the window's events (frames, the run's queued state changes) until `done`.
template <class Done>
bool process_until(Done done) {
    const QDeadlineTimer give_up(kGiveUp_ms);
    while (!done()) {
        if (give_up.hasExpired()) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

const archlab::LabRegistry& labs() { return lab_test::registry(); }

/// Chooses virtual time at full speed and a run of `length_s` seconds.
bool virtual_full_speed(archlab::MainWindow& window, int length_s) {
    auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
    auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
    auto* length = window.findChild<QComboBox*>(QStringLiteral("length"));
    if (!time_mode || !speed || !length) return false;
    time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    const int at = length->findData(length_s);
    if (at < 0) return false;
    length->setCurrentIndex(at);
    return true;
}
}  // namespace

class GuiDeskFitTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void heldStepIsNotRunning();
    void noAnswersCaptionCoversNoLine();
    void topologyReadableWithManyNodes_data();
    void topologyReadableWithManyNodes();
    void runningLabFitsALaptop_data();
    void runningLabFitsALaptop();
    void everyLabFitsALaptop();

private:
    QTemporaryDir dir_;
};

void GuiDeskFitTest::initTestCase() {
    QVERIFY(kOffscreen);
    QVERIFY(dir_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ArchLab"));
    QCoreApplication::setApplicationName(QStringLiteral("ArchLabGuiDeskFitTest"));
}

// The queueing lab's guided scenario: step 1 played at full speed ends held at its end, where
// the status bar says so; played on (step 2), it runs again.
void GuiDeskFitTest::heldStepIsNotRunning() {
    archlab::MainWindow window(labs(), nullptr);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
    speed->setCurrentIndex(speed->findData(archlab::kMaxSpeed));
    QString why;
    QVERIFY2(window.openGuidedScenario(QStringLiteral(ARCHLAB_SOURCE_DIR "/resources/scenarios/queueing-guided-kill-worker.json"), &why),
             qPrintable(why));
    auto* readout = window.findChild<archlab::StatusReadout*>();
    QVERIFY(readout);
    archlab::GuidePanel* guide = window.guidePanel();
    guide->showStep(0);
    guide->play();
    QVERIFY(process_until([&] { return window.guideDriver()->playing() == -1 && window.guideDriver()->heldAfterStep() == 0; }));
    QCOMPARE(window.session()->state(), RunSession::State::Running);  // the run itself goes on, held
    QVERIFY(process_until([&] { return readout->state() != RunSession::stateText(RunSession::State::Running); }));
    QCOMPARE(readout->state(), QStringLiteral("Held at the end of step 1"));
    // The next step played: running again, then held at its own end.
    guide->showStep(1);
    guide->play();
    QVERIFY(process_until([&] { return window.guideDriver()->playing() == -1; }));
    QVERIFY(process_until([&] { return readout->state() != QStringLiteral("Held at the end of step 1"); }));
    QVERIFY2(readout->state() == QStringLiteral("Held at the end of step 2") || readout->state() == QStringLiteral("Finished"),
             qPrintable(readout->state()));
    window.session()->stop();
    QVERIFY(process_until([&] { return !window.session()->busy(); }));
}

// Every request timed out from 2 s on: the words say so above the plot, inside the chart, in
// a readable size, and the plot (its lines) starts below them.
void GuiDeskFitTest::noAnswersCaptionCoversNoLine() {
    for (const int width : {320, 500, 900}) {
        archlab::ChartSpec spec;
        spec.id = "latency";
        spec.title = "Latency";
        spec.unit = "ms";
        spec.series = {"latency_p50_ms", "latency_p99_ms"};
        archlab::LiveChart chart(spec);
        chart.resize(width, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        archlab::SeriesSnapshot snap;
        snap.columns = spec.series;
        const double nan = std::nan("");
        for (int i = 0; i <= 40; ++i) snap.rows.push_back({i * 0.25, {i <= 8 ? 5.0 : nan, i <= 8 ? 12.0 : nan}});
        archlab::SeriesWindow series;
        series.loadAll(snap);
        chart.refresh(series);
        QCoreApplication::processEvents();  // the chart lays its plot out below the band
        chart.refresh(series);
        QVERIFY2(chart.gapText().startsWith(QStringLiteral("No answers since 2.0 s")), qPrintable(chart.gapText()));
        // The status bar's p99 is the newest sample's: none, not the last one answered.
        QVERIFY(!series.newest("latency_p99_ms"));
        QCOMPARE(series.last("latency_p99_ms").value_or(0.0), 12.0);
        const QRectF words = chart.gapRect();
        const QRectF plot = chart.plotArea();
        QVERIFY(!words.isEmpty());
        QVERIFY2(words.bottom() <= plot.top(), qPrintable(QStringLiteral("width %1: words end at %2, plot starts at %3")
                                                               .arg(width).arg(words.bottom()).arg(plot.top())));
        QVERIFY2(words.left() >= 0 && words.right() <= width, qPrintable(QStringLiteral("width %1: words %2..%3")
                                                                          .arg(width).arg(words.left()).arg(words.right())));
        // Answers again: the words and their band go, and the plot takes the room back.
        snap.rows.push_back({10.25, {4.0, 11.0}});
        series.loadAll(snap);
        chart.refresh(series);
        QCoreApplication::processEvents();
        QVERIFY(chart.gapText().isEmpty());
        QVERIFY(chart.plotArea().top() < plot.top());
    }
}

void GuiDeskFitTest::topologyReadableWithManyNodes_data() {
    QTest::addColumn<QString>("lab");
    QTest::addColumn<QStringList>("knobs");
    QTest::addColumn<int>("min_nodes");
    QTest::newRow("partitioning, 10 shards") << QStringLiteral("partitioning")
                                             << QStringList{QStringLiteral("shards=8"), QStringLiteral("spare_shards=2")} << 12;
    QTest::newRow("load-balancing, 16 nodes") << QStringLiteral("load-balancing") << QStringList{QStringLiteral("nodes=16")} << 18;
    // Seven nodes beside the latest orders' table: "coordinator" is shown whole.
    QTest::newRow("transactions, beside its table") << QStringLiteral("transactions") << QStringList{} << 7;
}

void GuiDeskFitTest::topologyReadableWithManyNodes() {
    QFETCH(QString, lab);
    QFETCH(QStringList, knobs);
    QFETCH(int, min_nodes);
    archlab::MainWindow window(labs(), nullptr);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectLab(lab.toStdString()));
    for (const QString& k : knobs) {
        const QStringList kv = k.split(QLatin1Char('='));
        QVERIFY2(window.knobPanel()->setKnobText(kv[0].toStdString(), kv[1].toStdString()), qPrintable(k));
    }
    QVERIFY(virtual_full_speed(window, 10));
    window.startRun();
    QVERIFY(process_until([&] { return window.session()->state() == RunSession::State::Finished; }));
    QCoreApplication::processEvents();
    archlab::TopologyView* topo = window.topologyView();
    QVERIFY(static_cast<int>(topo->drawn().nodes.size()) >= min_nodes);
    topo->grab();  // paints: places the labels, counts what it cut short
    QVERIFY2(topo->smallestTextPt() >= 9.0, qPrintable(QString::number(topo->smallestTextPt())));
    QCOMPARE(topo->elidedTexts(), 0);
    const std::vector<QRectF> boxes = topo->boxRects();
    const std::vector<QRectF>& labels = topo->labelRects();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        for (std::size_t j = i + 1; j < boxes.size(); ++j) QVERIFY2(!boxes[i].intersects(boxes[j]), "two nodes overlap");
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (const QRectF& b : boxes) QVERIFY2(!labels[i].intersects(b), "a rate label covers a node");
        for (std::size_t j = i + 1; j < labels.size(); ++j) QVERIFY2(!labels[i].intersects(labels[j]), "two rate labels overlap");
    }
}

// A run of the transactions lab (its topology's names and its table of orders) and
// of the partitioning lab (its own fault actions, its long knob values) at a laptop's size: the
// window still fits the screen, no dock is narrower than its form (a knob's value or a fault
// button cut off at the side), and every column of the table whole and on screen. The status
// bar shows the lab's own rate (orders, key operations), not a dash for a column it lacks.
void GuiDeskFitTest::runningLabFitsALaptop_data() {
    QTest::addColumn<QString>("lab");
    QTest::addColumn<QString>("rate");
    QTest::addColumn<QStringList>("knobs");
    QTest::addColumn<bool>("sheds");
    QTest::newRow("transactions") << QStringLiteral("transactions") << QStringLiteral("completed \\d+ orders/s") << QStringList{} << false;
    QTest::newRow("partitioning") << QStringLiteral("partitioning") << QStringLiteral("throughput \\d+ ops/s") << QStringList{} << false;
    // A database queue of one: the status bar says jobs were shed, and the window still fits.
    QTest::newRow("transactions, shedding") << QStringLiteral("transactions") << QStringLiteral("completed \\d+ orders/s")
                                            << QStringList{QStringLiteral("db_queue_limit=1"), QStringLiteral("db_ms=2")} << true;
}

void GuiDeskFitTest::runningLabFitsALaptop() {
    QFETCH(QString, lab);
    QFETCH(QString, rate);
    QFETCH(QStringList, knobs);
    QFETCH(bool, sheds);
    archlab::MainWindow window(labs(), nullptr);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectLab(lab.toStdString()));
    for (const QString& k : knobs) {
        const QStringList kv = k.split(QLatin1Char('='));
        QVERIFY2(window.knobPanel()->setKnobText(kv[0].toStdString(), kv[1].toStdString()), qPrintable(k));
    }
    QVERIFY(virtual_full_speed(window, 10));
    window.startRun();
    QVERIFY(process_until([&] { return window.session()->state() == RunSession::State::Finished; }));
    QCoreApplication::processEvents();
    auto* readout = window.findChild<archlab::StatusReadout*>();
    QVERIFY(readout);
    QVERIFY2(QRegularExpression(QRegularExpression::anchoredPattern(rate)).match(readout->rate()).hasMatch(),
             qPrintable(readout->rate()));
    if (sheds) {
        QVERIFY2(QRegularExpression(QStringLiteral("^jobs shed \\d+$")).match(readout->jobsShed()).hasMatch(),
                 qPrintable(readout->jobsShed()));
    } else {
        QCOMPARE(readout->jobsShed(), QString());
    }
    const QSize need = window.minimumSizeHint().expandedTo(window.minimumSize());
    QVERIFY2(need.width() <= kLaptop.width() && need.height() <= kLaptop.height(),
             qPrintable(QStringLiteral("needs %1x%2").arg(need.width()).arg(need.height())));
    for (QDockWidget* dock : window.findChildren<QDockWidget*>()) {
        auto* scroll = qobject_cast<QScrollArea*>(dock->widget());
        if (!dock->isVisible() || !scroll || !scroll->widget()) continue;
        const int form = scroll->widget()->minimumSizeHint().width();
        QVERIFY2(scroll->viewport()->width() >= form, qPrintable(QStringLiteral("%1: %2 px for a form of %3")
                                                                   .arg(dock->windowTitle()).arg(scroll->viewport()->width()).arg(form)));
    }
    auto* panel = window.findChild<QWidget*>(QStringLiteral("itemTablePanel"));
    QVERIFY(panel);
    if (lab == QStringLiteral("transactions")) {
        QVERIFY(panel->isVisible());
        auto* table = panel->findChild<QTableWidget*>();
        QVERIFY(table && table->columnCount() > 0 && table->rowCount() > 0);
        for (int c = 0; c < table->columnCount(); ++c) {
            const QAbstractItemView* view = table;  // sizeHintForColumn is public there
            const int words = std::max(view->sizeHintForColumn(c), table->horizontalHeader()->sectionSizeHint(c));
            QVERIFY2(table->columnWidth(c) >= words, qPrintable(QStringLiteral("column %1: %2 px for %3")
                                                                   .arg(c).arg(table->columnWidth(c)).arg(words)));
        }
        // Every column on screen, none behind a sideways scroll: a transaction's steps are read
        // across the row (beside the topology when the row is wide enough, under it otherwise).
        QVERIFY2(table->horizontalHeader()->length() <= table->viewport()->width(),
                 qPrintable(QStringLiteral("columns %1 px in a %2 px table").arg(table->horizontalHeader()->length())
                                .arg(table->viewport()->width())));
        QVERIFY2(table->rowCount() == 0 || table->viewport()->height() >= 2 * table->rowHeight(0),
                 qPrintable(QStringLiteral("%1 px of rows").arg(table->viewport()->height())));
    }
}

// The window's smallest layout, with each lab's knobs, faults and notes, fits a laptop screen.
void GuiDeskFitTest::everyLabFitsALaptop() {
    archlab::MainWindow window(labs(), nullptr);
    window.resize(kLaptop);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    for (const archlab::Lab* lab : labs().all()) {
        QVERIFY(window.selectLab(lab->info().id));
        QCoreApplication::processEvents();
        const QSize need = window.minimumSizeHint().expandedTo(window.minimumSize());
        QVERIFY2(need.width() <= kLaptop.width() && need.height() <= kLaptop.height(),
                 qPrintable(QStringLiteral("%1 needs %2x%3").arg(QString::fromStdString(lab->info().id)).arg(need.width()).arg(need.height())));
    }
}

QTEST_MAIN(GuiDeskFitTest)
#include "test_gui_desk_fit.moc"
