#pragma once
// The knobs a run has at an instant: its starting settings with every scripted knob change due
// by then applied (a guided scenario's steps set knobs as they begin). The window's knob panel
// shows these while the Guide plays, so it never shows values the run is not using.
#include "core/lab/run_controller.h"

namespace archlab {

/// request.settings with each knob change at or before `t` applied, in timeline order. A change
/// the settings refuse (it cannot happen for a request that started) is left out.
Settings settings_at(const RunRequest& request, Nanos t);

}  // namespace archlab
