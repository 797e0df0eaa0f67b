// What a person trips over in the window, kept fixed, offscreen: after a failover the topology
// and the lag chart's legend name the new primary; faults are marked on every live chart and in
// the history's overlay, whose legend names the knobs that differ and which can align runs by
// their first fault; a run's settings load back from the history; the event log starts empty
// for each run and numbers its lines; a lab switch starts its charts at the top; long chart
// titles are never cut; a chart whose lines stopped says since when; the topology keeps rate
// labels off the nodes and off each other, and a click still picks the node under it when zoomed;
// a lab's own fault action is offered only on nodes it applies to; the explain text's
// command-line faults are links; the presenter view's charts name roles and mark faults too;
// a chart of twelve nodes names every one whole, at 1366x768 and 1920x1080.
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

#include "core/lab/lab_registry.h"
#include "core/store/run_store.h"
#include "labs/register_labs.h"
#include "views/chart_panel.h"
#include "views/compare_chart.h"
#include "views/event_log_panel.h"
#include "views/explain_panel.h"
#include "views/fault_panel.h"
#include "views/knob_panel.h"
#include "views/live_chart.h"
#include "views/main_window.h"
#include "views/presenter_view.h"
#include "views/run_history_panel.h"
#include "views/series_window.h"
#include "views/topology_view.h"

namespace {
const bool kOffscreen = [] {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();
constexpr int kTimeout_ms = 30000;

using archlab::RunSession;

const archlab::TopologyNode* node_named(const archlab::TopologySnapshot& s, const std::string& name) {
    for (const archlab::TopologyNode& n : s.nodes) {
        if (n.name == name) return &n;
    }
    return nullptr;
}

/// Runs the replication lab in virtual time for 6 s with replica-2 promoted at the start; the
/// window is left showing the finished run. Returns the run id, 0 on failure.
std::int64_t run_failover(archlab::MainWindow& window, const QString& batch_ms) {
    if (!window.selectLab("replication")) return 0;
    auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
    auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
    auto* length = window.findChild<QComboBox*>(QStringLiteral("length"));
    if (!time_mode || !speed || !length) return 0;
    time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
    speed->setCurrentIndex(speed->findData(0.0));  // held at 0 s until the fault is queued
    length->setCurrentIndex(length->findData(10));
    if (!window.knobPanel()->setKnobText("repl_batch_ms", batch_ms.toStdString())) return 0;
    window.startRun();
    if (!QTest::qWaitFor([&] { return window.session()->state() == RunSession::State::Running; }, kTimeout_ms)) return 0;
    archlab::FaultEvent promote;
    promote.action = "promote";
    promote.target = "replica-2";
    QString why;
    if (!window.session()->inject(promote, &why)) return 0;
    const std::int64_t id = window.session()->controller()->run_id();
    speed->setCurrentIndex(speed->findData(10.0));
    return id;
}
}  // namespace

class GuiWindowFixesTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void failoverShowsRolesMarksAndLog();
    void historyComparesByKnobsAndLoadsSettings();
    void labSwitchStartsAtTheTop();
    void chartSaysWhenItsLinesStopped();
    void topologyLabelsStayClearAndZoomPicks();
    void explainFaultsAreLinks();
    void twelveNodeLegendWhole();
    void presenterChartsShowRolesAndMarks();  // last: its run would be among the newest two the history compares

private:
    QTemporaryDir dir_;
    std::unique_ptr<archlab::RunStore> store_;
    archlab::LabRegistry labs_;
    std::int64_t first_run_ = 0;
};

void GuiWindowFixesTest::initTestCase() {
    QVERIFY(kOffscreen);
    QVERIFY(dir_.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("ArchLab"));
    QCoreApplication::setApplicationName(QStringLiteral("ArchLabGuiFixesTest"));
    store_ = std::make_unique<archlab::RunStore>(dir_.filePath(QStringLiteral("runs.sqlite3")).toStdString());
    archlab::register_all_labs(labs_);
}

