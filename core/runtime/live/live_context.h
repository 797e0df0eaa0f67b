#pragma once
// The Context a node sees in the live runtime: a thin door onto its NodeHost and the cluster.
#include "core/runtime/context.h"
#include "core/runtime/live/live_cluster.h"

namespace archlab::live {

class NodeHost;

class LiveContext final : public Context {
public:
    LiveContext(NodeHost& host, const LiveCluster& cluster, NodeIndex self, int worker_threads)
        : host_(host), cluster_(cluster), self_(self), worker_threads_(worker_threads) {}

    NodeIndex self() const override { return self_; }
    const std::string& name(NodeIndex node) const override { return cluster_.names.at(node); }
    NodeIndex lookup(std::string_view name) const override { return cluster_.lookup(name); }
    NodeIndex node_count() const override { return cluster_.size(); }
    void send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) override;
    TimerId set_timer(Nanos after, std::uint64_t tag) override;
    void cancel_timer(TimerId id) override;
    Nanos now() const override { return cluster_.now(); }
    std::mt19937_64& random() override;
    void execute(Job job) override;
    int worker_threads() const override { return worker_threads_; }

private:
    NodeHost& host_;               ///< the node's host: transport, timers, workers
    const LiveCluster& cluster_;   ///< names, clock
    NodeIndex self_;               ///< this node's index
    int worker_threads_;           ///< from the node's spec
};

}  // namespace archlab::live
