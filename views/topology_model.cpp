#include "views/topology_model.h"

#include <algorithm>

namespace archlab {

namespace {
constexpr double kSmoothing = 0.5;    ///< weight of the newest rate in the moving average
constexpr std::size_t kNotUpListed = 8;   ///< members not up named in a group's tooltip

/// Services beside the request path (discovery, a failover monitor): drawn under the node
/// added before them rather than as a column the requests seem to pass through.
bool beside_the_path(const std::string& kind) { return kind == "discovery" || kind == "monitor"; }

/// Places nodes in stages by kind; one box per node.
void place(TopologySnapshot& s) {
    for (std::size_t i = 0; i < s.nodes.size(); ++i) {
        TopologyNode& node = s.nodes[i];
        const auto it = std::find(s.stage_kinds.begin(), s.stage_kinds.end(), node.kind);
        if (node.kind == "gateway" && i > 0) {
            node.stage = 0;  // outside clients' door: beside the lab's own client
        } else if (beside_the_path(node.kind) && i > 0) {
            node.stage = s.nodes[i - 1].stage;
        } else if (it == s.stage_kinds.end()) {
            node.stage = static_cast<int>(s.stage_kinds.size());
            s.stage_kinds.push_back(node.kind);
            s.stage_sizes.push_back(0);
        } else {
            node.stage = static_cast<int>(it - s.stage_kinds.begin());
        }
        node.slot = s.stage_sizes[static_cast<std::size_t>(node.stage)]++;
        node.box = static_cast<int>(i);
        s.boxes.push_back({static_cast<int>(i), -1, node.stage, node.slot});
    }
    s.stages = static_cast<int>(s.stage_kinds.size());
}

bool loses(std::uint8_t flags) { return (flags & kLinkLoses) != 0; }
/// Whether either end of `l` (a link between single nodes) is down.
bool down_end(const TopologySnapshot& s, const TopologyLink& l) {
    return s.nodes[static_cast<std::size_t>(l.a)].state == NodeState::Down ||
           s.nodes[static_cast<std::size_t>(l.b)].state == NodeState::Down;
}
bool delayed(std::uint8_t flags) { return (flags & kLinkDelayed) != 0; }
}  // namespace

TopologySnapshot layout_nodes(const ClusterView& view) {
    TopologySnapshot s;
    s.t_s = view.t_s;
    s.nodes.reserve(view.nodes.size());
    s.boxes.reserve(view.nodes.size());
    for (const NodeView& v : view.nodes) {
        TopologyNode node;
        node.name = v.name;
        node.kind = v.kind;
        node.endpoint = v.endpoint;
        node.note = v.note;
        node.role = v.role;
        node.state = v.state;
        s.nodes.push_back(std::move(node));
    }
    place(s);
    return s;
}

std::vector<TopologyLink> fold_links(const TopologySnapshot& s, const std::vector<LinkRate>& rates) {
    const int n = static_cast<int>(s.nodes.size());
    std::map<std::pair<int, int>, TopologyLink> folded;
    std::map<std::pair<int, int>, std::uint8_t> flags;   ///< both directions' flags, or-ed
    for (const LinkRate& r : rates) {
        if (r.from < 0 || r.to < 0 || r.from >= n || r.to >= n || r.from == r.to) continue;
        const auto& nf = s.nodes[static_cast<std::size_t>(r.from)];
        const auto& nt = s.nodes[static_cast<std::size_t>(r.to)];
        const bool forward = nf.stage < nt.stage || (nf.stage == nt.stage && r.from < r.to);
        const std::pair<int, int> key = forward ? std::pair{r.from, r.to} : std::pair{r.to, r.from};
        TopologyLink& l = folded[key];
        l.a = key.first;
        l.b = key.second;
        (forward ? l.forward_per_s : l.backward_per_s) += r.delivered_per_s;
        l.dropped_per_s += r.dropped_per_s;
        flags[key] |= r.flags;
    }
    std::vector<TopologyLink> out;
    out.reserve(folded.size());
    for (auto& [key, l] : folded) {
        const std::uint8_t f = flags[key];
        l.faulty = loses(f);
        l.delayed = !l.faulty && delayed(f);
        // A node that is down carries nothing now: what it handled earlier in the interval,
        // before it died, is not a rate the room should read off its link. Losses still show.
        if (down_end(s, l)) l.forward_per_s = l.backward_per_s = 0.0;
        out.push_back(l);
    }
    return out;
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

    // Fresh per-direction rates for this interval, then folded by node pair (left node first).
    std::vector<LinkRate> rates;
    rates.reserve(view.links.size());
    for (const LinkView& lv : view.links) {
        const LinkStats& ls = lv.stats;
        Prev& p = prev_[{ls.from, ls.to}];
        LinkRate r{static_cast<int>(ls.from), static_cast<int>(ls.to), 0.0, 0.0, link_flags(lv.faults)};
        if (dt > 0) {
            r.delivered_per_s = static_cast<double>(ls.delivered - std::min(ls.delivered, p.delivered)) / dt;
            r.dropped_per_s = static_cast<double>(ls.dropped - std::min(ls.dropped, p.dropped)) / dt;
        }
        p = {ls.delivered, ls.dropped};
        rates.push_back(r);
    }

    for (const TopologyLink& l : fold_links(s, rates)) {
        const std::pair<int, int> key{l.a, l.b};
        const auto it = rates_.find(key);
        // Smoothed, except into or out of a node that is down: its link shows no rate at once
        // rather than a dwindling average of the traffic it had before it died.
        if (it != rates_.end() && dt > 0 && !down_end(s, l)) {
            TopologyLink& old = it->second;
            old.forward_per_s += kSmoothing * (l.forward_per_s - old.forward_per_s);
            old.backward_per_s += kSmoothing * (l.backward_per_s - old.backward_per_s);
            old.dropped_per_s += kSmoothing * (l.dropped_per_s - old.dropped_per_s);
        } else {
            rates_[key] = l;
        }
        TopologyLink out = rates_[key];
        out.faulty = l.faulty;
        out.delayed = l.delayed;
        s.links.push_back(out);
    }
    return s;
}

TopologySnapshot snapshot_between(const std::vector<TopologyNodeName>& nodes, const TopologyFrame& before,
                                  const TopologyFrame& now) {
    TopologySnapshot s;
    s.t_s = now.t_s;
    s.nodes.reserve(nodes.size());
    s.boxes.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        TopologyNode node;
        node.name = nodes[i].name;
        node.kind = nodes[i].kind;
        node.state = i < now.states.size() ? state_of_letter(now.states[i]) : NodeState::Up;
        node.role = i < now.roles.size() ? role_of_letter(now.roles[i]) : std::string();
        s.nodes.push_back(std::move(node));
    }
    place(s);

