#pragma once
// The window's keys for running a run and a workshop, in one place: the actions' shortcuts, the
// Guide buttons' tooltips and the presenter view's key list all read them here, so what a
// tooltip or the list says is what the key does.
#include <vector>

#include <QKeySequence>
#include <QString>

namespace archlab {

/// One key and what it does.
struct WorkshopKey {
    QKeySequence key;   ///< the shortcut bound
    QString name;       ///< as people write it: "F7", "Page Down", "Shift+F5"
    QString what;       ///< a few words: "play step"
};

namespace keys {
inline constexpr QKeyCombination kStartRun{Qt::Key_F5};
inline constexpr QKeyCombination kStopRun{Qt::ShiftModifier, Qt::Key_F5};
inline constexpr QKeyCombination kStepRun{Qt::Key_F6};      ///< virtual time, held: one sample on
inline constexpr QKeyCombination kGuidePlay{Qt::Key_F7};
inline constexpr QKeyCombination kGuideNextFault{Qt::Key_F8};
inline constexpr QKeyCombination kGuideRestart{Qt::Key_F9};
inline constexpr QKeyCombination kGuideBack{Qt::Key_PageUp};
inline constexpr QKeyCombination kGuideNext{Qt::Key_PageDown};
inline constexpr QKeyCombination kPresenter{Qt::Key_F11};
}  // namespace keys

/// A key's name as people write it ("Page Down", "Shift+F5").
QString key_name(QKeyCombination key);

/// Every key of a run and the Guide, in the order a presenter uses them.
std::vector<WorkshopKey> workshop_keys();

/// "F7 play step · F9 restart step · …": the list the presenter view shows under the Guide.
QString workshop_key_hint();
/// The same as rich text that wraps between entries only, never inside one.
QString workshop_key_hint_html();

}  // namespace archlab
