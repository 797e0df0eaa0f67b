#pragma once
// The ns-3 peer of bench_sim_events: the same workload through ns-3's simulator core
// (Simulator::Schedule of plain functions). Built only when libns3-dev is installed.
#include <cstdint>

#include "bench/sim_events/workload.h"

namespace archlab::bench {

/// Runs `events` events of the workload with the named ns-3 scheduler ("ns3::MapScheduler", ...).
Result run_ns3(NodeIndex nodes, std::uint64_t events, const char* scheduler);

}  // namespace archlab::bench
