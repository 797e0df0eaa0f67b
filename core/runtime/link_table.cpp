#include "core/runtime/link_table.h"

#include <algorithm>

namespace archlab {

LinkTable::LinkTable(NodeIndex nodes) { resize(nodes); }

void LinkTable::resize(NodeIndex nodes) {
    std::lock_guard lock(mu_);
    held_ = 0;  // the counters they point into go away
    n_ = nodes;
    faults_.assign(std::size_t(nodes) * nodes, LinkFaults{});
    node_cut_.assign(nodes, 0);
    counters_ = std::make_unique<Counters[]>(std::size_t(nodes) * nodes);
    any_fault_ = false;
}

void LinkTable::set(NodeIndex from, NodeIndex to, const LinkFaults& faults) {
    std::lock_guard lock(mu_);
    faults_.at(idx(from, to)) = faults;
    refresh_any_locked();
}

LinkFaults LinkTable::get(NodeIndex from, NodeIndex to) const {
    std::lock_guard lock(mu_);
    return faults_.at(idx(from, to));
}

void LinkTable::set_partitioned(NodeIndex node, bool cut_off) {
    std::lock_guard lock(mu_);
    node_cut_.at(node) = cut_off ? 1 : 0;
    refresh_any_locked();
}

void LinkTable::refresh_any_locked() {
    any_fault_ = std::any_of(faults_.begin(), faults_.end(),
                             [](const LinkFaults& f) { return !f.healthy() || f.latency.count() > 0; }) ||
                 std::any_of(node_cut_.begin(), node_cut_.end(), [](char c) { return c != 0; });
}

bool LinkTable::partitioned(NodeIndex node) const {
    std::lock_guard lock(mu_);
    return node_cut_.at(node) != 0;
}

bool LinkTable::cut(NodeIndex from, NodeIndex to) const {
    if (!any_fault_.load(std::memory_order_relaxed)) return false;
    std::lock_guard lock(mu_);
    return node_cut_.at(from) || node_cut_.at(to) || faults_.at(idx(from, to)).partitioned;
}

Delivery LinkTable::decide(NodeIndex from, NodeIndex to, std::mt19937_64& rng) {
    Counters& c = counters_[idx(from, to)];
    bump(c.sent);
    Delivery d;
    if (!any_fault_.load(std::memory_order_relaxed)) return d;

    LinkFaults f;
    bool node_cut = false;
    {
        std::lock_guard lock(mu_);
        f = faults_[idx(from, to)];
        node_cut = node_cut_[from] || node_cut_[to];
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (node_cut || f.partitioned || (f.drop > 0.0 && unit(rng) < f.drop)) {
        bump(c.dropped);
        d.copies = 0;
        return d;
    }
    if (f.duplicate > 0.0 && unit(rng) < f.duplicate) d.copies = 2;
    for (int i = 0; i < d.copies; ++i) {
        Nanos extra = f.latency + f.delay;
        if (f.jitter.count() > 0) {
            std::uniform_int_distribution<std::int64_t> j(0, f.jitter.count());
            extra += Nanos(j(rng));
        }
        d.delay[i] = extra;
    }
    return d;
}

void LinkTable::count_delivered(NodeIndex from, NodeIndex to) {
    bump(counters_[idx(from, to)].delivered);
}

void LinkTable::count_dropped(NodeIndex from, NodeIndex to) {
    bump(counters_[idx(from, to)].dropped);
}

std::vector<LinkStats> LinkTable::stats() const {
    std::vector<LinkStats> out;
    for (NodeIndex f = 0; f < n_; ++f) {
        for (NodeIndex t = 0; t < n_; ++t) {
            const Counters& c = counters_[idx(f, t)];
            LinkStats s{f, t, c.sent.load(std::memory_order_relaxed), c.delivered.load(std::memory_order_relaxed),
                        c.dropped.load(std::memory_order_relaxed)};
            if (s.sent || s.delivered || s.dropped) out.push_back(s);
        }
    }
    return out;
}

}  // namespace archlab
