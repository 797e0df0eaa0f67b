#include "views/main_window.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <map>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include "core/lab/lab_registry.h"
#include "core/lab/settings_at.h"
#include "views/ab_window.h"
#include "views/chart_panel.h"
#include "views/event_log_panel.h"
#include "views/explain_panel.h"
#include "views/fault_panel.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/knob_panel.h"
#include "views/lab_chooser.h"
#include "views/log_sink.h"
#include "views/presenter_view.h"
#include "views/workshop_keys.h"
#include "views/run_history_panel.h"
#include "views/run_review.h"
#include "views/time_scrubber.h"
#include "views/run_state_text.h"
#include "views/status_readout.h"
#include "views/width_fit_scroll.h"
#include "views/endpoints_bar.h"
#include "views/item_table_panel.h"
#include "views/topology_with_table.h"
#include "views/topology_view.h"
#include "core/lab/default_charts.h"

namespace archlab {

namespace {
constexpr int kFrame_ms = 200;        ///< redraw period of charts, topology, log and status
}  // namespace

MainWindow::MainWindow(const LabRegistry& labs, RunStore* store, QWidget* parent)
    : QMainWindow(parent), labs_(labs), store_(store) {
    setWindowTitle(QStringLiteral("ArchLab"));
    auto sink = std::make_shared<LogSink>();
    log_sink_ = std::make_unique<ScopedLogSink>(sink);
    session_ = new RunSession(store_, this);

    chooser_ = new LabChooser(labs_, this);
    knobs_ = new KnobPanel(this);
    topology_ = new TopologyView(this);
    charts_ = new ChartPanel(this);
    faults_ = new FaultPanel(this);
    log_ = new EventLogPanel(sink, this);
    explain_ = new ExplainPanel(this);
    history_ = new RunHistoryPanel(store_, &labs_, this);
    readout_ = new StatusReadout(this);
    guide_ = new GuidePanel(this);
    guide_driver_ = new GuideDriver(session_, guide_, this);
    presenter_ = new PresenterView(this);

    live_split_ = new QSplitter(Qt::Vertical, this);
    live_split_->setObjectName(QStringLiteral("liveSplit"));
    // The endpoints line sits on top of the topology, in the same pane.
    endpoints_ = new EndpointsBar(this);
    auto* topology_pane = new QWidget(this);
    auto* topology_layout = new QVBoxLayout(topology_pane);
    topology_layout->setContentsMargins(0, 0, 0, 0);
    topology_layout->setSpacing(0);
    topology_layout->addWidget(endpoints_);
    // The lab's latest items (transactions and their steps) beside the topology, when it keeps any.
    items_ = new ItemTablePanel(this);
    // The topology keeps at least the width its names need (its minimum size); the table goes
    // beside it when all its columns fit there, else under it.
    topology_layout->addWidget(new TopologyWithTable(topology_, items_, this), 1);
    live_split_->addWidget(topology_pane);
    // A live run whose host falls behind says so over the charts, not only in the log.
    host_banner_ = new QLabel(this);
    host_banner_->setObjectName(QStringLiteral("hostBanner"));
    host_banner_->setWordWrap(true);
    host_banner_->setStyleSheet(QStringLiteral("background: #b71c1c; color: white; font-weight: bold; padding: 6px;"));
    host_banner_->hide();
    auto* charts_pane = new QWidget(this);
    auto* charts_layout = new QVBoxLayout(charts_pane);
    charts_layout->setContentsMargins(0, 0, 0, 0);
    charts_layout->setSpacing(0);
    charts_layout->addWidget(host_banner_);
    charts_layout->addWidget(charts_, 1);
    scrubber_ = new TimeScrubber(this);
    scrubber_->hide();
    charts_layout->addWidget(scrubber_);
    live_split_->addWidget(charts_pane);
    live_split_->setStretchFactor(0, 1);
    live_split_->setStretchFactor(1, 3);
    live_split_->setSizes({210, 590});
    pages_ = new QTabWidget(this);
    pages_->setDocumentMode(true);
    pages_->addTab(live_split_, tr("Live"));
    pages_->addTab(history_, tr("History"));
    pages_->addTab(presenter_, tr("Presenter"));
    pages_->setTabVisible(2, false);  // reached through presenter view only
    setCentralWidget(pages_);
    statusBar()->addPermanentWidget(readout_);

    buildActions();
    buildDocks();
    buildGuideActions();

    connect(chooser_, &LabChooser::labChosen, this, &MainWindow::onLabChosen);
    connect(session_, &RunSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(guide_driver_, &GuideDriver::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(guide_, &GuidePanel::playRequested, this, [this] { followGuideQuestion(); });
    connect(guide_driver_, &GuideDriver::guideRecorded, this, [this](qint64 run_id) {
        history_->refresh();
        statusBar()->showMessage(tr("Run #%1 keeps the Guide's questions and answers.").arg(run_id), 6000);
    });
    connect(session_, &RunSession::failed, this, [this](const QString& why) {
        log_->note(tr("The run could not start: %1").arg(why), true);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Run failed"), tr("The run could not start."),
                                    QMessageBox::Ok, this);
        box->setInformativeText(why);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(knobs_, &KnobPanel::knobChanged, this, &MainWindow::onKnobChanged);
    connect(faults_, &FaultPanel::faultRequested, this, &MainWindow::onFaultRequested);
    connect(explain_, &ExplainPanel::faultRequested, this, &MainWindow::onFaultRequested);
    connect(explain_, &ExplainPanel::knobRequested, this, [this](const QString& knob, const QString& value) {
        QString why;
        if (!knobs_->setKnobText(knob.toStdString(), value.toStdString(), &why)) log_->note(why, true);
    });
    connect(topology_, &TopologyView::nodeSelected, this,
            [this](const QString& name) { faults_->selectNode(name.toStdString()); });
    connect(faults_, &FaultPanel::nodeChosen, this,
            [this](const QString& name) { topology_->setSelectedNode(name.toStdString()); });
    connect(scrubber_, &TimeScrubber::timeChanged, this, &MainWindow::onScrub);
    connect(scrubber_, &TimeScrubber::rerunRequested, this, [this](double t_s) { rerunToHere(t_s); });
    connect(history_, &RunHistoryPanel::runOpened, this, [this](qint64 id) { openStoredRun(id); });
    connect(history_, &RunHistoryPanel::settingsRequested, this, [this](qint64 id) { loadRunSettings(id); });

    frame_ = new QTimer(this);
    frame_->setInterval(kFrame_ms);
    connect(frame_, &QTimer::timeout, this, &MainWindow::onFrame);
    frame_->start();

    restoreLayout();
    if (!chooser_->current() && chooser_->count() > 0) chooser_->setCurrentRow(0);
    updateActions();
    onFrame();
}

MainWindow::~MainWindow() {
    frame_->stop();
    delete ab_window_;  // stops and records an A/B pair in progress
    delete session_;  // stops and records a run in progress while the log sink is still attached
    session_ = nullptr;
}

void MainWindow::buildActions() {
    QStyle* s = style();
    start_ = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("Start"), this);
    start_->setShortcut(keys::kStartRun);
    start_->setToolTip(tr("Start the lab with the knobs as set (%1)").arg(key_name(keys::kStartRun)));
    stop_ = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("Stop"), this);
    stop_->setShortcut(keys::kStopRun);
    stop_->setToolTip(tr("End the run; it is kept in the history (%1)").arg(key_name(keys::kStopRun)));
    reset_ = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), this);
    reset_->setToolTip(tr("Put every knob back to its default and clear the charts"));
    step_ = new QAction(s->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"), this);
    step_->setObjectName(QStringLiteral("step"));
    step_->setShortcut(keys::kStepRun);
    step_->setToolTip(tr("Virtual time, held: run on by one sample (0.25 s) and hold again (%1)").arg(key_name(keys::kStepRun)));
    addAction(step_);  // its key works with the toolbar hidden (presenter view) too
    connect(step_, &QAction::triggered, this, &MainWindow::stepRun);
    connect(start_, &QAction::triggered, this, &MainWindow::startRun);
    connect(stop_, &QAction::triggered, this, &MainWindow::stopRun);
    connect(reset_, &QAction::triggered, this, &MainWindow::resetLab);

    auto* bar = addToolBar(tr("Run"));
    bar->setObjectName(QStringLiteral("runToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({start_, stop_, reset_});
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Seed "), bar));
    seed_ = new QSpinBox(bar);
    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(1, INT_MAX);
    seed_->setToolTip(tr("Random seed of the next run: the same seed and knobs give the same workload"));
    bar->addWidget(seed_);
    bar->addWidget(new QLabel(tr("  Length "), bar));
    length_ = new QComboBox(bar);
    length_->setObjectName(QStringLiteral("length"));
    length_->addItem(tr("until Stop"), 0);
    for (int s_len : {10, 30, 60, 120, 300}) length_->addItem(tr("%1 s").arg(s_len), s_len);
    length_->setToolTip(tr("How long the next run lasts"));
    bar->addWidget(length_);
    bar->addWidget(new QLabel(tr("  Time "), bar));
    time_mode_ = new QComboBox(bar);
    time_mode_->setObjectName(QStringLiteral("timeMode"));
    time_mode_->addItem(tr("Live"), QStringLiteral("live"));
    time_mode_->addItem(tr("Virtual"), QStringLiteral("virtual"));
    time_mode_->setToolTip(tr("Live: real threads and 127.0.0.1 sockets on the wall clock (redis-cli and curl can join).\n"
                              "Virtual: the same nodes on a simulated clock: deterministic (same seed, same run and "
                              "fingerprint), no sockets, as fast as the CPU allows or paced by Speed."));
    bar->addWidget(time_mode_);
    bar->addWidget(new QLabel(tr("  Speed "), bar));
    speed_ = new QComboBox(bar);
    speed_->setObjectName(QStringLiteral("speed"));
    speed_->addItem(tr("max"), kMaxSpeed);
    for (double x : {0.1, 1.0, 10.0, 100.0}) speed_->addItem(tr("%1x").arg(x), x);
    speed_->addItem(tr("hold"), 0.0);
    speed_->setCurrentIndex(2);
    speed_->setToolTip(tr("Virtual time only: virtual seconds per wall second (1x = real time, max = as fast as the "
                          "CPU allows, hold = paused). Changes apply during the run."));
    connect(speed_, &QComboBox::currentIndexChanged, this, [this] {
        guide_driver_->setPace(speed_->currentData().toDouble());
        if (RunController* ctl = session_->controller(); ctl && !ctl->finished() && ctl->time_mode() == TimeMode::Virtual) {
            ctl->set_speed(speed_->currentData().toDouble());
        }
    });
    connect(time_mode_, &QComboBox::currentIndexChanged, this, [this] { updateActions(); });
    bar->addWidget(speed_);
    bar->addAction(step_);

    auto* run_menu = menuBar()->addMenu(tr("&Run"));
    run_menu->addActions({start_, stop_, reset_});
    run_menu->addAction(tr("&A/B run…"), QKeySequence(Qt::CTRL | Qt::Key_B), this, [this] { openAbRun(); })
        ->setToolTip(tr("Run two variants of this lab at once, same seed, the knobs you choose different for B"));
    run_menu->addSeparator();
    run_menu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    view_menu_ = menuBar()->addMenu(tr("&View"));
}

QDockWidget* MainWindow::addDock(QWidget* panel, const QString& title, const QString& name, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    view_menu_->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::buildDocks() {
    setDockNestingEnabled(true);
    // Both scroll down rather than push the window past a laptop's screen, and are never
    // narrower than their forms (a knob's value or a lab's own fault action cut off at the side).
    auto* knob_scroll = new WidthFitScroll(knobs_, this);

    QDockWidget* labs = addDock(chooser_, tr("Labs"), QStringLiteral("labsDock"), Qt::LeftDockWidgetArea);
    QDockWidget* knobs = addDock(knob_scroll, tr("Knobs"), QStringLiteral("knobsDock"), Qt::LeftDockWidgetArea);
    QDockWidget* faults = addDock(new WidthFitScroll(faults_, this), tr("Faults"), QStringLiteral("faultsDock"), Qt::RightDockWidgetArea);
    knobs_dock_ = knobs;
    faults_dock_ = faults;
    QDockWidget* log = addDock(log_, tr("Event log"), QStringLiteral("logDock"), Qt::RightDockWidgetArea);
    QDockWidget* explain = addDock(explain_, tr("Explain"), QStringLiteral("explainDock"), Qt::RightDockWidgetArea);
    guide_dock_ = addDock(guide_, tr("Guide"), QStringLiteral("guideDock"), Qt::RightDockWidgetArea);
    splitDockWidget(labs, knobs, Qt::Vertical);
    splitDockWidget(faults, log, Qt::Vertical);
    tabifyDockWidget(log, explain);
    tabifyDockWidget(explain, guide_dock_);
    log_dock_ = log;
    explain->raise();
    resizeDocks({labs, faults}, {290, 310}, Qt::Horizontal);
    resizeDocks({labs, knobs}, {90, 600}, Qt::Vertical);
    resizeDocks({faults, log}, {400, 330}, Qt::Vertical);  // the faults whole where the screen allows, the explain text scrolls
}

bool MainWindow::selectLab(const std::string& id) {
    if (session_->busy()) return false;
    return chooser_->select(id);
}

const Lab* MainWindow::currentLab() const { return chooser_->current(); }

void MainWindow::showPage(int index) { pages_->setCurrentIndex(index); }

void MainWindow::raiseEventLog() {
    log_dock_->show();
    log_dock_->raise();
}

void MainWindow::onLabChosen(const Lab* lab) {
    if (!lab) return;
    const LabInfo& info = lab->info();
    session_->clear();
    series_.clear();
    leaveReview();
    knobs_->setLab(info);
    explain_->setLab(info);
    charts_->setCharts(default_charts(*lab));
    presenter_->setCharts(default_charts(*lab));
    guide_driver_->reset();
    guide_driver_->setLab(lab);
    guide_->setLab(info.id);
    faults_->setActions(info.actions);
    topology_->clear(tr("Press Start to run the %1 cluster.").arg(QString::fromStdString(info.title)));
    items_->clear();
    faults_->setNodes({});
    // Once the new knobs and actions are laid out.
    QMetaObject::invokeMethod(this, &MainWindow::fitDocksToForms, Qt::QueuedConnection);
    QSettings().setValue(QStringLiteral("lab/last"), QString::fromStdString(info.id));
    updateActions();
}

void MainWindow::fitDocksToForms() {
    for (QDockWidget* dock : {knobs_dock_, faults_dock_}) {
        if (!dock || !dock->isVisible() || dock->isFloating()) continue;
        const int need = dock->widget()->minimumSizeHint().width();
        if (dock->widget()->width() < need) resizeDocks({dock}, {need}, Qt::Horizontal);
    }
}

void MainWindow::startRun() {
    const Lab* lab = chooser_->current();
    if (!lab || session_->busy()) return;
    if (presenter_on_ && guide_->scenario()) {  // the presenter's Start plays the Guide's step
        guide_->play();
        return;
    }
    guide_driver_->reset();  // a run of the knobs as set is not the Guide's
    RunRequest request;
    request.lab = lab;
    request.settings = knobs_->settings();
    request.seed = static_cast<std::uint64_t>(seed_->value());
    request.duration = std::chrono::seconds(length_->currentData().toInt());
    request.time_mode = time_mode_->currentData().toString() == QStringLiteral("virtual") ? TimeMode::Virtual : TimeMode::Live;
    request.speed = speed_->currentData().toDouble();
    session_->start(std::move(request));
}

void MainWindow::stopRun() {
    guide_driver_->cancelPending();  // Stop means stop: a step asked for meanwhile does not start after the old run
    session_->stop();
}

void MainWindow::resetLab() {
    const Lab* lab = chooser_->current();
    if (!lab || session_->busy()) return;
    onLabChosen(lab);
    statusBar()->showMessage(tr("Knobs back to their defaults."), 4000);
}

void MainWindow::onStateChanged(RunSession::State state) {
    using State = RunSession::State;
    const bool active = session_->busy();
    knobs_->setRunActive(active);
    chooser_->setEnabled(!active);
    faults_->setRunActive(state == State::Running);
    switch (state) {
        case State::Starting:
            // A run is watched on the live page (or the presenter's).
            if (presenter_on_) pages_->setCurrentWidget(presenter_);
            else pages_->setCurrentIndex(0);
            leaveReview();
            series_.clear();
            charts_->clearData();
            topo_sampler_.reset();
            log_->beginRun();
            presenter_->resetCaption();
            presenter_->clear(tr("Starting the cluster…"));
            topology_->clear(tr("Starting the cluster…"));
            items_->clear();
            endpoints_->setEndpoints({});
            host_banner_->hide();
            break;
        case State::Running:
            if (RunController* ctl = session_->controller()) {
                charts_->setCharts(ctl->charts());
                presenter_->setCharts(ctl->charts());
                followGuideQuestion();
                charts_->setRunLength(to_s(ctl->request().duration));
                presenter_->setRunLength(to_s(ctl->request().duration));
                if (ctl->time_mode() == TimeMode::Virtual) {
                    endpoints_->setNote(tr("Virtual time: the cluster runs on a simulated clock with no sockets, so "
                                           "redis-cli and curl cannot join. Choose Live time to reach it from outside."));
                } else {
                    endpoints_->setEndpoints(ctl->endpoints());
                }
                const ClusterView view = ctl->cluster();
                std::vector<std::string> names;
                std::map<std::string, std::string> kinds;
                for (const NodeView& n : view.nodes) {
                    names.push_back(n.name);
                    kinds[n.name] = n.kind;
                }
                faults_->setNodes(names);
                faults_->setNodeKinds(std::move(kinds));
                TopologySnapshot snap = topo_sampler_.sample(view);
                presenter_->setSnapshot(snap);
                topology_->setSnapshot(std::move(snap));
                seen_speed_ = std::nan("");  // the first frame shows the run's own speed
                if (guide_driver_->guiding()) {  // the panel and toolbar show what the Guide runs
                    knobs_->showSettings(ctl->request().settings);
                    showRunSeedAndLength(ctl->request());
                }
                if (!replay_) statusBar()->showMessage(tr("Run #%1 started.").arg(ctl->run_id()), 4000);
                log_->headRun(ctl->run_id(), QString::fromStdString(ctl->request().lab->info().title), ctl->request().seed,
                              QString::fromLatin1(to_string(ctl->time_mode())));
            }
            history_->refresh();
            break;
        case State::Finished:
            onFrame();  // the last rows and events
            endpoints_->setEndpoints({});  // the sockets closed with the cluster
            if (const RunController* ctl = session_->controller()) {
                statusBar()->showMessage(tr("Run #%1 finished after %2 s.").arg(ctl->run_id()).arg(ctl->elapsed_s(), 0, 'f', 1));
                // The whole run stays on screen, to scrub through.
                if (ctl->series()) series_.loadAll(*ctl->series());
                charts_->refresh(series_);
                presenter_->refresh(series_);
                enterReview(ctl->run_id(), ctl->summary());
                if (replay_) reportReplay(*ctl);
            }
            history_->refresh();
            break;
        case State::Failed:
            replay_.reset();
            topology_->clear(tr("The run could not start (see the event log)."));
            history_->refresh();
            break;
        case State::Idle:
        case State::Stopping:
            break;
    }
    guide_driver_->onStateChanged(state);
    updateActions();
}

void MainWindow::showStoreError(const std::string& error) {
    // Shown while it lasts (no timeout), once per new message; the run itself goes on.
    if (error == shown_store_error_) return;
    shown_store_error_ = error;
    if (error.empty()) {
        statusBar()->showMessage(tr("The run store records again."), 4000);
    } else {
        statusBar()->showMessage(tr("Run store: %1. The run goes on; this part of it is not kept.")
                                     .arg(QString::fromStdString(error)));
    }
}

void MainWindow::updateActions() {
    const bool busy = session_->busy();
    const auto state = session_->state();
    start_->setEnabled(!busy && chooser_->current() != nullptr);
    stop_->setEnabled(state == RunSession::State::Starting || state == RunSession::State::Running);
    reset_->setEnabled(!busy);
    seed_->setEnabled(!busy);
    length_->setEnabled(!busy);
    time_mode_->setEnabled(!busy);
    // Speed paces virtual time; while a virtual run goes it changes that run.
    const RunController* ctl = session_->controller();
    const bool virtual_next = time_mode_->currentData().toString() == QStringLiteral("virtual");
    speed_->setEnabled(busy ? (ctl && ctl->time_mode() == TimeMode::Virtual) : virtual_next);
    step_->setEnabled(state == RunSession::State::Running && ctl && ctl->time_mode() == TimeMode::Virtual &&
                      ctl->speed() == 0.0);
    scrubber_->setRerunAllowed(!busy);
}

void MainWindow::onFrame() {
    RunController* ctl = session_->controller();
    if (ctl && ctl->series()) series_.pull(*ctl->series());
    if (charts_->isVisible()) charts_->refresh(series_);
    if (presenter_on_) {
        presenter_->refresh(series_);
        presenter_->pullEvents(ctl);
    }
    guide_driver_->onFrame();
    if (ctl && session_->state() == RunSession::State::Running) {
        const ClusterView view = ctl->cluster();
        if (view.t_s != topo_sampler_.last_t_s()) {
            TopologySnapshot snap = topo_sampler_.sample(view);
            if (presenter_on_) presenter_->setSnapshot(snap);
            topology_->setSnapshot(std::move(snap));
            std::map<std::string, std::string> roles;  // legends name each node's role as the topology does
            for (const NodeView& n : view.nodes) {
                if (!n.role.empty()) roles[n.name] = n.role;
            }
            charts_->setRoles(roles);
            presenter_->setRoles(roles);
        }
        const std::vector<RunMark> marks = ctl->marks();
        charts_->setMarks(marks);
        presenter_->setMarks(marks);
        items_->setTable(ctl->latest_items());
        if (guide_driver_->guiding()) {
            // Held at a step's end, the knobs of the step just played: the next one's are set at
            // that same instant, but belong to the step not played yet.
            const Nanos shown = from_ms(ctl->elapsed_s() * 1e3) - Nanos(guide_driver_->heldAfterStep() >= 0 ? 1 : 0);
            knobs_->showSettings(settings_at(ctl->request(), shown));
        }
        if (ctl->time_mode() == TimeMode::Virtual) syncSpeed(*ctl);
    }
    showStoreError(ctl ? ctl->store_error() : std::string());
    const HostStatus host = ctl ? ctl->host_status() : HostStatus{};
    if (host.overloaded) {
        // The reason already names the limit and the way out ("...; the host, not the model, is the limit — try virtual time").
        host_banner_->setText(tr("Host overloaded%1: %2. This run's figures are not the lesson.")
                                  .arg(host.overloaded_now ? tr(" since %1 s").arg(host.since_s, 0, 'f', 1)
                                                           : tr(" from %1 s (now recovered)").arg(host.since_s, 0, 'f', 1),
                                       QString::fromStdString(host.reason)));
        host_banner_->show();
    } else {
        host_banner_->hide();
    }
    log_->pull(ctl);
    readout_->setFigures(run_state_text(session_->state(), ctl, guide_driver_->heldAfterStep()),
                         ctl ? ctl->elapsed_s() : -1.0, series_, ctl ? ctl->status_columns() : StatusColumns{});
    readout_->setJobsShed(ctl ? ctl->jobs_shed() : std::vector<std::pair<std::string, std::uint64_t>>{});
}

void MainWindow::onKnobChanged(const QString& name, bool live) {
    if (!session_->busy()) return;  // the next start takes the knob panel's settings
    const std::string knob = name.toStdString();
    if (live && session_->state() == RunSession::State::Running) {
        QString why;
        if (session_->applyLive(knob, knobs_->settings().get(knob), &why)) {
            if (RunController* ctl = session_->controller()) charts_->updateNotes(ctl->charts());
            statusBar()->showMessage(tr("%1 = %2, applied live.")
                                         .arg(name, QString::fromStdString(format_value(knobs_->settings().get(knob)))),
                                     4000);
            return;
        }
        log_->note(tr("%1 not applied live: %2").arg(name, why), true);
    }
    knobs_->markPending(knob);
}

void MainWindow::onFaultRequested(const FaultEvent& fault) {
    QString why;
    if (session_->inject(fault, &why)) {
        statusBar()->showMessage(tr("Fault applied: %1 %2").arg(QString::fromStdString(fault.action),
                                                                QString::fromStdString(fault.target)),
                                 4000);
    } else {
        log_->note(tr("Fault %1 %2 not applied: %3")
                       .arg(QString::fromStdString(fault.action), QString::fromStdString(fault.target), why),
                   true);
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    QMetaObject::invokeMethod(this, &MainWindow::fitDocksToForms, Qt::QueuedConnection);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    setPresenterMode(false);  // the layout kept for next time is the desk's, not the projector's
    saveLayout();
    guide_driver_->finishForClose();  // the room's guesses are kept with the run
    if (session_->busy()) {
        statusBar()->showMessage(tr("Stopping the run…"));
        session_->stop();
    }
    event->accept();
}

}  // namespace archlab
