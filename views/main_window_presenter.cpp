// The window's workshop part: the Guide dock's keyboard actions and the presenter view, which
// reduces the window to topology + two charts + Guide, magnified for a projector.
#include <algorithm>

#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSizePolicy>
#include <QVariant>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>

#include "core/lab/lab_registry.h"
#include "views/guide_driver.h"
#include "views/guide_panel.h"
#include "views/lab_chooser.h"
#include "views/main_window.h"
#include "views/presenter_view.h"
#include "views/workshop_keys.h"

namespace archlab {

namespace {
/// A page's own size policy, kept while presenter view ignores its size.
constexpr const char* kNormalSizePolicy = "archlab_normal_size_policy";
}  // namespace

void MainWindow::buildGuideActions() {
    auto* menu = menuBar()->addMenu(tr("&Guide"));
    const auto add = [this, menu](const QString& text, const QKeySequence& key, const QString& tip, auto slot) {
        auto* a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(tip);
        connect(a, &QAction::triggered, this, slot);
        menu->addAction(a);
        addAction(a);  // the shortcut works with the menu bar hidden too
        return a;
    };
    guide_play_ = add(tr("&Play step"), keys::kGuidePlay, tr("Run the Guide's step shown, with the guess locked in"),
                      [this] { guide_->play(); });
    guide_next_ = add(tr("&Next step"), keys::kGuideNext, tr("The Guide's next step"), [this] { guide_->next(); });
    guide_back_ = add(tr("&Back"), keys::kGuideBack, tr("The Guide's step before"), [this] { guide_->back(); });
    guide_restart_ = add(tr("&Restart step"), keys::kGuideRestart, tr("Run the Guide's step again from its start"),
                         [this] { guide_->restartStep(); });
    guide_fault_ = add(tr("Next scripted &fault now"), keys::kGuideNextFault,
                       tr("Run on at once to the step's next scripted fault"), [this] {
                           if (!guide_driver_->jumpToNextFault()) statusBar()->showMessage(tr("No scripted fault left in this step."), 4000);
                       });
    menu->addSeparator();
    presenter_action_ = add(tr("P&resenter view"), keys::kPresenter,
                            tr("Topology, two charts and the Guide in large type for a projector (%1)").arg(key_name(keys::kPresenter)),
                            [this](bool on) { setPresenterMode(on); });
    presenter_action_->setCheckable(true);
    view_menu_->addSeparator();
    view_menu_->addAction(presenter_action_);
}

void MainWindow::raiseGuide() {
    guide_dock_->show();
    guide_dock_->raise();
}

bool MainWindow::openGuidedScenario(const QString& path, QString* why) {
    Scenario probe;
    try {
        probe = read_scenario(path);
    } catch (const InputError& e) {
        if (why) *why = QString::fromStdString(e.what());
        return false;
    }
    if (!selectLab(probe.lab)) {
        if (why) *why = tr("%1: no lab '%2' (or a run is going)").arg(path, QString::fromStdString(probe.lab));
        return false;
    }
    if (!guide_->openFile(path, why)) return false;
    raiseGuide();
    return true;
}

double MainWindow::presenterScale() const {
    // A projector's room reads the window from metres away: about 1.65x at 1366x768, 2.3x at 1920x1080.
    return std::clamp(height() / 460.0, 1.4, 2.6);
}

void MainWindow::applyPresenterFonts() {
    if (!presenter_on_) {
        presenter_font_px_ = 0;
        setStyleSheet(QString());
        return;
    }
    const double scale = presenterScale();
    presenter_->setScale(scale);
    const int px = static_cast<int>(11.5 * scale);
    if (px == presenter_font_px_) return;  // a style sheet repolishes every widget: only when it changes
    presenter_font_px_ = px;
    setStyleSheet(QStringLiteral("QWidget { font-size: %1px; } #presenterCaption { font-size: %2px; font-weight: bold; }")
                      .arg(px)
                      .arg(static_cast<int>(px * 1.25)));
}

void MainWindow::setPresenterMode(bool on) {
    if (on == presenter_on_) return;
    presenter_on_ = on;
    presenter_action_->setChecked(on);
    if (on) {
        normal_state_ = saveState();
        normal_geometry_ = geometry();
        // The whole screen for the room (the window manager's maximise is not everywhere).
        if (screen()) setGeometry(screen()->availableGeometry());
        for (QDockWidget* dock : findChildren<QDockWidget*>()) {
            if (dock != guide_dock_) dock->hide();
        }
        guide_dock_->show();
        guide_dock_->raise();
        // The Guide's buttons and the keys take the toolbar's place (status bar: the keys).
        if (auto* bar = findChild<QToolBar*>(QStringLiteral("runToolBar"))) bar->hide();
        pages_->tabBar()->hide();
        pages_->setCurrentWidget(presenter_);
        // The hidden pages, at the presenter's type size, would otherwise set the window's
        // minimum width (a stack is as wide as its widest page) and push it past the screen.
        for (int i = 0; i < pages_->count(); ++i) {
            QWidget* page = pages_->widget(i);
            if (page == presenter_) continue;
            page->setProperty(kNormalSizePolicy, QVariant::fromValue(page->sizePolicy()));
            page->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
        }
        presenter_->refresh(series_);
        fitGuideDock();
    } else {
        restoreState(normal_state_);
        setGeometry(normal_geometry_);
        pages_->tabBar()->show();
        for (int i = 0; i < pages_->count(); ++i) {
            QWidget* page = pages_->widget(i);
            if (const QVariant normal = page->property(kNormalSizePolicy); normal.isValid()) page->setSizePolicy(normal.value<QSizePolicy>());
        }
        pages_->setCurrentIndex(0);
    }
    applyPresenterFonts();
    // The keys are listed under the Guide (every one, wrapped); the status bar, beside the run's
    // figures, has room for a few words only.
    guide_->setKeyListShown(on);
    statusBar()->showMessage(on ? tr("Presenter view: keys under the Guide; %1 leaves").arg(key_name(keys::kPresenter))
                                : tr("Presenter view off."),
                             6000);
}

void MainWindow::fitGuideDock() {
    // About a third of the width: the step text, the question and the answer wrap in it at the
    // presenter's type size without scrolling at 1366x768.
    resizeDocks({guide_dock_}, {std::max(320, width() * 32 / 100)}, Qt::Horizontal);
}

void MainWindow::resizeEvent(QResizeEvent* event) {
    QMainWindow::resizeEvent(event);
    if (presenter_on_) {
        applyPresenterFonts();
        fitGuideDock();  // the window moved to another screen (the projector's) or was resized
    }
}

void MainWindow::followGuideQuestion() {
    if (!presenter_on_) return;
    const Scenario* s = guide_->scenario();
    const int i = guide_->step();
    if (!s || i < 0 || i >= static_cast<int>(s->steps.size())) return;
    const ScenarioStep& step = s->steps[static_cast<std::size_t>(i)];
    if (step.question) presenter_->showChartOf(step.question->figure.series);
}

}  // namespace archlab
