#pragma once
// The one place every lab is registered, called once at start-up by both front ends.
#include "core/lab/lab_registry.h"

namespace archlab {

void register_all_labs(LabRegistry& registry);

}  // namespace archlab
