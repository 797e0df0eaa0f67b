#include "views/ab_window.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cmath>

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QScreen>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/lab/ab_figures.h"
#include "core/lab/default_charts.h"
#include "views/ab_chart.h"
#include "views/ab_figures_table.h"
#include "views/knob_panel.h"
#include "views/workshop_keys.h"

namespace archlab {

namespace {
constexpr int kFrame_ms = 200;              ///< redraw period of charts, readout and banner
constexpr double kReadoutWindow_s = 10.0;   ///< while running, the readout averages this much run time
constexpr int kMinAbChartWidth_px = 380;      ///< charts are at least this wide; fewer columns otherwise
constexpr int kChartHeight_px = 250;

QScrollArea* scrolled(QWidget* panel, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return scroll;
}

/// Both sides' faults and knob changes for the charts: a mark both sides have (the same fault
/// at the same run time) once; one side's own (a live knob changed on that side) says which.
std::vector<RunMark> ab_marks(const std::vector<RunMark>& a, const std::vector<RunMark>& b) {
    const auto same = [](const RunMark& x, const RunMark& y) { return x.t_s == y.t_s && x.text == y.text && x.knob == y.knob; };
    std::vector<RunMark> out;
    for (const RunMark& m : a) {
        const bool shared = std::any_of(b.begin(), b.end(), [&](const RunMark& o) { return same(m, o); });
        out.push_back(shared ? m : RunMark{m.t_s, "A: " + m.text, m.knob});
    }
    for (const RunMark& m : b) {
        if (std::none_of(a.begin(), a.end(), [&](const RunMark& o) { return same(m, o); })) out.push_back(RunMark{m.t_s, "B: " + m.text, m.knob});
    }
    std::stable_sort(out.begin(), out.end(), [](const RunMark& x, const RunMark& y) { return x.t_s < y.t_s; });
    return out;
}

const char* kVirtualBanner = "background: #e3f2fd; color: #0d47a1; padding: 6px;";
const char* kLiveBanner = "background: #fff3e0; color: #8a4b00; padding: 6px;";
const char* kOverloadBanner = "background: #b71c1c; color: white; font-weight: bold; padding: 6px;";
}  // namespace

AbWindow::AbWindow(const Lab& lab, RunStore* store, QWidget* parent) : QMainWindow(parent, Qt::Window), lab_(lab) {
    setObjectName(QStringLiteral("abWindow"));
    setWindowTitle(tr("A/B run — %1").arg(QString::fromStdString(lab.info().title)));
    session_ = new AbSession(store, this);

    knobs_a_ = new KnobPanel(this);
    knobs_b_ = new KnobPanel(this);
    knobs_a_->setLab(lab.info());
    knobs_b_->setLab(lab.info());
    sides_ = new QTabWidget(this);
    sides_->addTab(scrolled(knobs_a_, this), tr("A knobs"));
    sides_->addTab(scrolled(knobs_b_, this), tr("B knobs"));
    sides_->setCurrentIndex(1);  // what differs is set on B
    differs_ = new QLabel(this);
    differs_->setObjectName(QStringLiteral("abDiffers"));
    differs_->setWordWrap(true);
    differs_->setStyleSheet(QStringLiteral("padding: 4px; font-weight: bold;"));
    auto* left = new QWidget(this);
    auto* left_layout = new QVBoxLayout(left);
    left_layout->setContentsMargins(0, 0, 0, 0);
    left_layout->addWidget(differs_);
    left_layout->addWidget(sides_, 1);

    banner_ = new QLabel(this);
    banner_->setObjectName(QStringLiteral("abBanner"));
    banner_->setWordWrap(true);
    figures_ = new AbFiguresTable(this);
    chart_host_ = new QWidget(this);
    chart_grid_ = new QGridLayout(chart_host_);
    chart_grid_->setContentsMargins(2, 2, 2, 2);
    chart_grid_->setSpacing(4);
    chart_scroll_ = new QScrollArea(this);
    chart_scroll_->setWidget(chart_host_);
    chart_scroll_->setWidgetResizable(true);
    chart_scroll_->setFrameShape(QFrame::NoFrame);
    auto* right = new QWidget(this);
    auto* right_layout = new QVBoxLayout(right);
    right_layout->setContentsMargins(0, 0, 0, 0);
    right_layout->setSpacing(4);
    right_layout->addWidget(banner_);
    right_layout->addWidget(figures_);
    right_layout->addWidget(chart_scroll_, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({280, 1000});
    setCentralWidget(split);
    state_ = new QLabel(this);
    statusBar()->addPermanentWidget(state_);

    buildToolBar();
    connect(session_, &AbSession::stateChanged, this, &AbWindow::onStateChanged);
    connect(session_, &AbSession::failed, this, [this](const QString& why) {
        statusBar()->showMessage(tr("The A/B run could not start: %1").arg(why));
    });
    connect(knobs_a_, &KnobPanel::knobChanged, this, [this](const QString& n, bool live) { onKnobChanged(AbSide::A, n, live); });
    connect(knobs_b_, &KnobPanel::knobChanged, this, [this](const QString& n, bool live) { onKnobChanged(AbSide::B, n, live); });
    setCharts(default_charts(lab), QStringLiteral("A"), QStringLiteral("B"));

    frame_ = new QTimer(this);
    frame_->setInterval(kFrame_ms);
    connect(frame_, &QTimer::timeout, this, &AbWindow::onFrame);
    frame_->start();

    const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
    // Most of a large screen (two sets of charts side by side need it), all of a laptop's.
    resize(std::min(avail.width(), std::max(1280, avail.width() * 85 / 100)),
           std::min(avail.height(), std::max(800, avail.height() * 85 / 100)));
    updateDiffers();
    updateActions();
    onFrame();
}

AbWindow::~AbWindow() {
    frame_->stop();
    delete session_;  // stops both sides and waits for them to be recorded
    session_ = nullptr;
}

void AbWindow::buildToolBar() {
    QStyle* s = style();
    start_ = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("Start A/B"), this);
    start_->setObjectName(QStringLiteral("abStart"));
    start_->setShortcut(keys::kStartRun);
    start_->setToolTip(tr("Start A and B at once: same seed and workload, the knobs of each tab (%1)").arg(key_name(keys::kStartRun)));
    stop_ = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this);
    stop_->setShortcut(keys::kStopRun);
    stop_->setToolTip(tr("End both runs; both are kept in the history (%1)").arg(key_name(keys::kStopRun)));
    step_ = new QAction(s->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"), this);
    step_->setShortcut(keys::kStepRun);
    step_->setToolTip(tr("Virtual time, held: run both sides on to the next sample (0.25 s) and hold again (%1)").arg(key_name(keys::kStepRun)));
    connect(start_, &QAction::triggered, this, [this] { start(); });
    connect(stop_, &QAction::triggered, this, &AbWindow::stop);
    connect(step_, &QAction::triggered, this, [this] {
        AbRun* run = session_->run();
        if (!run || run->time_mode() != TimeMode::Virtual || session_->state() != AbSession::State::Running) return;
        // Both sides to the same next sample instant, wherever each is held.
        const RunController* a = run->side(AbSide::A);
        const Nanos period(std::llround(1e9 / std::max(0.5, a->request().sample_hz)));
        const double ahead_s = std::max(a->elapsed_s(), run->side(AbSide::B)->elapsed_s());
        const auto samples = static_cast<std::int64_t>(std::floor(ahead_s * 1e9 / static_cast<double>(period.count()) + 1e-6));
        run->run_to(period * (samples + 1), kMaxSpeed);
    });

    auto* bar = addToolBar(tr("A/B"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({start_, stop_});
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Seed "), bar));
    seed_ = new QSpinBox(bar);
    seed_->setRange(1, INT_MAX);
    seed_->setToolTip(tr("Random seed of both sides: the same workload for A and B"));
    bar->addWidget(seed_);
    bar->addWidget(new QLabel(tr("  Length "), bar));
    length_ = new QComboBox(bar);
    length_->setObjectName(QStringLiteral("abLength"));
    length_->addItem(tr("until Stop"), 0);
    for (int s_len : {10, 30, 60, 120, 300}) length_->addItem(tr("%1 s").arg(s_len), s_len);
    length_->setCurrentIndex(2);
    bar->addWidget(length_);
    bar->addWidget(new QLabel(tr("  Time "), bar));
    time_mode_ = new QComboBox(bar);
    time_mode_->setObjectName(QStringLiteral("abTimeMode"));
    time_mode_->addItem(tr("Virtual"), QStringLiteral("virtual"));
    time_mode_->addItem(tr("Live"), QStringLiteral("live"));
    time_mode_->setToolTip(tr("Virtual: both sides on simulated clocks paced together, deterministic.\n"
                              "Live: both clusters at once on this machine, sharing its CPU."));
    connect(time_mode_, &QComboBox::currentIndexChanged, this, [this] { updateActions(); });
    bar->addWidget(time_mode_);
    bar->addWidget(new QLabel(tr("  Speed "), bar));
    speed_ = new QComboBox(bar);
    speed_->setObjectName(QStringLiteral("abSpeed"));
    speed_->addItem(tr("max"), kMaxSpeed);
    for (double x : {0.1, 1.0, 10.0, 100.0}) speed_->addItem(tr("%1x").arg(x), x);
    speed_->addItem(tr("hold"), 0.0);
    speed_->setCurrentIndex(2);
    speed_->setToolTip(tr("Virtual time only: both sides' virtual seconds per wall second; changes apply during the run"));
    connect(speed_, &QComboBox::currentIndexChanged, this, [this] {
        if (AbRun* run = session_->run(); run && !run->finished() && run->time_mode() == TimeMode::Virtual) {
            run->set_speed(speed_->currentData().toDouble());
        }
        updateActions();
    });
    bar->addWidget(speed_);
    bar->addAction(step_);
}

void AbWindow::setBaseSettings(const Settings& settings) {
    for (KnobPanel* panel : {knobs_a_, knobs_b_}) {
        panel->resetToDefaults();
        // Only what differs from the default: a default is always valid text for its knob.
        for (const KnobSpec& k : settings.specs()) {
            const std::string text = format_value(settings.get(k.name));
            if (text != format_value(k.def)) panel->setKnobText(k.name, text);
        }
    }
    updateDiffers();
}

bool AbWindow::setKnobB(const std::string& name, const std::string& text, QString* error) {
    const bool ok = knobs_b_->setKnobText(name, text, error);
    updateDiffers();
    return ok;
}

void AbWindow::setRunOptions(int seed, int length_s, TimeMode mode, double speed) {
    seed_->setValue(seed);
    if (const int i = length_->findData(length_s); i >= 0) length_->setCurrentIndex(i);
    time_mode_->setCurrentIndex(time_mode_->findData(mode == TimeMode::Virtual ? QStringLiteral("virtual") : QStringLiteral("live")));
    if (const int i = speed_->findData(speed); i >= 0) speed_->setCurrentIndex(i);
    updateActions();
}

bool AbWindow::start() {
    if (session_->busy()) return false;
    RunRequest a;
    a.lab = &lab_;
    a.settings = knobs_a_->settings();
    a.seed = static_cast<std::uint64_t>(seed_->value());
    a.duration = std::chrono::seconds(length_->currentData().toInt());
    a.time_mode = time_mode_->currentData().toString() == QStringLiteral("virtual") ? TimeMode::Virtual : TimeMode::Live;
    a.speed = speed_->currentData().toDouble();
    try {
        check_time_mode_limits(a.settings, a.time_mode);
        check_time_mode_limits(knobs_b_->settings(), a.time_mode);
        session_->start(std::move(a), knobs_b_->settings());
    } catch (const InputError& e) {
        statusBar()->showMessage(QString::fromStdString(e.what()));
        sides_->setCurrentIndex(1);
        return false;
    }
    return true;
}

void AbWindow::stop() { session_->stop(); }

void AbWindow::onKnobChanged(AbSide side, const QString& name, bool live) {
    updateDiffers();
    AbRun* run = session_->run();
    if (!run || session_->state() != AbSession::State::Running) return;
    // A live knob changes its own side while the pair runs (recorded in that side's run);
    // the others wait for the next start.
    KnobPanel* panel = knobPanel(side);
    const std::string knob = name.toStdString();
    if (live && run->side(side)->apply_live(knob, panel->settings().get(knob))) {
        statusBar()->showMessage(tr("%1: %2 = %3, applied live.")
                                     .arg(QString::fromLatin1(to_string(side)), name,
                                          QString::fromStdString(format_value(panel->settings().get(knob)))),
                                 4000);
        return;
    }
    panel->markPending(knob);
}

void AbWindow::updateDiffers() {
    const std::vector<std::string> knobs = differing_knobs(knobs_a_->settings(), knobs_b_->settings());
    if (knobs.empty()) {
        differs_->setText(tr("B has the same knobs as A: change at least one in the B tab."));
        differs_->setStyleSheet(QStringLiteral("padding: 4px; color: #b71c1c; font-weight: bold;"));
    } else {
        differs_->setText(tr("A: %1\nB: %2")
                              .arg(QString::fromStdString(variant_name(knobs_a_->settings(), knobs)),
                                   QString::fromStdString(variant_name(knobs_b_->settings(), knobs))));
        differs_->setStyleSheet(QStringLiteral("padding: 4px; font-weight: bold;"));
    }
    updateActions();
}

void AbWindow::updateActions() {
    const bool busy = session_->busy();
    const bool differ = !differing_knobs(knobs_a_->settings(), knobs_b_->settings()).empty();
    start_->setEnabled(!busy && differ);
    stop_->setEnabled(session_->state() == AbSession::State::Starting || session_->state() == AbSession::State::Running);
    for (QWidget* w : {static_cast<QWidget*>(seed_), static_cast<QWidget*>(length_), static_cast<QWidget*>(time_mode_)}) w->setEnabled(!busy);
    const AbRun* run = session_->run();
    const bool virtual_now = busy ? run && run->time_mode() == TimeMode::Virtual
                                  : time_mode_->currentData().toString() == QStringLiteral("virtual");
    speed_->setEnabled(virtual_now);
    step_->setEnabled(session_->state() == AbSession::State::Running && virtual_now && run && run->speed() == 0.0);
}

void AbWindow::setCharts(const std::vector<ChartSpec>& specs, const QString& a_name, const QString& b_name) {
    for (AbChart* c : charts_) {
        chart_grid_->removeWidget(c);
        delete c;
    }
    charts_.clear();
    for (const ChartSpec& spec : specs) {
        auto* chart = new AbChart(spec, a_name, b_name, chart_host_);
        chart->setChartHeight(kChartHeight_px);
        charts_.push_back(chart);
    }
    reflowCharts();
}

void AbWindow::reflowCharts() {
    const int columns = std::clamp(chart_scroll_->viewport()->width() / kMinAbChartWidth_px, 1, 3);
    for (AbChart* c : charts_) chart_grid_->removeWidget(c);
    for (int i = 0; i < static_cast<int>(charts_.size()); ++i) {
        chart_grid_->addWidget(charts_[static_cast<std::size_t>(i)], i / columns, i % columns, Qt::AlignTop);
    }
    for (int c = 0; c < 3; ++c) chart_grid_->setColumnStretch(c, c < columns ? 1 : 0);
}

void AbWindow::onStateChanged(AbSession::State state) {
    using State = AbSession::State;
    const bool busy = session_->busy();
    knobs_a_->setRunActive(busy);
    knobs_b_->setRunActive(busy);
    switch (state) {
        case State::Starting:
            series_a_.clear();
            series_b_.clear();
            figures_->clear();
            statusBar()->showMessage(tr("Starting A, then B…"));
            break;
        case State::Running:
            if (AbRun* run = session_->run()) {
                const QString a = QString::fromStdString(run->variant(AbSide::A));
                const QString b = QString::fromStdString(run->variant(AbSide::B));
                setCharts(run->side(AbSide::A)->charts(), a, b);
                figures_->setVariants(a, b);
                statusBar()->showMessage(tr("A is run #%1, B is run #%2.")
                                             .arg(run->side(AbSide::A)->run_id())
                                             .arg(run->side(AbSide::B)->run_id()),
                                         6000);
            }
            emit runsRecorded();
            break;
        case State::Finished:
            onFrame();
            if (AbRun* run = session_->run()) {
                // The whole of both runs stays on screen; the readout turns to the whole-run summaries.
                series_a_.loadAll(*run->side(AbSide::A)->series());
                series_b_.loadAll(*run->side(AbSide::B)->series());
                const std::vector<RunMark> marks = ab_marks(run->side(AbSide::A)->marks(), run->side(AbSide::B)->marks());
                for (AbChart* c : charts_) {
                    c->setMarks(marks);
                    c->refresh(series_a_, series_b_);
                }
                figures_->setFigures(ab_summary_figures(run->side(AbSide::A)->summary(), run->side(AbSide::B)->summary()),
                                     tr("Whole run (from both summaries)."));
                statusBar()->showMessage(tr("A/B finished: runs #%1 (A) and #%2 (B) are in the history.")
                                             .arg(run->side(AbSide::A)->run_id())
                                             .arg(run->side(AbSide::B)->run_id()));
            }
            emit runsRecorded();
            break;
        case State::Failed:
            emit runsRecorded();
            break;
        case State::Idle:
        case State::Stopping:
            break;
    }
    updateActions();
}

QString AbWindow::sharingText() const { return banner_->text(); }

void AbWindow::onFrame() {
    AbRun* run = session_->run();
    if (run && session_->state() != AbSession::State::Finished) {
        series_a_.pull(*run->side(AbSide::A)->series());
        series_b_.pull(*run->side(AbSide::B)->series());
        const std::vector<RunMark> marks = ab_marks(run->side(AbSide::A)->marks(), run->side(AbSide::B)->marks());
        for (AbChart* c : charts_) {
            c->setMarks(marks);
            c->refresh(series_a_, series_b_);
        }
        figures_->setFigures(ab_series_figures(series_a_.columns(), series_a_.rows(), series_b_.columns(), series_b_.rows(),
                                               kReadoutWindow_s),
                             tr("Last %1 s of run time (means of the samples); the whole-run figures follow at the end.")
                                 .arg(kReadoutWindow_s, 0, 'f', 0));
        if (run->time_mode() == TimeMode::Virtual) {
            const int i = speed_->findData(run->speed());  // a side holds itself after a step
            if (i >= 0 && i != speed_->currentIndex()) {
                const QSignalBlocker block(speed_);
                speed_->setCurrentIndex(i);
            }
            updateActions();
        }
    }
    // The banner: how the two share the clock (virtual) or the machine (live), with the host flags.
    const bool live = run ? run->time_mode() == TimeMode::Live : time_mode_->currentData().toString() == QStringLiteral("live");
    bool overloaded = false;
    if (run) {
        for (AbSide s : {AbSide::A, AbSide::B}) overloaded = overloaded || run->side(s)->host_status().overloaded;
    }
    banner_->setText(run ? QString::fromStdString(run->sharing_text())
                         : live ? tr("Live time: A and B will run at once on this machine and share its CPU.")
                                : tr("Virtual time: A and B will be paced together, deterministic."));
    banner_->setStyleSheet(QString::fromLatin1(overloaded ? kOverloadBanner : live ? kLiveBanner : kVirtualBanner));
    const QString clocks = run ? tr("   A %1 s · B %2 s")
                                     .arg(run->side(AbSide::A)->elapsed_s(), 0, 'f', 1)
                                     .arg(run->side(AbSide::B)->elapsed_s(), 0, 'f', 1)
                               : QString();
    state_->setText(AbSession::stateText(session_->state()) + clocks);
}

void AbWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    QTimer::singleShot(0, this, &AbWindow::reflowCharts);  // once the scroll area has its new width
}

void AbWindow::closeEvent(QCloseEvent* event) {
    if (session_->busy()) session_->stop();
    event->accept();
}

}  // namespace archlab