void GuiWindowFixesTest::failoverShowsRolesMarksAndLog() {
    archlab::MainWindow window(labs_, store_.get());
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    first_run_ = run_failover(window, QStringLiteral("50"));
    QVERIFY(first_run_ > 0);

    // While it runs: the topology and the lag legend name the new primary, and the old one's role.
    QTRY_VERIFY_WITH_TIMEOUT(node_named(window.topologyView()->drawn(), "replica-2") &&
                                 node_named(window.topologyView()->drawn(), "replica-2")->role == "primary",
                             kTimeout_ms);
    QCOMPARE(node_named(window.topologyView()->drawn(), "primary")->role, std::string("replica"));
    archlab::LiveChart* lag = window.chartPanel()->chart("lag_ms");
    QVERIFY(lag);
    QTRY_VERIFY_WITH_TIMEOUT(lag->lineNames().contains(QStringLiteral("replica-2 → primary")), kTimeout_ms);
    QVERIFY(lag->lineNames().contains(QStringLiteral("primary → replica")));
    QVERIFY(lag->lineNames().contains(QStringLiteral("replica-1")));  // a replica named so needs no word
    // Every chart marks the promote.
    QTRY_VERIFY_WITH_TIMEOUT(lag->shownMarks() == QStringList{QStringLiteral("promote replica-2")}, kTimeout_ms);
    archlab::LiveChart* latency = window.chartPanel()->chart("latency");
    QVERIFY(latency);
    QTRY_COMPARE_WITH_TIMEOUT(latency->shownMarks(), QStringList{QStringLiteral("promote replica-2")}, kTimeout_ms);
    // The primary chart names nodes on its axis rather than counting 0 to 1.25.
    QVERIFY(window.chartPanel()->chart("primary"));
    QCOMPARE(window.chartPanel()->chart("primary")->spec().levels.front(), std::string("primary"));

    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
    // The finished run (from its summary) is marked the same way, and the recorded topology keeps roles.
    QCOMPARE(lag->shownMarks(), QStringList{QStringLiteral("promote replica-2")});
    QCOMPARE(node_named(window.topologyView()->drawn(), "replica-2")->role, std::string("primary"));

    // The log is this run's: headed with its number, its events numbered.
    const QString log = window.eventLog()->text();
    QVERIFY2(log.startsWith(QStringLiteral("── Run #%1 ").arg(first_run_)), qPrintable(log.left(200)));
    QVERIFY(log.contains(QStringLiteral("fault: promote replica-2")));
    QVERIFY(log.contains(QStringLiteral("\n#%1 ").arg(first_run_)));

    // A second run (another batch size) empties the log first.
    const std::int64_t second = run_failover(window, QStringLiteral("200"));
    QVERIFY(second > first_run_);
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
    QVERIFY(!window.eventLog()->text().contains(QStringLiteral("Run #%1 ").arg(first_run_)));
    QVERIFY(window.eventLog()->text().startsWith(QStringLiteral("── Run #%1 ").arg(second)));
}

// Load balancing over twelve nodes, node-7 killed: the per-node chart's legend names all twelve
// whole (node-7 with its role) in the wrapped legend under the chart, whatever the window size.
void GuiWindowFixesTest::twelveNodeLegendWhole() {
    for (const QSize size : {QSize(1366, 768), QSize(1920, 1080)}) {
        archlab::MainWindow window(labs_, store_.get());
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectLab("load-balancing"));
        QVERIFY(window.knobPanel()->setKnobText("nodes", "12"));
        auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
        auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
        auto* length = window.findChild<QComboBox*>(QStringLiteral("length"));
        time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
        speed->setCurrentIndex(speed->findData(0.0));  // held at 0 s until the fault is in
        length->setCurrentIndex(length->findData(10));
        window.startRun();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Running, kTimeout_ms);
        archlab::FaultEvent kill;
        kill.action = "kill";
        kill.target = "node-7";
        QString why;
        QVERIFY2(window.session()->inject(kill, &why), qPrintable(why));
        speed->setCurrentIndex(speed->findData(10.0));
        archlab::LiveChart* per_node = window.chartPanel()->chart("per_node");
        QVERIFY(per_node);
        QTRY_VERIFY_WITH_TIMEOUT(per_node->lineNames().contains(QStringLiteral("node-7 → out of pool")), kTimeout_ms);
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
        QCoreApplication::processEvents();
        const QString legend = per_node->wrappedLegend();
        for (const QString& name : per_node->lineNames()) {
            QVERIFY2(legend.contains(name), qPrintable(QStringLiteral("%1: '%2' not in '%3'").arg(size.width()).arg(name, legend)));
        }
        QCOMPARE(per_node->lineNames().size(), 12);
        auto* label = per_node->findChild<QLabel*>(QStringLiteral("chartLegend"));
        QVERIFY(label && label->isVisible());
        QVERIFY2(label->heightForWidth(label->width()) <= label->height() + 1,
                 qPrintable(QStringLiteral("legend needs %1 px high, has %2").arg(label->heightForWidth(label->width())).arg(label->height())));
        QVERIFY(label->font().pointSizeF() >= 9.0 || label->font().pixelSize() >= 12);
    }
}

