#pragma once
// What the status bar says the run is doing. A virtual-time run held at speed 0 is not
// "Running": it says it is held, and where a guided step ended, that it waits at that step's
// end for the presenter to go on.
#include <QString>

#include "views/run_session.h"

namespace archlab {

class RunController;

/// held_after_step: the guided step (from 0) whose end the run is held at, -1 for none.
QString run_state_text(RunSession::State state, const RunController* controller, int held_after_step);

}  // namespace archlab
