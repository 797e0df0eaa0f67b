#include "views/topology_model.h"

#include <algorithm>

namespace archlab {

namespace {
constexpr double kSmoothing = 0.5;  ///< weight of the newest rate in the moving average

/// Services beside the request path (discovery, a failover monitor): drawn under the node
/// added before them rather than as a column the requests seem to pass through.
bool beside_the_path(const std::string& kind) { return kind == "discovery" || kind == "monitor"; }
}

TopologySnapshot layout_nodes(const ClusterView& view) {
    TopologySnapshot s;
    s.nodes.reserve(view.nodes.size());
    for (const NodeView& v : view.nodes) {
        TopologyNode node;
        node.name = v.name;
        node.kind = v.kind;
        node.endpoint = v.endpoint;
        node.state = v.state;
        const auto it = std::find(s.stage_kinds.begin(), s.stage_kinds.end(), node.kind);
        if (node.kind == "gateway" && !s.nodes.empty()) {
            node.stage = 0;  // outside clients' door: beside the lab's own client
        } else if (beside_the_path(node.kind) && !s.nodes.empty()) {
            node.stage = s.nodes.back().stage;
        } else if (it == s.stage_kinds.end()) {
            node.stage = static_cast<int>(s.stage_kinds.size());
            s.stage_kinds.push_back(node.kind);
            s.stage_sizes.push_back(0);
        } else {
            node.stage = static_cast<int>(it - s.stage_kinds.begin());
        }
        node.slot = s.stage_sizes[static_cast<std::size_t>(node.stage)]++;
        s.nodes.push_back(std::move(node));
    }
    s.stages = static_cast<int>(s.stage_kinds.size());
    return s;
}

void TopologySampler::reset() {
    prev_.clear();
    rates_.clear();
    prev_s_ = -1.0;
}

TopologySnapshot TopologySampler::sample(const ClusterView& view) {
    const double now_s = view.t_s;
    TopologySnapshot s = layout_nodes(view);
    const double dt = prev_s_ < 0.0 ? 0.0 : now_s - prev_s_;
    prev_s_ = now_s;
    const int n = static_cast<int>(s.nodes.size());

    // Fresh per-direction rates for this interval, folded by node pair (left node first).
    std::map<std::pair<int, int>, TopologyLink> fresh;
    std::map<std::pair<int, int>, LinkFaults> faults;
    for (const LinkView& lv : view.links) {
        const LinkStats& ls = lv.stats;
        faults[{ls.from, ls.to}] = lv.faults;
        const int from = ls.from, to = ls.to;
        if (from >= n || to >= n || from == to) continue;
        Prev& p = prev_[{from, to}];
        const double delivered = dt > 0 ? static_cast<double>(ls.delivered - std::min(ls.delivered, p.delivered)) / dt : 0.0;
        const double dropped = dt > 0 ? static_cast<double>(ls.dropped - std::min(ls.dropped, p.dropped)) / dt : 0.0;
        p = {ls.delivered, ls.dropped};
        const auto& nf = s.nodes[static_cast<std::size_t>(from)];
        const auto& nt = s.nodes[static_cast<std::size_t>(to)];
        const bool forward = nf.stage < nt.stage || (nf.stage == nt.stage && from < to);
        const std::pair<int, int> key = forward ? std::pair{from, to} : std::pair{to, from};
        TopologyLink& l = fresh[key];
        l.a = key.first;
        l.b = key.second;
        (forward ? l.forward_per_s : l.backward_per_s) += delivered;
        l.dropped_per_s += dropped;
    }

    for (auto& [key, l] : fresh) {
        const auto it = rates_.find(key);
        if (it != rates_.end() && dt > 0) {
            TopologyLink& old = it->second;
            old.forward_per_s += kSmoothing * (l.forward_per_s - old.forward_per_s);
            old.backward_per_s += kSmoothing * (l.backward_per_s - old.backward_per_s);
            old.dropped_per_s += kSmoothing * (l.dropped_per_s - old.dropped_per_s);
        } else {
            rates_[key] = l;
        }
        TopologyLink out = rates_[key];
        const LinkFaults ab = faults[{key.first, key.second}], ba = faults[{key.second, key.first}];
        const auto loses = [](const LinkFaults& f) { return f.drop > 0.0 || f.duplicate > 0.0 || f.partitioned; };
        out.faulty = loses(ab) || loses(ba);
        out.delayed = !out.faulty && (!ab.healthy() || !ba.healthy());
        s.links.push_back(out);
    }
    return s;
}

}  // namespace archlab
