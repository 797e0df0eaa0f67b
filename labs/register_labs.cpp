#include "labs/register_labs.h"

#include "labs/caching/caching_lab.h"
#include "labs/load_balancing/lb_lab.h"
#include "labs/partitioning/part_lab.h"
#include "labs/queueing/queueing_lab.h"
#include "labs/replication/repl_lab.h"
#include "labs/sessions/session_lab.h"
#include "labs/transactions/txn_lab.h"

namespace archlab {

void register_all_labs(LabRegistry& registry) {
    registry.add(std::make_unique<queueing::QueueingLab>());
    registry.add(std::make_unique<caching::CachingLab>());
    registry.add(std::make_unique<lblab::LoadBalancingLab>());
    registry.add(std::make_unique<sessions::SessionsLab>());
    registry.add(std::make_unique<replication::ReplicationLab>());
    registry.add(std::make_unique<partlab::PartitioningLab>());
    registry.add(std::make_unique<txnlab::TransactionsLab>());
}

}  // namespace archlab
