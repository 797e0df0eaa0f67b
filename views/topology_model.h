#pragma once
// What the topology view draws, as a value: nodes placed in stages by kind, and links with
// their message rates. Made from the run's ClusterView on the GUI thread's timer; the view only paints it.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/cluster_view.h"

namespace archlab {

struct TopologyNode {
    std::string name;       ///< "worker-2"
    std::string kind;       ///< "worker"
    std::string endpoint;   ///< "127.0.0.1:40123", or ""
    NodeState state = NodeState::Up;
    int stage = 0;          ///< column: kinds in order of first appearance
    int slot = 0;           ///< row within the stage
};

/// Traffic between two nodes, both directions folded together. `a` is the node further left.
struct TopologyLink {
    int a = 0, b = 0;              ///< node indices
    double forward_per_s = 0.0;    ///< messages a -> b delivered per second (smoothed)
    double backward_per_s = 0.0;   ///< messages b -> a delivered per second (smoothed)
    double dropped_per_s = 0.0;    ///< messages lost either way per second (smoothed)
    bool faulty = false;           ///< messages are lost or doubled (drop, duplicate, partition) in either direction
    bool delayed = false;          ///< only extra delay or jitter is set (a lab's link latency, or a delay fault)
};

struct TopologySnapshot {
    std::vector<TopologyNode> nodes;
    std::vector<TopologyLink> links;
    int stages = 0;                   ///< number of columns
    std::vector<int> stage_sizes;     ///< nodes per column
    std::vector<std::string> stage_kinds;  ///< kind of each column
};

/// Turns cumulative link counters into rates between two samples.
class TopologySampler {
public:
    /// Turns a capture of the cluster (node states, cumulative link counters) into rates.
    TopologySnapshot sample(const ClusterView& view);
    void reset();
    double last_t_s() const { return prev_s_; }

private:
    struct Prev {
        std::uint64_t delivered = 0, dropped = 0;
    };
    std::map<std::pair<int, int>, Prev> prev_;          ///< last counters per directed link
    std::map<std::pair<int, int>, TopologyLink> rates_; ///< smoothed rates per folded link
    double prev_s_ = -1.0;                              ///< time of the last sample
};

/// Nodes and stages only, with no traffic: the layout of a cluster.
TopologySnapshot layout_nodes(const ClusterView& view);

}  // namespace archlab
