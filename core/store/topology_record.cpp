#include "core/store/topology_record.h"

#include <algorithm>
#include <stdexcept>

#include "core/lab/node_role.h"

namespace archlab {

namespace {
std::uint64_t key_of(std::uint32_t from, std::uint32_t to) { return (std::uint64_t{from} << 32) | to; }

void put_varint(std::vector<unsigned char>& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<unsigned char>(v | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<unsigned char>(v));
}

std::uint64_t get_varint(const std::vector<unsigned char>& in, std::size_t& at) {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (at >= in.size()) throw std::runtime_error("topology record: links cut short");
        const unsigned char b = in[at++];
        v |= std::uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80)) return v;
    }
    throw std::runtime_error("topology record: a number runs over 64 bits");
}

std::uint32_t get_index(const std::vector<unsigned char>& in, std::size_t& at) {
    const std::uint64_t v = get_varint(in, at);
    if (v > 0xffffffffu) throw std::runtime_error("topology record: node index out of range");
    return static_cast<std::uint32_t>(v);
}

std::vector<LinkCount> sorted(const std::unordered_map<std::uint64_t, LinkCount>& counts) {
    std::vector<LinkCount> out;
    out.reserve(counts.size());
    for (const auto& [key, c] : counts) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const LinkCount& a, const LinkCount& b) {
        return key_of(a.from, a.to) < key_of(b.from, b.to);
    });
    return out;
}
}  // namespace

char state_letter(NodeState state) {
    switch (state) {
        case NodeState::Up: return 'u';
        case NodeState::Down: return 'd';
        case NodeState::Paused: return 'p';
        case NodeState::Slow: return 's';
        case NodeState::Partitioned: return 'x';
    }
    return 'u';
}

NodeState state_of_letter(char letter) {
    switch (letter) {
        case 'd': return NodeState::Down;
        case 'p': return NodeState::Paused;
        case 's': return NodeState::Slow;
        case 'x': return NodeState::Partitioned;
        default: return NodeState::Up;
    }
}

std::vector<unsigned char> encode_links(const std::vector<LinkCount>& links) {
    std::vector<unsigned char> out;
    out.reserve(1 + links.size() * 10);
    put_varint(out, links.size());
    for (const LinkCount& l : links) {
        put_varint(out, l.from);
        put_varint(out, l.to);
        put_varint(out, l.delivered);
        put_varint(out, l.dropped);
        out.push_back(l.flags);
    }
    return out;
}

std::vector<LinkCount> decode_links(const std::vector<unsigned char>& bytes) {
    if (bytes.empty()) return {};
    std::size_t at = 0;
    const std::uint64_t n = get_varint(bytes, at);
    if (n > bytes.size()) throw std::runtime_error("topology record: link count larger than its bytes");
    std::vector<LinkCount> out(static_cast<std::size_t>(n));
    for (LinkCount& l : out) {
        l.from = get_index(bytes, at);
        l.to = get_index(bytes, at);
        l.delivered = get_varint(bytes, at);
        l.dropped = get_varint(bytes, at);
        if (at >= bytes.size()) throw std::runtime_error("topology record: links cut short");
        l.flags = bytes[at++];
    }
    return out;
}

std::vector<TopologyNodeName> node_names(const ClusterView& view) {
    std::vector<TopologyNodeName> out;
    out.reserve(view.nodes.size());
    for (const NodeView& n : view.nodes) out.push_back({n.name, n.kind});
    return out;
}

std::uint8_t link_flags(const LinkFaults& f) {
    std::uint8_t flags = 0;
    if (f.drop > 0.0 || f.duplicate > 0.0 || f.partitioned) flags |= kLinkLoses;
    if (f.delay.count() != 0 || f.jitter.count() != 0) flags |= kLinkDelayed;
    return flags;
}

std::vector<LinkCount> link_counts(const ClusterView& view) {
    std::vector<LinkCount> out;
    out.reserve(view.links.size());
    for (const LinkView& l : view.links) {
        out.push_back({static_cast<std::uint32_t>(l.stats.from), static_cast<std::uint32_t>(l.stats.to),
                       l.stats.delivered, l.stats.dropped, link_flags(l.faults)});
    }
    return out;
}

char role_letter(const std::string& role) {
    if (role == kNodeRolePrimary) return 'P';
    if (role == kNodeRoleReplica) return 'R';
    if (role == kNodeRoleRemoved) return 'X';
    if (role == kNodeRoleDraining) return 'D';
    return '-';
}

std::string role_of_letter(char letter) {
    switch (letter) {
        case 'P': return kNodeRolePrimary;
        case 'R': return kNodeRoleReplica;
        case 'X': return kNodeRoleRemoved;
        case 'D': return kNodeRoleDraining;
        default: return {};
    }
}

TopologyRow TopologyRecorder::record(const ClusterView& view) {
    TopologyRow row;
    row.t_s = view.t_s;
    row.states.reserve(view.nodes.size());
    for (const NodeView& n : view.nodes) row.states.push_back(state_letter(n.state));
    if (std::any_of(view.nodes.begin(), view.nodes.end(), [](const NodeView& n) { return !n.role.empty(); })) {
        row.states.push_back('|');
        for (const NodeView& n : view.nodes) row.states.push_back(role_letter(n.role));
    }
    std::vector<LinkCount> changed;
    for (const LinkCount& c : link_counts(view)) {
        LinkCount& last = last_[key_of(c.from, c.to)];
        if (last == c) continue;
        last = c;
        changed.push_back(c);
    }
    row.links = encode_links(changed);
    return row;
}

TopologyTimeline::TopologyTimeline(std::vector<TopologyNodeName> nodes, std::vector<TopologyRow> rows)
    : nodes_(std::move(nodes)), rows_(std::move(rows)) {
    Counts counts;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
        fold(counts, r);
        if (r % kCheckpointEvery == 0) checkpoints_.push_back(counts);
    }
}

void TopologyTimeline::fold(Counts& counts, std::size_t row) const {
    for (const LinkCount& c : decode_links(rows_[row].links)) counts[key_of(c.from, c.to)] = c;
}

std::size_t TopologyTimeline::row_at(double t_s) const {
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), t_s,
                                     [](double t, const TopologyRow& r) { return t < r.t_s; });
    return it == rows_.begin() ? 0 : static_cast<std::size_t>(it - rows_.begin()) - 1;
}

TopologyFrame TopologyTimeline::frame(std::size_t row) const {
    if (rows_.empty()) return start_frame();
    row = std::min(row, rows_.size() - 1);
    const std::size_t base = row / kCheckpointEvery;
    Counts counts = checkpoints_[base];
    for (std::size_t r = base * kCheckpointEvery + 1; r <= row; ++r) fold(counts, r);
    TopologyFrame f;
    f.t_s = rows_[row].t_s;
    const std::string& recorded = rows_[row].states;
    const std::size_t bar = recorded.find('|');
    f.states = recorded.substr(0, bar);
    f.states.resize(nodes_.size(), state_letter(NodeState::Up));
    if (bar != std::string::npos) {
        f.roles = recorded.substr(bar + 1);
        f.roles.resize(nodes_.size(), role_letter({}));
    }
    f.links = sorted(counts);
    return f;
}

TopologyFrame TopologyTimeline::start_frame() const {
    TopologyFrame f;
    f.states.assign(nodes_.size(), state_letter(NodeState::Up));
    return f;
}

}  // namespace archlab
