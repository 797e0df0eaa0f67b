#pragma once
// The only door between node logic and the world: send, timers, clock, randomness, work.
// The live runtime implements it with Asio, threads and loopback TCP; the simulated
// runtime with a manual clock and in-memory links. Node code never sees which.
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>

#include "core/runtime/clock.h"
#include "core/runtime/message.h"

namespace archlab {

using TimerId = std::uint64_t;

/// CPU work a node hands to one of its own worker threads.
struct Job {
    Nanos hold{0};                          ///< emulated service time: the thread is busy this long in all
    /// Real work done first on the worker thread (may be empty). It must own what it touches (capture
    /// values and shared_ptrs, never the node): a kill does not wait for a running compute, and the
    /// node may be destroyed while it runs.
    std::function<void()> compute;
    std::function<void(Nanos busy)> done;   ///< called back on the node's own thread; busy = measured thread time
    /// Called back on the node's own thread instead of done when the job was shed unrun (its
    /// compute never ran): max_queued_jobs were already waiting (NodeSpec). May be empty; a node
    /// that marks work as under way until done must set it, or the mark stays for good.
    std::function<void()> shed{};  // {}: Job{hold, compute, done} stays a complete aggregate initializer
};

class Context {
public:
    virtual ~Context() = default;

    /// This node's index and readable name ("worker-2").
    virtual NodeIndex self() const = 0;
    virtual const std::string& name(NodeIndex node) const = 0;
    /// Index of a node by name; kNoNode when the cluster has none by that name.
    virtual NodeIndex lookup(std::string_view name) const = 0;
    /// Number of nodes in the cluster (indexes 0..count-1).
    virtual NodeIndex node_count() const = 0;

    /// Sends a message; the transport may delay, drop, duplicate or cut it (link faults).
    virtual void send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) = 0;

    /// Fires on_timer(tag) once, `after` from now. Timers die with the node (kill).
    virtual TimerId set_timer(Nanos after, std::uint64_t tag) = 0;
    virtual void cancel_timer(TimerId id) = 0;

    /// Time since the run started.
    virtual Nanos now() const = 0;

    /// This node's random source, seeded from the run seed and the node's index.
    virtual std::mt19937_64& random() = 0;

    /// Runs job on one of the node's worker threads (threads given in its NodeSpec).
    /// With every thread busy the job waits in the runtime; nodes that model their own
    /// queue keep at most `worker_threads()` jobs outstanding.
    virtual void execute(Job job) = 0;
    virtual int worker_threads() const = 0;
};

}  // namespace archlab
