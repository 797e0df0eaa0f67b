#pragma once
// The Context a node sees inside SimRuntime: every call but random() forwards to the runtime.
#include <cstdint>
#include <random>

#include "core/runtime/context.h"

namespace archlab {

class SimRuntime;

class SimContext final : public Context {
public:
    /// random_seed seeds the node's Context::random() stream (kept here: it outlives instances).
    SimContext(SimRuntime& runtime, NodeIndex self, std::uint64_t random_seed)
        : rt_(runtime), self_(self), random_(random_seed) {}

    NodeIndex self() const override { return self_; }
    const std::string& name(NodeIndex node) const override;
    NodeIndex lookup(std::string_view name) const override;
    NodeIndex node_count() const override;
    void send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) override;
    TimerId set_timer(Nanos after, std::uint64_t tag) override;
    void cancel_timer(TimerId id) override;
    Nanos now() const override;
    std::mt19937_64& random() override;
    void execute(Job job) override;
    int worker_threads() const override;

private:
    SimRuntime& rt_;   ///< the runtime this node lives in
    NodeIndex self_;   ///< this node's index
    std::mt19937_64 random_;  ///< Context::random() stream
};

}  // namespace archlab