    // Both frames list links by (from, to): walk them side by side.
    const double dt = now.t_s - before.t_s;
    const auto key = [](const LinkCount& l) { return (std::uint64_t{l.from} << 32) | l.to; };
    std::vector<LinkRate> rates;
    rates.reserve(now.links.size());
    std::size_t j = 0;
    for (const LinkCount& l : now.links) {
        while (j < before.links.size() && key(before.links[j]) < key(l)) ++j;
        const bool had = j < before.links.size() && key(before.links[j]) == key(l);
        const std::uint64_t d0 = had ? before.links[j].delivered : 0, x0 = had ? before.links[j].dropped : 0;
        LinkRate r{static_cast<int>(l.from), static_cast<int>(l.to), 0.0, 0.0, l.flags};
        if (dt > 0) {
            r.delivered_per_s = static_cast<double>(l.delivered - std::min(l.delivered, d0)) / dt;
            r.dropped_per_s = static_cast<double>(l.dropped - std::min(l.dropped, x0)) / dt;
        }
        rates.push_back(r);
    }
    s.links = fold_links(s, rates);
    return s;
}

TopologySnapshot group_stages(const TopologySnapshot& full, int max_per_stage) {
    if (!full.groups.empty()) return full;  // grouped already
    const auto over_full = [&](int stage) { return full.stage_sizes[static_cast<std::size_t>(stage)] > max_per_stage; };
    bool any = false;
    for (int st = 0; st < full.stages; ++st) any = any || over_full(st);
    if (!any) return full;

    // Nodes per (stage, kind) in the stages that overflow: kinds with several nodes there group.
    std::map<std::pair<int, std::string>, int> per_kind;
    for (const TopologyNode& n : full.nodes) {
        if (over_full(n.stage)) ++per_kind[{n.stage, n.kind}];
    }
    TopologySnapshot g;
    g.nodes = full.nodes;
    g.stages = full.stages;
    g.stage_kinds = full.stage_kinds;
    g.stage_sizes.assign(static_cast<std::size_t>(full.stages), 0);
    g.t_s = full.t_s;
    std::map<std::pair<int, std::string>, int> group_of;   ///< (stage, kind) -> group index
    std::vector<int> group_box;                             ///< group index -> its box
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        TopologyNode& n = g.nodes[i];
        const std::pair<int, std::string> key{n.stage, n.kind};
        const bool grouped = over_full(n.stage) && per_kind[key] > 1;
        if (!grouped) {
            n.box = static_cast<int>(g.boxes.size());
            g.boxes.push_back({static_cast<int>(i), -1, n.stage, g.stage_sizes[static_cast<std::size_t>(n.stage)]++});
            continue;
        }
        auto it = group_of.find(key);
        if (it == group_of.end()) {
            it = group_of.emplace(key, static_cast<int>(g.groups.size())).first;
            g.groups.push_back({n.kind, 0, {}, {}, 0.0});
            group_box.push_back(static_cast<int>(g.boxes.size()));
            g.boxes.push_back({-1, it->second, n.stage, g.stage_sizes[static_cast<std::size_t>(n.stage)]++});
        }
        TopologyGroup& group = g.groups[static_cast<std::size_t>(it->second)];
        ++group.size;
        ++group.states[static_cast<std::size_t>(n.state)];
        if (n.state != NodeState::Up && group.not_up.size() < kNotUpListed) group.not_up.push_back(static_cast<int>(i));
        n.box = group_box[static_cast<std::size_t>(it->second)];
    }

    // Links onto boxes: summed, both directions folded again with the left box first.
    std::map<std::pair<int, int>, TopologyLink> folded;
    for (const TopologyLink& l : full.links) {
        int a = g.nodes[static_cast<std::size_t>(l.a)].box, b = g.nodes[static_cast<std::size_t>(l.b)].box;
        double fwd = l.forward_per_s, bwd = l.backward_per_s;
        if (a == b) {
            const int grp = g.boxes[static_cast<std::size_t>(a)].group;
            if (grp >= 0) g.groups[static_cast<std::size_t>(grp)].internal_per_s += fwd + bwd;
            continue;
        }
        const auto& ba = g.boxes[static_cast<std::size_t>(a)];
        const auto& bb = g.boxes[static_cast<std::size_t>(b)];
        if (ba.stage > bb.stage || (ba.stage == bb.stage && a > b)) {
            std::swap(a, b);
            std::swap(fwd, bwd);
        }
        TopologyLink& out = folded[{a, b}];
        out.a = a;
        out.b = b;
        out.forward_per_s += fwd;
        out.backward_per_s += bwd;
        out.dropped_per_s += l.dropped_per_s;
        out.faulty = out.faulty || l.faulty;
        out.delayed = out.delayed || l.delayed;
    }
    g.links.reserve(folded.size());
    for (auto& [key, l] : folded) {
        l.delayed = l.delayed && !l.faulty;
        g.links.push_back(l);
    }
    return g;
}

}  // namespace archlab
