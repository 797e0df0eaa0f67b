#include "views/run_state_text.h"

#include <QCoreApplication>

#include "core/lab/run_controller.h"

namespace archlab {

namespace {
QString state_tr(const char* text) { return QCoreApplication::translate("archlab::RunStateText", text); }
}  // namespace

QString run_state_text(RunSession::State state, const RunController* controller, int held_after_step) {
    if (state != RunSession::State::Running || !controller || controller->finished()) return RunSession::stateText(state);
    if (held_after_step >= 0) return state_tr("Held at the end of step %1").arg(held_after_step + 1);
    if (controller->time_mode() == TimeMode::Virtual && controller->speed() == 0.0) {
        return state_tr("Held at %1 s").arg(controller->elapsed_s(), 0, 'f', 2);
    }
    return RunSession::stateText(state);
}

}  // namespace archlab
