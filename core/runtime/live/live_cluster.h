#pragma once
// What every node host of a live cluster shares: the link table, node names, listening ports,
// the run seed and the run clock. Filled before start(); after that only the link table (which
// is thread-safe) and the start time (atomic) change.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/runtime/clock.h"
#include "core/runtime/link_table.h"

namespace archlab::live {

struct LiveCluster {
    using Clock = std::chrono::steady_clock;

    std::uint64_t seed = 0;                                   ///< run seed
    LinkTable links;                                          ///< link faults and traffic counters
    std::vector<std::string> names;                           ///< node names by index
    std::map<std::string, NodeIndex, std::less<>> by_name;    ///< name -> index
    std::vector<std::uint16_t> ports;                         ///< listening port by index, fixed for the run
    std::atomic<std::int64_t> t0_ns{0};                       ///< when the run started, steady clock ns; 0 before

    NodeIndex size() const { return static_cast<NodeIndex>(names.size()); }
    /// Marks the start of the run.
    void start_clock() { t0_ns.store(std::chrono::duration_cast<Nanos>(Clock::now().time_since_epoch()).count()); }
    /// Time since the run started (zero before).
    Nanos now() const {
        const std::int64_t t0 = t0_ns.load(std::memory_order_relaxed);
        return t0 == 0 ? Nanos(0) : std::chrono::duration_cast<Nanos>(Clock::now().time_since_epoch()) - Nanos(t0);
    }
    NodeIndex lookup(std::string_view name) const {
        const auto it = by_name.find(name);
        return it == by_name.end() ? kNoNode : it->second;
    }
};

}  // namespace archlab::live
