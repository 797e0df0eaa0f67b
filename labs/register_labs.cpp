#include "labs/register_labs.h"

#include "labs/queueing/queueing_lab.h"
#include "labs/replication/repl_lab.h"

namespace archlab {

void register_all_labs(LabRegistry& registry) {
    registry.add(std::make_unique<queueing::QueueingLab>());
    registry.add(std::make_unique<replication::ReplicationLab>());
}

}  // namespace archlab
