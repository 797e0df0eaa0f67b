#pragma once
// A running cluster: nodes, links, and the faults applied to them. Two implementations:
// LiveRuntime (threads, Asio, 127.0.0.1 TCP) and SimRuntime (manual clock, in-memory links).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/runtime/faults.h"
#include "core/runtime/node.h"

namespace archlab {

/// Traffic counters of one directed link, cumulative since start.
struct LinkStats {
    NodeIndex from = kNoNode;
    NodeIndex to = kNoNode;
    std::uint64_t sent = 0;       ///< messages handed to the transport
    std::uint64_t delivered = 0;  ///< messages handed to the receiving node
    std::uint64_t dropped = 0;    ///< lost to drop, partition or a dead receiver
};

/// How well the host keeps up with what the runtime asks of it, cumulative since start. Only the
/// live runtime measures it (virtual time cannot fall behind); `measured` is false elsewhere.
/// The run controller differences two readings to judge an interval (core/lab/host_watch.h).
struct HostLoad {
    bool measured = false;
    std::uint64_t timers_fired = 0;            ///< timers that fired
    std::uint64_t timer_late_ns_sum = 0;       ///< summed lateness of those timers (fire - due), ns
    std::uint64_t timers_late = 0;             ///< timers that fired more than 2 ms after they were due
    std::uint64_t timer_late_max_ns = 0;       ///< worst lateness seen, ns
    std::uint64_t holds = 0;                   ///< job holds (emulated service time) completed
    std::uint64_t hold_asked_ns_sum = 0;       ///< service time asked for by those holds (or their own compute, when longer), ns
    std::uint64_t hold_actual_ns_sum = 0;      ///< time they really took, ns
    std::uint64_t process_cpu_ns = 0;          ///< user + system CPU time of the whole process, ns
    std::uint64_t wall_ns = 0;                 ///< wall time since start, ns (the CPU figure's base)
    int host_cores = 0;                        ///< cores the process may run on
};

class Runtime {
public:
    virtual ~Runtime() = default;

    /// Adds a node before start(); returns its index (in order of addition).
    virtual NodeIndex add_node(NodeSpec spec) = 0;
    virtual void start() = 0;
    /// Stops every node and joins every thread; safe to call twice.
    virtual void stop() = 0;

    virtual NodeIndex node_count() const = 0;
    virtual const NodeSpec& spec(NodeIndex node) const = 0;
    virtual NodeIndex lookup(const std::string& name) const = 0;
    virtual NodeState state(NodeIndex node) const = 0;
    /// "127.0.0.1:PORT" where the node listens (live runtime), "" otherwise.
    virtual std::string endpoint(NodeIndex node) const = 0;

    // Node faults.
    virtual void kill(NodeIndex node) = 0;      ///< stops the node; its state and queued messages are lost
    virtual void restart(NodeIndex node) = 0;   ///< a fresh instance from the factory, start() again
    virtual void pause(NodeIndex node) = 0;     ///< stop-the-world: messages and timers wait
    virtual void resume(NodeIndex node) = 0;
    virtual void slow(NodeIndex node, Nanos extra_per_message, double work_factor) = 0; ///< zero/1.0 undoes it

    // Link faults (directed). partition(node) cuts every link to and from the node.
    virtual void set_link_faults(NodeIndex from, NodeIndex to, const LinkFaults& faults) = 0;
    virtual LinkFaults link_faults(NodeIndex from, NodeIndex to) const = 0;
    virtual void partition(NodeIndex node, bool cut) = 0;

    /// Nonzero links only. Safe to call from any thread while running.
    virtual std::vector<LinkStats> link_stats() const = 0;

    /// Time since start, on the runtime's clock.
    virtual Nanos now() const = 0;

    /// Runs fn on the node's own thread with its current instance and Context, as one more event
    /// in its queue (held while paused), so code outside the cluster can make a node act.
    /// Dropped silently (fn destroyed unrun) when the node is down or the runtime not running.
    virtual void post(NodeIndex node, std::function<void(Node&, Context&)> fn) = 0;

    /// Jobs the node shed since start because max_queued_jobs were already waiting (NodeSpec).
    virtual std::uint64_t shed_jobs(NodeIndex /*node*/) const { return 0; }

    /// Host keep-up figures (live runtime only). Safe from any thread while running.
    virtual HostLoad host_load() const { return {}; }

    /// Hash of the ordered event trace (simulated runtime): equal runs, equal fingerprints.
    /// "" where runs are not deterministic (the live runtime).
    virtual std::string fingerprint() const { return {}; }
};

}  // namespace archlab