// The presenter view's charts say what the normal window's say: the lag legend names the new
// primary, and the promote is marked, while the run goes and once it ended.
void GuiWindowFixesTest::presenterChartsShowRolesAndMarks() {
    archlab::MainWindow window(labs_, store_.get());
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setPresenterMode(true);
    QVERIFY(run_failover(window, QStringLiteral("50")) > 0);
    archlab::PresenterView* presenter = window.presenterView();
    QVERIFY(presenter->chooseChart(0, "lag_ms"));
    QVERIFY(presenter->chooseChart(1, "latency"));
    archlab::LiveChart* lag = presenter->chart(0);
    QVERIFY(lag);
    QTRY_VERIFY_WITH_TIMEOUT(lag->lineNames().contains(QStringLiteral("replica-2 → primary")), kTimeout_ms);
    QVERIFY(lag->lineNames().contains(QStringLiteral("primary → replica")));
    QVERIFY2(presenter->legendText(0).contains(QStringLiteral("replica-2 → primary")), qPrintable(presenter->legendText(0)));
    QTRY_COMPARE_WITH_TIMEOUT(lag->shownMarks(), QStringList{QStringLiteral("promote replica-2")}, kTimeout_ms);
    QTRY_COMPARE_WITH_TIMEOUT(presenter->chart(1)->shownMarks(), QStringList{QStringLiteral("promote replica-2")}, kTimeout_ms);
    window.session()->stop();  // the marks of the ended run come from its summary
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
    QCOMPARE(presenter->chart(0)->shownMarks(), QStringList{QStringLiteral("promote replica-2")});
    QVERIFY(presenter->legendText(0).contains(QStringLiteral("replica-2 → primary")));
    window.setPresenterMode(false);
}

