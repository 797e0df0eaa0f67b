#pragma once
// Which of the partitioning lab's knobs belong to which layout. A knob of the other layout set
// away from its default is refused when a run starts, naming it, rather than silently ignored.
#include <string>

#include "core/lab/settings.h"

namespace archlab::partlab {

/// "horizontal" or "vertical" (the layout knob); throws InputError when a knob that does not
/// apply to that layout is not at its default, or key_dist=sequential is asked of vertical.
std::string checked_layout(const Settings& settings);

}  // namespace archlab::partlab
