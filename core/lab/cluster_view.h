#pragma once
// A copy of a cluster's state at one instant: each node's name, kind, endpoint and state, and
// each link's cumulative traffic and faults. The run thread captures it at every sample, so the
// window reads node states and link rates without touching a runtime another thread drives.
#include <string>
#include <vector>

#include "core/runtime/runtime.h"

namespace archlab {

struct NodeView {
    std::string name;       ///< "worker-2"
    std::string kind;       ///< "worker"
    std::string endpoint;   ///< "127.0.0.1:40123", or ""
    NodeState state = NodeState::Up;
    std::string note;       ///< the lab's short word on the node ("31% of keys"), or ""
    std::string role;       ///< its current role ("primary", "removed from the pool"), or ""
};

struct LinkView {
    LinkStats stats;        ///< cumulative counters since start
    LinkFaults faults;      ///< in force at the capture
};

struct ClusterView {
    double t_s = 0.0;               ///< run time of the capture
    std::vector<NodeView> nodes;    ///< by NodeIndex
    std::vector<LinkView> links;    ///< links that carried traffic
};

/// Reads the runtime now; call from the thread that drives it.
ClusterView capture_cluster(const Runtime& runtime, double t_s);

}  // namespace archlab
