#pragma once
// The cluster's topology as recorded with every sample, compact enough for 1,000-node runs:
// the node names and kinds once per run; then per sample one state letter per node and the
// cumulative counters of only those links whose counters or faults changed since the sample
// before (a link that carried nothing keeps its last values). TopologyTimeline reads the rows
// back into a ClusterView at any sample, so a finished run's node states and link rates can be
// shown at any sampled time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/lab/cluster_view.h"

namespace archlab {

/// One letter per node state in TopologyRow::states: u up, d down, p paused, s slow, x partitioned.
char state_letter(NodeState state);
/// The state of a letter; Up for a letter it does not know.
NodeState state_of_letter(char letter);

/// One letter per node role after the states of a TopologyRow: '-' none, P primary, R replica,
/// X removed from the pool, D draining.
char role_letter(const std::string& role);
/// The role of a letter; "" for '-' and letters it does not know.
std::string role_of_letter(char letter);

/// A node as listed once per run (by NodeIndex).
struct TopologyNodeName {
    std::string name;   ///< "worker-2"
    std::string kind;   ///< "worker"
};

/// Flags of a recorded link: the faults as the topology view draws them.
enum LinkFlag : std::uint8_t {
    kLinkLoses = 1,     ///< drop, duplicate or partition in force
    kLinkDelayed = 2,   ///< added delay or jitter in force (the lab's own latency is no fault)
};

/// A directed link's cumulative counters at a sample.
struct LinkCount {
    std::uint32_t from = 0, to = 0;   ///< node indices
    std::uint64_t delivered = 0;      ///< messages delivered since start
    std::uint64_t dropped = 0;        ///< messages lost since start
    std::uint8_t flags = 0;           ///< LinkFlag bits
    bool operator==(const LinkCount&) const = default;
};

/// One recorded sample. `links` is encode_links() of the links that changed since the previous row.
struct TopologyRow {
    double t_s = 0.0;                   ///< run time of the sample, s
    /// One state_letter() per node, by NodeIndex; when the lab gives its nodes roles, then '|'
    /// and one role_letter() per node (rows recorded before roles existed have none).
    std::string states;
    std::vector<unsigned char> links;   ///< encoded LinkCounts (see encode_links)
};

/// Links as bytes: a varint count, then per link varints from, to, delivered, dropped and one flags byte.
std::vector<unsigned char> encode_links(const std::vector<LinkCount>& links);
/// The links of encode_links(); throws std::runtime_error on truncated or malformed bytes.
std::vector<LinkCount> decode_links(const std::vector<unsigned char>& bytes);

/// The nodes of a capture, for RunStore::set_nodes.
std::vector<TopologyNodeName> node_names(const ClusterView& view);
/// The LinkFlag bits of a link's faults.
std::uint8_t link_flags(const LinkFaults& faults);
/// A capture's links as counters (every link, changed or not).
std::vector<LinkCount> link_counts(const ClusterView& view);

/// The cluster at one recorded sample: node states and every link's cumulative counters so far.
struct TopologyFrame {
    double t_s = 0.0;                 ///< run time, s
    std::string states;               ///< one state_letter() per node
    std::string roles;                ///< one role_letter() per node, "" when the run recorded none
    std::vector<LinkCount> links;     ///< links that carried traffic so far, by (from, to)
};

/// Turns the run's captures into rows, keeping only the links that changed. Run thread only.
class TopologyRecorder {
public:
    /// The row for this capture; links unchanged since the previous call are left out.
    TopologyRow record(const ClusterView& view);

private:
    std::unordered_map<std::uint64_t, LinkCount> last_;   ///< (from << 32 | to) -> counters last recorded
};

/// A recorded run's topology, read back at any sample. Seeking folds the sparse rows forward
/// from a checkpoint (one every kCheckpointEvery rows), so a seek costs at most that many rows.
class TopologyTimeline {
public:
    TopologyTimeline() = default;
    TopologyTimeline(std::vector<TopologyNodeName> nodes, std::vector<TopologyRow> rows);

    bool empty() const { return rows_.empty() || nodes_.empty(); }
    std::size_t size() const { return rows_.size(); }
    const std::vector<TopologyNodeName>& nodes() const { return nodes_; }
    double t_s(std::size_t row) const { return rows_[row].t_s; }
    /// The last row at or before t_s (0 when t_s is before the first).
    std::size_t row_at(double t_s) const;
    /// The cluster at a row: node states and every link's cumulative counters so far.
    TopologyFrame frame(std::size_t row) const;
    /// The cluster before the first sample: every node up, no traffic, at t = 0.
    TopologyFrame start_frame() const;

    static constexpr std::size_t kCheckpointEvery = 32;

private:
    using Counts = std::unordered_map<std::uint64_t, LinkCount>;
    void fold(Counts& counts, std::size_t row) const;   ///< applies one row's links to counts

    std::vector<TopologyNodeName> nodes_;
    std::vector<TopologyRow> rows_;
    std::vector<Counts> checkpoints_;   ///< counters after rows 0, kCheckpointEvery, 2*kCheckpointEvery ...
};

}  // namespace archlab
