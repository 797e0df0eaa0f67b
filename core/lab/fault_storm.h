#pragma once
// A seeded random fault storm: a fault timeline of kills, restarts, pauses, resumes, slowdowns,
// partitions, heals, link delays, jitter, drops, duplicates and cuts, and the lab's own actions,
// one every 1-2 s. The same cast, seed and duration give the same timeline on any machine (its
// own arithmetic on a 64-bit generator, no std:: distributions), so a live soak and its virtual
// twin see the very same storm. The storm keeps its damage bounded (at most a third of the
// nodes down, paused, slowed or cut off at once, at most three faulty links) and repairs
// everything a few seconds before the end, so a lab's promises can be judged on a settled run.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/fault_event.h"
#include "core/lab/lab.h"

namespace archlab {

/// What a storm may hit.
struct StormCast {
    struct Member {
        std::string name;   ///< "worker-2"
        std::string kind;   ///< "worker"
    };
    std::vector<Member> nodes;                                  ///< nodes the storm may fault
    std::vector<std::pair<std::string, std::string>> links;     ///< directed links that carry traffic
    std::vector<LabAction> actions;                             ///< the lab's own fault actions
};

struct StormOptions {
    Nanos min_gap = std::chrono::seconds(1);   ///< shortest time between two faults
    Nanos max_gap = std::chrono::seconds(2);   ///< longest
    Nanos settle = std::chrono::seconds(5);    ///< everything is repaired this long before the end
};

/// The storm's timeline over `duration`, in time order. Empty when the run is too short for one.
std::vector<FaultEvent> fault_storm(const StormCast& cast, Nanos duration, std::uint64_t seed,
                                    const StormOptions& options = {});

/// The cast of `lab` with `settings`: its nodes (but not its clients, which observe the run, nor
/// the names in `spare`) and the links that carried traffic in a short virtual run, with the
/// lab's own actions. Builds and runs the lab in virtual time (about two simulated seconds).
StormCast storm_cast(const Lab& lab, const Settings& settings, const std::vector<std::string>& spare = {});

}  // namespace archlab
