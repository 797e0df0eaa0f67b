#pragma once
// A guided scenario as one run: the steps back to back on a single timeline. Step 1's knob
// changes join the starting settings; later steps' knob changes are live changes at the step's
// start (so they must be live knobs); each step's faults move by the step's start. The window
// runs the plan to a step's end and holds there; the CLI runs it whole.
#include <cstddef>
#include <vector>

#include "core/lab/run_controller.h"
#include "core/lab/scenario.h"

namespace archlab {

class Lab;

/// Where a step sits on the run's timeline, [start, end).
struct StepSpan {
    Nanos start{0};
    Nanos end{0};
};

struct GuidedPlan {
    RunRequest request;           ///< lab, settings, seed, duration, faults, knob changes (virtual time, max speed)
    std::vector<StepSpan> spans;  ///< one per step

    /// The step holding run time t (the last step once past the end).
    std::size_t step_at(Nanos t) const;
};

/// Builds the plan. Throws InputError "FILE:LINE:COL: ..." for a setting the lab refuses, a knob
/// changed after the first step that is not live, or a scenario of another lab.
GuidedPlan plan_guided_run(const Lab& lab, const Scenario& scenario);

}  // namespace archlab
