#include "views/workshop_keys.h"

#include <QCoreApplication>
#include <QStringList>

namespace archlab {

namespace {
QString keys_tr(const char* text) { return QCoreApplication::translate("WorkshopKeys", text); }
}  // namespace

QString key_name(QKeyCombination key) {
    switch (key.key()) {
        case Qt::Key_PageUp: return keys_tr("Page Up");
        case Qt::Key_PageDown: return keys_tr("Page Down");
        default: return QKeySequence(key).toString(QKeySequence::NativeText);
    }
}

std::vector<WorkshopKey> workshop_keys() {
    const auto k = [](QKeyCombination key, const char* what) { return WorkshopKey{QKeySequence(key), key_name(key), keys_tr(what)}; };
    return {k(keys::kGuidePlay, "play step"),       k(keys::kGuideRestart, "restart step"),
            k(keys::kGuideNext, "next step"),       k(keys::kGuideBack, "step before"),
            k(keys::kGuideNextFault, "next fault"), k(keys::kStartRun, "start run"),
            k(keys::kStopRun, "stop run"),          k(keys::kStepRun, "one sample on (held)"),
            k(keys::kPresenter, "leave presenter view")};
}

QString workshop_key_hint() {
    QStringList parts;
    for (const WorkshopKey& k : workshop_keys()) parts << k.name + QStringLiteral(" ") + k.what;
    return parts.join(QStringLiteral(" · "));
}

QString workshop_key_hint_html() {
    QStringList parts;
    for (const WorkshopKey& k : workshop_keys()) {
        parts << QStringLiteral("<span style=\"white-space:nowrap\"><b>%1</b>&nbsp;%2</span>")
                     .arg(k.name.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")),
                          k.what.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
    }
    return parts.join(QStringLiteral(" · "));
}

}  // namespace archlab
