#pragma once
// What the topology view draws, as a value: nodes placed in stages by kind, and links with
// their message rates. Made from the run's ClusterView on the GUI thread's timer (or from a
// recorded run's TopologyFrames when scrubbing); the view only paints it. A stage with more
// nodes than fit is collapsed into one box per kind ("worker ×1000") with counts per state and
// the links to it summed (group_stages). Every step is O(nodes + links).
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/cluster_view.h"
#include "core/store/topology_record.h"

namespace archlab {

inline constexpr int kNodeStates = 5;   ///< NodeState values, Up .. Partitioned

struct TopologyNode {
    std::string name;       ///< "worker-2"
    std::string kind;       ///< "worker"
    std::string endpoint;   ///< "127.0.0.1:40123", or ""
    NodeState state = NodeState::Up;
    std::string note;       ///< the lab's short word on it ("31% of keys"), or ""
    std::string role;       ///< its current role ("primary", "removed from the pool"), or ""
    int stage = 0;          ///< column: kinds in order of first appearance
    int slot = 0;           ///< row within the stage (before grouping)
    int box = 0;            ///< the box it is drawn in (its own, or its group's)
};

/// Nodes of one kind drawn as one box, because their stage holds more than fit.
struct TopologyGroup {
    std::string kind;                         ///< "worker"
    int size = 0;                             ///< nodes in the group
    std::array<int, kNodeStates> states{};    ///< nodes per NodeState
    std::vector<int> not_up;                  ///< the first few members not up (node indices), for the tooltip
    double internal_per_s = 0.0;              ///< messages between members per second (not drawn as links)
};

/// One drawn box: a node, or a group of nodes.
struct TopologyBox {
    int node = -1;    ///< node index, or -1 for a group
    int group = -1;   ///< group index, or -1 for a node
    int stage = 0;    ///< column
    int slot = 0;     ///< row within the column
};

/// Traffic between two boxes, both directions folded together. `a` is the box further left.
struct TopologyLink {
    int a = 0, b = 0;              ///< box indices
    double forward_per_s = 0.0;    ///< messages a -> b delivered per second
    double backward_per_s = 0.0;   ///< messages b -> a delivered per second
    double dropped_per_s = 0.0;    ///< messages lost either way per second
    bool faulty = false;           ///< messages are lost or doubled (drop, duplicate, partition) in either direction
    bool delayed = false;          ///< only extra delay or jitter is set (a lab's link latency, or a delay fault)
};

struct TopologySnapshot {
    std::vector<TopologyNode> nodes;        ///< every node, by NodeIndex
    std::vector<TopologyGroup> groups;      ///< collapsed groups (none before group_stages)
    std::vector<TopologyBox> boxes;         ///< what is drawn; one per node until grouped
    std::vector<TopologyLink> links;        ///< between boxes
    int stages = 0;                         ///< number of columns
    std::vector<int> stage_sizes;           ///< boxes per column
    std::vector<std::string> stage_kinds;   ///< kind of each column
    double t_s = 0.0;                       ///< run time it shows, s
};

/// A directed link's traffic over an interval.
struct LinkRate {
    int from = 0, to = 0;              ///< node indices
    double delivered_per_s = 0.0;
    double dropped_per_s = 0.0;
    std::uint8_t flags = 0;            ///< LinkFlag bits in force at the end of the interval
};

/// Turns cumulative link counters into rates between two samples (smoothed over samples).
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
/// Links between the snapshot's boxes (one box per node): both directions folded, `a` left.
std::vector<TopologyLink> fold_links(const TopologySnapshot& layout, const std::vector<LinkRate>& rates);
/// A recorded run at `now`, link rates averaged since `before` (not smoothed).
TopologySnapshot snapshot_between(const std::vector<TopologyNodeName>& nodes, const TopologyFrame& before,
                                  const TopologyFrame& now);
/// Collapses each stage with more than max_per_stage boxes: every kind with several nodes
/// there becomes one group box; links to members are summed onto the group.
TopologySnapshot group_stages(const TopologySnapshot& full, int max_per_stage);

}  // namespace archlab
