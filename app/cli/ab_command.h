#pragma once
// archlab-cli ab: two variants of a lab at once (core/lab/ab_run.h), same seed, workload and
// fault timeline, B with the knobs given by --b; prints both sides' headline figures and their
// difference, and records both runs in the run store.
#include <string>
#include <vector>

#include "app/cli/commands.h"

namespace archlab::cli {

struct AbOptions {
    RunOptions run;                    ///< lab or scenario, --set (both sides), faults, duration, seed, time, speed, store
    std::vector<std::string> a_sets;   ///< KNOB=VALUE for side A only
    std::vector<std::string> b_sets;   ///< KNOB=VALUE for side B only (at least one must differ from A)
};

int ab_lab(const LabRegistry& labs, const AbOptions& options);

}  // namespace archlab::cli
