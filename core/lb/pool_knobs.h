#pragma once
// The knobs every lab with a balanced, discovered pool of app nodes shares: how often nodes
// heartbeat, when discovery takes a silent one out, and how long the balancer waits for an answer.
#include <vector>

#include "core/lab/knob.h"
#include "core/lab/settings.h"
#include "core/runtime/clock.h"

namespace archlab::lb {

/// heartbeat_ms, detect_after_ms, timeout_ms.
std::vector<KnobSpec> pool_knobs();

struct PoolTimings {
    Nanos heartbeat{0};     ///< app node -> discovery
    Nanos detect_after{0};  ///< silence after which discovery removes a node
    Nanos timeout{0};       ///< balancer gives up on a node's answer (504)
};

/// Reads the pool knobs; InputError when detect_after_ms is not longer than heartbeat_ms.
PoolTimings pool_timings(const Settings& settings);

}  // namespace archlab::lb