void GuiWindowFixesTest::historyComparesByKnobsAndLoadsSettings() {
    archlab::MainWindow window(labs_, store_.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.showPage(1);
    window.historyPanel()->refresh();
    QVERIFY(window.historyPanel()->runCount() >= 2);
    window.historyPanel()->selectNewest(2);
    archlab::CompareChart* compare = window.historyPanel()->compareChart();
    QVERIFY(compare->setColumn("throughput_rps"));
    QCOMPARE(compare->lineCount(), 2);
    const QStringList names = compare->lineNames();
    QVERIFY2(names.filter(QStringLiteral("repl_batch_ms=50")).size() == 1, qPrintable(names.join(QStringLiteral(" | "))));
    QVERIFY(names.filter(QStringLiteral("repl_batch_ms=200")).size() == 1);
    // Ticks on round numbers (1, 2, 2.5, 5 x 10^k), not 18/35/53.
    const double step = compare->xTickStep();
    const double mant = step / std::pow(10.0, std::floor(std::log10(step)));
    QVERIFY2(std::fabs(mant - 1) < 1e-9 || std::fabs(mant - 2) < 1e-9 || std::fabs(mant - 2.5) < 1e-9 ||
                 std::fabs(mant - 5) < 1e-9,
             qPrintable(QString::number(step)));
    // Each run's promote is marked, labelled with its run; aligned by their first fault, both
    // runs are still drawn (both had one) and both marks fall at 0 s.
    QTRY_COMPARE(compare->shownMarks().filter(QStringLiteral("promote replica-2")).size(), 2);
    QVERIFY(compare->shownMarks().contains(QStringLiteral("#%1 promote replica-2").arg(first_run_)));
    compare->setAlignByFault(true);
    QCOMPARE(compare->lineCount(), 2);
    QTRY_COMPARE(compare->shownMarks().size(), 2);

    // "Run again with these settings": the first run's knob, seed and time mode come back.
    QVERIFY(window.selectLab("queueing"));
    QVERIFY(window.loadRunSettings(first_run_));
    QCOMPARE(QString::fromStdString(window.currentLab()->info().id), QStringLiteral("replication"));
    QCOMPARE(window.knobPanel()->settings().get_double("repl_batch_ms"), 50.0);
    auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
    QCOMPARE(time_mode->currentData().toString(), QStringLiteral("virtual"));

    // A third run selected: a third line, not a legend entry without one, each named by its knob.
    const std::int64_t third = run_failover(window, QStringLiteral("100"));
    QVERIFY(third > 0);
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
    window.historyPanel()->refresh();
    window.historyPanel()->selectNewest(3);
    QVERIFY(compare->setColumn("throughput_rps"));
    QCOMPARE(compare->lineCount(), 3);
    const QStringList three = compare->lineNames();
    QCOMPARE(three.size(), 3);
    for (const char* batch : {"repl_batch_ms=50", "repl_batch_ms=100", "repl_batch_ms=200"}) {
        QVERIFY2(three.filter(QString::fromLatin1(batch)).size() == 1, qPrintable(three.join(QStringLiteral(" | "))));
    }
}

void GuiWindowFixesTest::labSwitchStartsAtTheTop() {
    archlab::MainWindow window(labs_, nullptr);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectLab("caching"));
    QScrollBar* bar = window.chartPanel()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    bar->setValue(bar->maximum());
    QVERIFY(window.selectLab("queueing"));
    QCOMPARE(bar->value(), 0);
    // A long title is shown whole, wrapped above its plot.
    QVERIFY(window.selectLab("caching"));
    archlab::LiveChart* hit = window.chartPanel()->chart("hit_ratio");
    QVERIFY(hit);
    QCOMPARE(hit->title(), QString::fromStdString(hit->spec().title));
    auto* title = hit->findChild<QLabel*>(QStringLiteral("chartTitle"));
    QVERIFY(title && title->wordWrap());
    QTRY_VERIFY(title->height() >= title->heightForWidth(title->width()));
}

void GuiWindowFixesTest::chartSaysWhenItsLinesStopped() {
    archlab::ChartSpec spec;
    spec.id = "latency";
    spec.title = "Latency";
    spec.unit = "ms";
    spec.series = {"latency_p99_ms"};
    archlab::LiveChart chart(spec);
    chart.resize(500, 300);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    archlab::SeriesSnapshot snap;
    snap.columns = {"latency_p99_ms"};
    const double nan = std::nan("");
    for (int i = 0; i <= 20; ++i) snap.rows.push_back({i * 0.25, {i <= 8 ? 12.0 : nan}});
    archlab::SeriesWindow window;
    window.loadAll(snap);
    chart.refresh(window);
    QVERIFY2(chart.gapText().contains(QStringLiteral("No answers since 2.0 s")), qPrintable(chart.gapText()));
    // Values again: the words go.
    snap.rows.push_back({5.25, {11.0}});
    window.loadAll(snap);
    chart.refresh(window);
    QVERIFY(chart.gapText().isEmpty());
    // Never an answer (every order timed out from the start): said, not an empty plot.
    archlab::SeriesSnapshot none;
    none.columns = {"latency_p99_ms"};
    for (int i = 0; i <= 3; ++i) none.rows.push_back({i * 0.25, {nan}});
    window.loadAll(none);
    chart.refresh(window);
    QVERIFY2(chart.gapText().isEmpty(), qPrintable(chart.gapText()));  // under a second: too soon to say
    none.rows.push_back({1.5, {nan}});
    window.loadAll(none);
    chart.refresh(window);
    QVERIFY2(chart.gapText().startsWith(QStringLiteral("No answers yet")), qPrintable(chart.gapText()));
    // A chart of something that may rightly not have happened yet (a lock wait under a saga, a
    // detection delay before any kill) says nothing of answers.
    archlab::ChartSpec other = spec;
    other.id = "locks";
    other.series = {"latency_p99_ms"};
    archlab::LiveChart quiet(other);
    quiet.resize(500, 300);
    quiet.show();
    QVERIFY(QTest::qWaitForWindowExposed(&quiet));
    quiet.refresh(window);
    QVERIFY2(quiet.gapText().isEmpty(), qPrintable(quiet.gapText()));
}

