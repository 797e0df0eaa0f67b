#pragma once
// The live runtime: every node on its own thread with its own Asio io_context, worker threads
// for Context::execute, and every message over a real TCP connection on 127.0.0.1.
//
//  - Each node listens on 127.0.0.1, port 0 the first time (endpoint() tells the port) and the
//    same port after a restart. A sender opens one connection per receiver on first use and
//    reuses it; frames are little-endian header + body (live/frame_codec.h).
//  - Link faults come from the LinkTable at send time (drop, duplicate, delay on the sender's
//    thread); a cut link also drops messages still in flight when they arrive.
//  - kill: the instance, its timers and queued jobs are gone (a running job's done is never
//    called), the listening socket and inbound connections close; what senders still send is
//    counted dropped (messages the killed node had already sent stay in flight). restart: a
//    fresh instance on the same port. pause: messages, timers and job results wait and are
//    delivered in order on resume. slow: each message keeps the node's thread busy for
//    extra_per_message before it is handled, everything else waiting behind it (a timer on the
//    node's event loop, so kill and stop cut it short); each job holds work_factor times longer.
//    Both are capped at one hour (core/runtime/emulated_time.h). Fault calls may come from any
//    thread and return at once; node code sees the fault from its next event on, and the
//    clean-up runs on the node's own thread.
//  - Jobs: compute() runs on a worker thread, then the thread stays busy until start + hold:
//    it sleeps until shortly before, then spins at most 200 µs, and not at all on a host where
//    sleeps wake later than that (live/precise_wait.h). Ordinary scheduling only: a hold never
//    preempts other threads or processes.
//  - host_load(): how late the nodes' timers fire, how much longer holds take than asked, and
//    the process's CPU time, so a run can tell when the host, not the model, sets the pace.
//  - Random streams: node i's Context::random() is mt19937_64(node_seed(seed, i, Node)), its
//    transport draws mt19937_64(node_seed(seed, i, Transport)), as in SimRuntime (seed_mix.h).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/runtime/runtime.h"

namespace archlab {

namespace live {
struct LiveCluster;
class NodeHost;
}  // namespace live

class LiveRuntime final : public Runtime {
public:
    explicit LiveRuntime(std::uint64_t seed = 1);
    ~LiveRuntime() override;
    LiveRuntime(const LiveRuntime&) = delete;
    LiveRuntime& operator=(const LiveRuntime&) = delete;

    /// Before start() only; names must be unique (throws std::logic_error / std::invalid_argument).
    NodeIndex add_node(NodeSpec spec) override;
    /// Listens on every node's port, starts every node's thread, and returns once every node's
    /// start() has run. Throws if a port cannot be opened.
    void start() override;
    /// Stops every node and joins every thread. Safe to call twice; not from node code.
    void stop() override;

    NodeIndex node_count() const override;
    const NodeSpec& spec(NodeIndex node) const override;
    NodeIndex lookup(const std::string& name) const override;
    NodeState state(NodeIndex node) const override;
    std::string endpoint(NodeIndex node) const override;
    std::uint64_t shed_jobs(NodeIndex node) const override;

    void kill(NodeIndex node) override;
    void restart(NodeIndex node) override;
    void pause(NodeIndex node) override;
    void resume(NodeIndex node) override;
    void slow(NodeIndex node, Nanos extra_per_message, double work_factor) override;

    /// Link faults: set them after every add_node() (adding a node resets the table).
    void set_link_faults(NodeIndex from, NodeIndex to, const LinkFaults& faults) override;
    LinkFaults link_faults(NodeIndex from, NodeIndex to) const override;
    void partition(NodeIndex node, bool cut) override;
    std::vector<LinkStats> link_stats() const override;

    /// Time since start() on the steady clock; frozen at stop().
    Nanos now() const override;
    /// Any thread; fn runs on the node's thread (held while paused, dropped if down or stopped).
    void post(NodeIndex node, std::function<void(Node&, Context&)> fn) override;
    /// Any thread; measured from start() on (cumulative, frozen counters after stop()).
    HostLoad host_load() const override;

private:
    std::unique_ptr<live::LiveCluster> cluster_;             ///< names, ports, clock, link table
    std::vector<std::unique_ptr<live::NodeHost>> hosts_;     ///< by NodeIndex
    std::mutex lifecycle_mu_;                                ///< serialises start() and stop()
    bool started_ = false;                                   ///< start() ran
    bool stopped_ = false;                                   ///< stop() ran
    std::atomic<std::int64_t> stopped_at_ns_{-1};            ///< now() at stop, ns; -1 while running
};

}  // namespace archlab
