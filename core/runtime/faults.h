#pragma once
// Fault descriptions. Link faults live in the transport, node faults in the runtime.
#include <cstdint>
#include <string>

#include "core/runtime/clock.h"

namespace archlab {

/// What the transport does to messages on one directed link (from -> to).
struct LinkFaults {
    Nanos latency{0};        ///< the lab's own one-way link latency: not a fault, kept by heal-link
    Nanos delay{0};          ///< added one-way delay (on top of latency)
    Nanos jitter{0};         ///< extra delay drawn uniformly from [0, jitter]
    double drop = 0.0;       ///< probability a message is lost, 0..1
    double duplicate = 0.0;  ///< probability a message is delivered twice, 0..1
    bool partitioned = false;///< no message crosses

    bool healthy() const { return delay.count() == 0 && jitter.count() == 0 && drop == 0.0 &&
                                  duplicate == 0.0 && !partitioned; }  ///< latency is no fault
};

/// What a node is doing, as the topology view colours it.
enum class NodeState { Up, Down, Paused, Slow, Partitioned };

inline const char* to_string(NodeState s) {
    switch (s) {
        case NodeState::Up: return "up";
        case NodeState::Down: return "down";
        case NodeState::Paused: return "paused";
        case NodeState::Slow: return "slow";
        case NodeState::Partitioned: return "partitioned";
    }
    return "?";
}

}  // namespace archlab
