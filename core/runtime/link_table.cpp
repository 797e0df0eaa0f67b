#include "core/runtime/link_table.h"

#include <algorithm>

namespace archlab {

LinkTable::LinkTable(NodeIndex nodes) { resize(nodes); }

void LinkTable::resize(NodeIndex nodes) {
    std::lock_guard lock(mu_);
    if (nodes > cap_) {
        const NodeIndex cap = std::max<NodeIndex>(nodes, cap_ * 2);
        std::vector<LinkFaults> faults(std::size_t(cap) * cap, LinkFaults{});
        auto counters = std::make_unique<Counters[]>(std::size_t(cap) * cap);
        for (NodeIndex f = 0; f < n_; ++f) {
            for (NodeIndex t = 0; t < n_; ++t) {
                const std::size_t from = idx(f, t), to = std::size_t(f) * cap + t;
                faults[to] = faults_[from];
                counters[to].sent = counters_[from].sent.load();
                counters[to].delivered = counters_[from].delivered.load();
                counters[to].dropped = counters_[from].dropped.load();
            }
        }
        faults_ = std::move(faults);
        counters_ = std::move(counters);
        cap_ = cap;
    }
    n_ = std::max(n_, nodes);
    node_cut_.resize(n_, 0);
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
    c.sent.fetch_add(1, std::memory_order_relaxed);
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
        c.dropped.fetch_add(1, std::memory_order_relaxed);
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
    counters_[idx(from, to)].delivered.fetch_add(1, std::memory_order_relaxed);
}

void LinkTable::count_dropped(NodeIndex from, NodeIndex to) {
    counters_[idx(from, to)].dropped.fetch_add(1, std::memory_order_relaxed);
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
