#include "views/fault_caption.h"

#include <QObject>
#include <QStringList>

#include "core/lab/run_controller.h"

namespace archlab {

namespace {

/// What the action does to its target, as the room should hear it.
QString effect(const QString& action, const QString& target, const QString& value) {
    if (action == QLatin1String("kill")) return QObject::tr("%1 killed: it stops answering").arg(target);
    if (action == QLatin1String("restart")) return QObject::tr("%1 restarted").arg(target);
    if (action == QLatin1String("pause")) return QObject::tr("%1 paused: it holds every message").arg(target);
    if (action == QLatin1String("resume")) return QObject::tr("%1 resumed").arg(target);
    if (action == QLatin1String("slow")) return QObject::tr("%1 slowed down (%2)").arg(target, value);
    if (action == QLatin1String("unslow")) return QObject::tr("%1 back to full speed").arg(target);
    if (action == QLatin1String("partition")) return QObject::tr("%1 cut off from every other node").arg(target);
    if (action == QLatin1String("heal")) return QObject::tr("%1 reconnected").arg(target);
    if (action == QLatin1String("flush")) return QObject::tr("%1 flushed: its cache is empty").arg(target);
    if (action == QLatin1String("promote")) return QObject::tr("%1 promoted to primary").arg(target);
    if (action == QLatin1String("add-shard")) return QObject::tr("a shard added%1: keys start moving").arg(target.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(target));
    if (action == QLatin1String("remove-shard")) return QObject::tr("%1 removed from the map: its keys move away").arg(target);
    if (action == QLatin1String("split")) return QObject::tr("%1 split in two").arg(target);
    if (action == QLatin1String("delay")) return QObject::tr("link %1 delayed by %2").arg(target, value);
    if (action == QLatin1String("jitter")) return QObject::tr("link %1 jitters by %2").arg(target, value);
    if (action == QLatin1String("drop")) return QObject::tr("link %1 drops %2 of messages").arg(target, value);
    if (action == QLatin1String("duplicate")) return QObject::tr("link %1 duplicates %2 of messages").arg(target, value);
    if (action == QLatin1String("cut")) return QObject::tr("link %1 cut").arg(target);
    if (action == QLatin1String("heal-link")) return QObject::tr("link %1 healed").arg(target);
    return value.isEmpty() ? QStringLiteral("%1 %2").arg(action, target) : QStringLiteral("%1 %2 %3").arg(action, target, value);
}

}  // namespace

std::optional<QString> fault_caption(const RunEvent& event) {
    static const QString kPrefix = QStringLiteral("fault: ");
    static const QString kKnob = QStringLiteral("knob ");
    const QString text = QString::fromStdString(event.text);
    if (text.startsWith(kKnob) && text.contains(QLatin1String(" = ")) && !text.contains(QLatin1String(" refused: "))) {
        // "knob dispatch = random": a step's knob change.
        const QStringList parts = text.mid(kKnob.size()).split(QStringLiteral(" = "));
        return QObject::tr("%1 s  %2 set to %3").arg(event.t_s, 0, 'f', 1).arg(parts.value(0), parts.value(1));
    }
    if (!text.startsWith(kPrefix)) return std::nullopt;
    const QString what = text.mid(kPrefix.size());
    const QString time = QObject::tr("%1 s").arg(event.t_s, 0, 'f', 1);
    if (what.contains(QLatin1String(" failed: "))) return QObject::tr("%1  %2").arg(time, what);
    const QStringList parts = what.split(QLatin1Char(' '));
    const QString action = parts.value(0);
    const QString target = parts.value(1);
    const QString value = parts.mid(2).join(QLatin1Char(' '));
    return QObject::tr("%1  %2").arg(time, effect(action, target, value));
}

}  // namespace archlab
