#pragma once
// archlab-cli storm: prints a lab's seeded random fault storm (core/lab/fault_storm.h), one
// timeline entry per line, as --fault takes them; `run --storm SEED` runs a lab under it.
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/lab_registry.h"
#include "core/lab/run_controller.h"

namespace archlab::cli {

struct StormOptions {
    std::string lab;                   ///< lab id
    std::vector<std::string> sets;     ///< KNOB=VALUE: the cast can depend on knobs (nodes=8)
    std::string duration = "60s";      ///< run length the storm covers
    std::uint64_t seed = 1;            ///< storm seed
    std::vector<std::string> spare;    ///< node names the storm leaves alone
};

int print_storm(const LabRegistry& labs, const StormOptions& options);

/// Adds the storm of `seed` (sparing `spare`) to the request's fault timeline, for its lab,
/// settings and duration.
void add_storm(RunRequest& request, std::uint64_t seed, const std::vector<std::string>& spare);

}  // namespace archlab::cli
