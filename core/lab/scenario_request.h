#pragma once
// A plain scenario file as a run request: its lab, settings, seed, duration, fault timeline and
// knob changes. The CLI's `run FILE` builds on it (the command line then wins); a bundle's
// scenario.json read back through it asks for the bundled run again.
#include "core/lab/run_controller.h"
#include "core/lab/scenario.h"

namespace archlab {

/// The request of a plain (not guided) scenario on `lab`: settings over the lab's defaults, the
/// seed (1 when unset), the duration (0 when unset: the caller picks one), faults and knob changes
/// in time order; live time at the default speed (the caller sets the time mode). Throws
/// InputError "FILE:LINE:COL: ..." for a setting the lab refuses or a knob change of a knob that
/// is not live, and for a scenario of another lab or one with steps.
RunRequest request_from_scenario(const Lab& lab, const Scenario& scenario);

}  // namespace archlab
