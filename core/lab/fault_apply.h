#pragma once
// Turns a fault timeline entry into runtime calls: node faults go to the runtime, link faults
// to the transport's link table. The one place that knows what each action does.
#include "core/lab/fault_event.h"
#include "core/runtime/runtime.h"

namespace archlab {

/// True for the faults every lab has (node and link faults the runtime applies); a lab's own
/// actions (flush, promote) are in its LabInfo::actions.
bool is_runtime_action(const std::string& action);
/// Throws InputError when the fault names a node or link the cluster does not have.
void check_fault_target(const Runtime& runtime, const FaultEvent& fault);

/// Applies the fault now. Labs handle their own actions (flush) in LabRun::apply_fault first. Defaults when no value is given: slow = every job 4x longer,
/// delay = 5 ms, jitter = 5 ms, drop = 0.1, duplicate = 0.1; cut = drop everything until heal-link. A slow value that is a duration
/// ("20ms") is added to every message the node handles instead; "x3" sets the job factor.
void apply_fault(Runtime& runtime, const FaultEvent& fault);

}  // namespace archlab
