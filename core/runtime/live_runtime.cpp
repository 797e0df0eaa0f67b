#include "core/runtime/live_runtime.h"

#include <algorithm>
#include <future>
#include <stdexcept>

#include "core/runtime/live/host_load_meter.h"
#include "core/runtime/live/live_cluster.h"
#include "core/runtime/live/node_host.h"

namespace archlab {

LiveRuntime::LiveRuntime(std::uint64_t seed) : cluster_(std::make_unique<live::LiveCluster>()) {
    cluster_->seed = seed;
}

LiveRuntime::~LiveRuntime() {
    stop();
    hosts_.clear();  // before the cluster they point at
}

NodeIndex LiveRuntime::add_node(NodeSpec spec) {
    std::lock_guard lock(lifecycle_mu_);
    if (started_) throw std::logic_error("LiveRuntime::add_node after start()");
    if (hosts_.size() >= kNoNode) throw std::logic_error("LiveRuntime: too many nodes");
    if (cluster_->by_name.count(spec.name)) throw std::invalid_argument("LiveRuntime: duplicate node name " + spec.name);
    const auto index = static_cast<NodeIndex>(hosts_.size());
    cluster_->names.push_back(spec.name);
    cluster_->by_name.emplace(spec.name, index);
    cluster_->links.resize(static_cast<NodeIndex>(index + 1));
    hosts_.push_back(std::make_unique<live::NodeHost>(*cluster_, index, std::move(spec)));
    return index;
}

void LiveRuntime::start() {
    std::lock_guard lock(lifecycle_mu_);
    if (started_) return;
    started_ = true;
    // Every node listens before any node runs, so the first message of any start() finds its receiver.
    cluster_->ports.assign(hosts_.size(), 0);
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
        hosts_[i]->listen();
        cluster_->ports[i] = hosts_[i]->port();
    }
    cluster_->start_clock();
    std::vector<std::future<void>> booted;
    booted.reserve(hosts_.size());
    for (auto& h : hosts_) booted.push_back(h->start());
    for (auto& b : booted) b.wait();  // so state() says Up and faults apply as soon as start() returns
}

void LiveRuntime::stop() {
    std::lock_guard lock(lifecycle_mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    stopped_at_ns_ = cluster_->now().count();
    for (auto& h : hosts_) h->stop();      // every thread first, so no node talks to a torn-down one
    for (auto& h : hosts_) h->teardown();
}

NodeIndex LiveRuntime::node_count() const { return static_cast<NodeIndex>(hosts_.size()); }

const NodeSpec& LiveRuntime::spec(NodeIndex node) const { return hosts_.at(node)->spec(); }

NodeIndex LiveRuntime::lookup(const std::string& name) const { return cluster_->lookup(name); }

NodeState LiveRuntime::state(NodeIndex node) const { return hosts_.at(node)->state(); }

std::string LiveRuntime::endpoint(NodeIndex node) const {
    const std::uint16_t port = hosts_.at(node)->port();
    return port == 0 ? std::string() : "127.0.0.1:" + std::to_string(port);
}

std::uint64_t LiveRuntime::shed_jobs(NodeIndex node) const { return hosts_.at(node)->shed_jobs(); }

void LiveRuntime::kill(NodeIndex node) { hosts_.at(node)->kill(); }
void LiveRuntime::restart(NodeIndex node) { hosts_.at(node)->restart(); }
void LiveRuntime::pause(NodeIndex node) { hosts_.at(node)->pause(); }
void LiveRuntime::resume(NodeIndex node) { hosts_.at(node)->resume(); }

void LiveRuntime::slow(NodeIndex node, Nanos extra_per_message, double work_factor) {
    hosts_.at(node)->slow(extra_per_message, work_factor);
}

void LiveRuntime::set_link_faults(NodeIndex from, NodeIndex to, const LinkFaults& faults) {
    cluster_->links.set(from, to, faults);
}

LinkFaults LiveRuntime::link_faults(NodeIndex from, NodeIndex to) const { return cluster_->links.get(from, to); }

void LiveRuntime::partition(NodeIndex node, bool cut) {
    if (node >= node_count()) throw std::out_of_range("LiveRuntime::partition: no such node");
    cluster_->links.set_partitioned(node, cut);
}

std::vector<LinkStats> LiveRuntime::link_stats() const { return cluster_->links.stats(); }

void LiveRuntime::post(NodeIndex node, std::function<void(Node&, Context&)> fn) {
    if (node >= node_count() || !fn) return;
    hosts_[node]->post(std::move(fn));
}

Nanos LiveRuntime::now() const {
    const std::int64_t frozen = stopped_at_ns_.load();
    return frozen >= 0 ? Nanos(frozen) : cluster_->now();
}

HostLoad LiveRuntime::host_load() const {
    HostLoad load;
    if (cluster_->t0_ns.load() == 0) return load;  // not started: hosts_ may still grow
    load.measured = true;
    for (const auto& h : hosts_) h->load_meter().add_to(load);
    load.process_cpu_ns = live::process_cpu_ns();
    load.wall_ns = static_cast<std::uint64_t>(std::max<std::int64_t>(now().count(), 0));
    load.host_cores = live::usable_cores();
    return load;
}

}  // namespace archlab
