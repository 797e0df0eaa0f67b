#pragma once
// A deterministic runtime in virtual time: a manual clock, one event queue and in-memory links.
// It runs the same node code as LiveRuntime, single-threaded, driven by run_until()/step().
// Equal seeds and equal calls give identical runs. Random streams: node i's Context::random()
// is mt19937_64(node_seed(seed, i, SeedStream::Node)) and its transport draws use
// mt19937_64(node_seed(seed, i, SeedStream::Transport)) (see seed_mix.h).
//
// Model:
//  - a message arrives base_link_delay + the LinkTable's extra delay after send(); a cut link at
//    arrival time drops it, and so does a receiver killed since the message was sent;
//  - each node has one thread: messages, timers and job completions wait in a FIFO behind each
//    other; slow() makes each message occupy that thread for extra_per_message;
//  - pause() holds the FIFO (and queued jobs) until resume(), which runs what was held at once;
//    a message whose slow service ends during the pause is handled first at resume;
//  - kill() discards the instance, its FIFO, timers and jobs; restart() builds a fresh instance
//    and calls start() at once;
//  - execute() runs compute() at once and calls done(hold * work_factor) that much later, with
//    at most worker_threads() jobs in service (0 threads counts as 1).
// Single-threaded: drive it and apply faults from one thread (link_stats() excepted; another
// thread sees the link counts as of the last step(), fault call or outside send that returned:
// counts made inside one are added when it returns).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/link_table.h"
#include "core/runtime/runtime.h"
#include "core/runtime/sim_event_queue.h"
#include "core/runtime/sim_node_slot.h"
#include "core/runtime/trace_hash.h"

namespace archlab {

class SimRuntime : public Runtime {
public:
    explicit SimRuntime(std::uint64_t seed, Nanos base_link_delay = std::chrono::microseconds(100));
    /// The fingerprint of the trace: Runtime::fingerprint.
    std::string fingerprint() const override { return trace_.hex(); }
    ~SimRuntime() override;
    SimRuntime(const SimRuntime&) = delete;
    SimRuntime& operator=(const SimRuntime&) = delete;

    // Runtime
    NodeIndex add_node(NodeSpec spec) override;
    void start() override;
    void stop() override;
    NodeIndex node_count() const override { return static_cast<NodeIndex>(nodes_.size()); }
    const NodeSpec& spec(NodeIndex node) const override { return nodes_.at(node).spec; }
    NodeIndex lookup(const std::string& name) const override;
    NodeState state(NodeIndex node) const override;
    std::string endpoint(NodeIndex) const override { return {}; }
    std::uint64_t shed_jobs(NodeIndex node) const override { return nodes_[node].jobs_shed; }
    void kill(NodeIndex node) override;
    void restart(NodeIndex node) override;
    void pause(NodeIndex node) override;
    void resume(NodeIndex node) override;
    void slow(NodeIndex node, Nanos extra_per_message, double work_factor) override;
    void set_link_faults(NodeIndex from, NodeIndex to, const LinkFaults& faults) override;
    LinkFaults link_faults(NodeIndex from, NodeIndex to) const override;
    void partition(NodeIndex node, bool cut) override;
    std::vector<LinkStats> link_stats() const override;
    Nanos now() const override { return now_; }
    /// Queued at the current virtual time; runs on the next step()/run_until(). Not thread-safe.
    void post(NodeIndex node, std::function<void(Node&, Context&)> fn) override;

    /// Runs every event due at or before t, then sets the clock to t (never backwards).
    void run_until(Nanos t);
    /// Runs the next event; false when none is left.
    bool step();
    /// run_until(now() + d).
    void run_for(Nanos d);
    /// Events scheduled and not yet run (messages in flight, timers, service and job ends).
    std::size_t pending_events() const { return queue_.size(); }
    Nanos base_link_delay() const { return base_delay_; }  ///< fixed one-way delay of every link
    /// Hash of the ordered event trace so far (deliveries, drops, timers, jobs, faults): the run's
    /// fingerprint. Equal seeds, nodes and calls give equal fingerprints.
    const TraceHash& trace() const { return trace_; }

private:
    friend class SimContext;

    // Transport and events (sim_runtime.cpp)
    LinkTable& sized_links() const;  ///< links_, first sized to the node count if nodes were added
    void send(NodeIndex from, NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body);
    void run_event(SimEvent& event);  ///< runs one event popped from the agenda
    void arrive(SimArrival& arrival);
    void posted(SimPosted& post);

    // The node's thread, timers and workers (sim_node_thread.cpp). Work that finds the node's
    // thread idle runs at once; other work waits in the inbox (SimWork) and runs from drain().
    void enqueue(NodeIndex node, SimWork work);
    void drain(NodeIndex node);
    void finish_service(NodeIndex node);
    void dispatch(NodeIndex node, SimWork& work);
    void deliver(NodeIndex node, const Message& msg);
    void run_timer(NodeIndex node, TimerId id, std::uint64_t tag);
    void run_job_done(NodeIndex node, std::function<void(Nanos)>& done, Nanos busy);
    void run_post(NodeIndex node, std::function<void(Node&, Context&)>& fn);
    TimerId set_timer(NodeIndex node, Nanos after, std::uint64_t tag);
    void cancel_timer(NodeIndex node, TimerId id);
    void fire_timer(SimTimerFire& fire);
    void execute(NodeIndex node, Job job);
    void start_jobs(NodeIndex node);
    void finish_job(SimJobEnd& end);
    void discard_node_work(NodeIndex node);
    void boot(NodeIndex node);
    void bury(std::unique_ptr<Node> instance);
    class NodeCodeScope;  ///< marks node code on the stack, so a killed instance outlives its call
    class CountScope;     ///< marks a call that counts link traffic; the outermost one flushes

    std::uint64_t seed_;                               ///< run seed
    Nanos base_delay_;                                 ///< one-way delay every message takes, ns
    Nanos now_{0};                                     ///< virtual time since start, ns
    bool started_ = false;                             ///< start() called and stop() not yet
    SimEventQueue queue_;                              ///< the agenda
    SimEventKey current_{};                            ///< key of the event running now (or last run)
    mutable LinkTable links_;                          ///< link faults and traffic counters (sized_links())
    std::vector<SimNodeSlot> nodes_;                   ///< by NodeIndex
    std::map<std::string, NodeIndex, std::less<>> by_name_;  ///< name -> index
    TimerId next_timer_ = 1;                           ///< next timer id (0 is never used)
    int node_code_depth_ = 0;                          ///< >0 while node code runs on the stack
    int count_depth_ = 0;                              ///< CountScopes on the stack
    std::vector<std::unique_ptr<Node>> graveyard_;     ///< killed instances still on the stack
    TraceHash trace_;                                  ///< fingerprint of the event trace
};

}  // namespace archlab