void GuiWindowFixesTest::topologyLabelsStayClearAndZoomPicks() {
    archlab::MainWindow window(labs_, nullptr);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectLab("replication"));
    auto* time_mode = window.findChild<QComboBox*>(QStringLiteral("timeMode"));
    auto* speed = window.findChild<QComboBox*>(QStringLiteral("speed"));
    time_mode->setCurrentIndex(time_mode->findData(QStringLiteral("virtual")));
    speed->setCurrentIndex(speed->findData(10.0));
    window.startRun();
    archlab::TopologyView* topo = window.topologyView();
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->state() == RunSession::State::Running && topo->drawn().links.size() >= 4,
                             kTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(window.seriesWindow().last_t_s() > 2.0, kTimeout_ms);
    // The lab's own action is offered only where it applies: Promote on a data node, not the client.
    auto* faults = window.findChild<archlab::FaultPanel*>();
    auto* promote = window.findChild<QPushButton*>(QStringLiteral("action-promote"));
    QVERIFY(faults && promote);
    faults->selectNode("client");
    QVERIFY(!promote->isEnabled());
    faults->selectNode("replica-2");
    QVERIFY(promote->isEnabled());
    window.stopRun();
    QTRY_COMPARE_WITH_TIMEOUT(window.session()->state(), RunSession::State::Finished, kTimeout_ms);
    topo->grab();  // paints: places the labels
    const std::vector<QRectF> boxes = topo->boxRects();
    const std::vector<QRectF>& labels = topo->labelRects();
    QVERIFY(!labels.empty());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (const QRectF& b : boxes) QVERIFY2(!labels[i].intersects(b), "a rate label covers a node");
        for (std::size_t j = i + 1; j < labels.size(); ++j) QVERIFY2(!labels[i].intersects(labels[j]), "two rate labels overlap");
    }
    // Zoomed in around a node, a click on where it is now drawn still picks it.
    const auto& drawn = topo->drawn();
    int replica = -1;
    for (std::size_t b = 0; b < drawn.boxes.size(); ++b) {
        if (drawn.boxes[b].node >= 0 && drawn.nodes[static_cast<std::size_t>(drawn.boxes[b].node)].name == "replica-1") replica = static_cast<int>(b);
    }
    QVERIFY(replica >= 0);
    const QPointF centre = boxes[static_cast<std::size_t>(replica)].center();
    const QPointF pointer = centre + QPointF(30, 10);
    topo->zoomAt(2.5, pointer);
    QCOMPARE(topo->zoom(), 2.5);
    // The point under the pointer stays put; the node's centre moves 2.5 times as far from it.
    const QPointF shown = pointer + (centre - pointer) * 2.5;
    QTest::mouseClick(topo, Qt::LeftButton, {}, shown.toPoint());
    QCOMPARE(topo->selectedNode(), std::string("replica-1"));
    topo->zoomAt(1.0, pointer);
    QCOMPARE(topo->zoom(), 1.0);
}

void GuiWindowFixesTest::explainFaultsAreLinks() {
    const archlab::Lab* lab = labs_.find("replication");
    QVERIFY(lab);
    const QString html = archlab::explain_html(lab->info());
    QVERIFY(html.contains(QStringLiteral("href=\"fault:3s%3Akill%3Aprimary\">kill primary</a>")));
    QVERIFY(!html.contains(QStringLiteral("(--fault")));
}

QTEST_MAIN(GuiWindowFixesTest)
#include "test_gui_window_fixes.moc"
