// The window's layout kept across starts (QSettings): geometry, docks, the live page's split,
// the page shown, the seed, the run length and the last lab.
#include <algorithm>

#include <QComboBox>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>

#include "views/lab_chooser.h"
#include "views/main_window.h"

namespace archlab {

namespace {
constexpr int kSettingsVersion = 1;   ///< bump when the dock layout changes shape
}  // namespace

void MainWindow::saveLayout() const {
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState(kSettingsVersion));
    s.setValue(QStringLiteral("window/liveSplit"), live_split_->saveState());
    s.setValue(QStringLiteral("window/page"), pages_->currentIndex());
    s.setValue(QStringLiteral("run/seed"), seed_->value());
    s.setValue(QStringLiteral("run/length_s"), length_->currentData().toInt());  // seconds: a guided run adds lengths
    if (const Lab* lab = chooser_->current()) s.setValue(QStringLiteral("lab/last"), QString::fromStdString(lab->info().id));
}

void MainWindow::restoreLayout() {
    QSettings s;
    if (!restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray())) {
        // First start: the whole screen of a laptop (1366x768 and the like), most of a large one.
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        const bool small = avail.width() <= 1600 || avail.height() <= 900;
        resize(small ? avail.width() : std::min(1800, avail.width() * 9 / 10),
               small ? avail.height() : std::min(1040, avail.height() * 9 / 10));
    }
    restoreState(s.value(QStringLiteral("window/state")).toByteArray(), kSettingsVersion);
    if (!live_split_->restoreState(s.value(QStringLiteral("window/liveSplit")).toByteArray())) {
        // First start: the topology gets about a third of the height, more text on a large screen.
        const int h = std::max(400, height() - 120);
        live_split_->setSizes({h * 3 / 10, h * 7 / 10});
    }
    pages_->setCurrentIndex(s.value(QStringLiteral("window/page"), 0).toInt());
    seed_->setValue(s.value(QStringLiteral("run/seed"), 1).toInt());
    length_->setCurrentIndex(std::max(0, length_->findData(s.value(QStringLiteral("run/length_s"), 0).toInt())));
    chooser_->select(s.value(QStringLiteral("lab/last")).toString().toStdString());
}

}  // namespace archlab
