#pragma once
// The broker's own delivery faults, drawn from the node's random source (so a seeded virtual
// run repeats them exactly): how many copies of a delivery to send (0 dropped, 1, or 2
// duplicated) and how long to hold them first.
#include <random>

#include "core/broker/broker_config.h"
#include "core/runtime/clock.h"

namespace archlab::broker {

struct DeliveryPlan {
    int copies = 1;     ///< 0: dropped, 2: duplicated
    Nanos delay{0};     ///< wait before sending
};

/// Draws only for faults that are on, so a run without faults uses no random numbers here.
DeliveryPlan plan_delivery(const BrokerConfig& cfg, std::mt19937_64& random);

}  // namespace archlab::broker
