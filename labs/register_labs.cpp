#include "labs/register_labs.h"

// PENDING-SHAPE #include "labs/caching/caching_lab.h"
// PENDING-SHAPE #include "labs/load_balancing/lb_lab.h"
#include "labs/queueing/queueing_lab.h"
// PENDING-SHAPE #include "labs/replication/repl_lab.h"
#include "labs/sessions/session_lab.h"

namespace archlab {

void register_all_labs(LabRegistry& registry) {
    registry.add(std::make_unique<queueing::QueueingLab>());
    // PENDING-SHAPE registry.add(std::make_unique<caching::CachingLab>());
    // PENDING-SHAPE registry.add(std::make_unique<lblab::LoadBalancingLab>());
    registry.add(std::make_unique<sessions::SessionsLab>());
    // PENDING-SHAPE registry.add(std::make_unique<replication::ReplicationLab>());
}

}  // namespace archlab
