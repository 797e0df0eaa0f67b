#pragma once
// Detection delay, measured from outside discovery: the lab notes when it silenced a node
// (kill, pause, partition) and the balancer notes when it stopped routing to it; each removal
// is matched with the latest silencing of that node before it.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/lb/balancer_config.h"
#include "core/runtime/clock.h"

namespace archlab::lblab {

struct DetectionResult {
    std::vector<double> delays_ms;  ///< one per removal that followed a silencing
    int unprompted_removals = 0;    ///< removals with no silencing before them (an overloaded node missing heartbeats)
};

class DetectionLog {
public:
    /// The lab silenced `node` at `at` (runtime clock). Any thread.
    void silenced(const std::string& node, Nanos at);
    /// Matches the balancer's removals with the silencings.
    DetectionResult match(const std::vector<lb::MembershipChange>& changes) const;

private:
    mutable std::mutex mu_;
    std::map<std::string, std::vector<Nanos>> silenced_;  ///< node -> times it was silenced, in order
};

}  // namespace archlab::lblab
