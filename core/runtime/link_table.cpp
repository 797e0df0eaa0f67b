#include "core/runtime/link_table.h"

#include <algorithm>

namespace archlab {

LinkTable::LinkTable(NodeIndex nodes) { resize(nodes); }

void LinkTable::resize(NodeIndex nodes) {
    std::lock_guard lock(mu_);
    held_ = 0;  // the counters they point into may go away
    if (nodes > stride_) {
        const std::size_t stride = std::max<std::size_t>(nodes, 2 * stride_);
        std::vector<LinkFaults> faults(stride * stride);
        auto counters = std::make_unique<Counters[]>(stride * stride);
        for (NodeIndex f = 0; f < n_; ++f) {
            for (NodeIndex t = 0; t < n_; ++t) {
                const std::size_t from = idx(f, t), to = std::size_t(f) * stride + t;
                faults[to] = faults_[from];
                counters[to].sent = counters_[from].sent.load();
                counters[to].delivered = counters_[from].delivered.load();
                counters[to].dropped = counters_[from].dropped.load();
            }
        }
        faults_ = std::move(faults);
        counters_ = std::move(counters);
        stride_ = stride;
    } else if (nodes < n_) {
        // Links of nodes dropped off the end are forgotten, so growing again starts them clean.
        for (std::size_t f = 0; f < stride_; ++f) {
            for (std::size_t t = 0; t < stride_; ++t) {
                if (f < nodes && t < nodes) continue;
                const std::size_t i = f * stride_ + t;
                faults_[i] = LinkFaults{};
                counters_[i].sent = 0;
                counters_[i].delivered = 0;
                counters_[i].dropped = 0;
            }
        }
        node_cut_.resize(nodes);
        n_ = nodes;
        refresh_any_locked();
        return;
    }
    // Growing adds healthy links only: whether any link is faulted does not change.
    n_ = nodes;
    node_cut_.resize(nodes, 0);
}

namespace {
/// True when a link's settings change what happens to its messages (latency included).
bool shapes_traffic(const LinkFaults& f) { return !f.healthy() || f.latency.count() > 0; }
}  // namespace

void LinkTable::set(NodeIndex from, NodeIndex to, const LinkFaults& faults) {
    std::lock_guard lock(mu_);
    LinkFaults& slot = faults_.at(idx(from, to));
    // Kept as a count, so setting every link of a large cluster is not quadratic per call.
    shaped_links_ -= shapes_traffic(slot) ? 1 : 0;
    slot = faults;
    shaped_links_ += shapes_traffic(slot) ? 1 : 0;
    any_fault_ = shaped_links_ > 0 || cut_nodes_ > 0;
}

LinkFaults LinkTable::get(NodeIndex from, NodeIndex to) const {
    std::lock_guard lock(mu_);
    return faults_.at(idx(from, to));
}

void LinkTable::set_partitioned(NodeIndex node, bool cut_off) {
    std::lock_guard lock(mu_);
    char& cut = node_cut_.at(node);
    cut_nodes_ -= cut ? 1 : 0;
    cut = cut_off ? 1 : 0;
    cut_nodes_ += cut ? 1 : 0;
    any_fault_ = shaped_links_ > 0 || cut_nodes_ > 0;
}

void LinkTable::refresh_any_locked() {
    shaped_links_ = static_cast<std::size_t>(std::count_if(faults_.begin(), faults_.end(), shapes_traffic));
    cut_nodes_ = static_cast<std::size_t>(std::count_if(node_cut_.begin(), node_cut_.end(), [](char c) { return c != 0; }));
    any_fault_ = shaped_links_ > 0 || cut_nodes_ > 0;
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
