#include "labs/register_labs.h"

#include "labs/queueing/queueing_lab.h"

namespace archlab {

void register_all_labs(LabRegistry& registry) {
    registry.add(std::make_unique<queueing::QueueingLab>());
}

}  // namespace archlab
