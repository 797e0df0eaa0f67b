#pragma once
// What the simulated runtime keeps per node: the live instance, its single "thread" (a FIFO of
// work waiting to run on the node), its timers and its worker-thread pool, all in virtual time.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "core/runtime/context.h"
#include "core/runtime/node.h"
#include "core/runtime/sim_event_queue.h"
#include "core/runtime/sim_timer_table.h"

namespace archlab {

/// One item waiting for the node's thread: a message, a fired timer or a finished job.
struct SimWork {
    enum class Kind { Message, Timer, JobDone, Post };
    Kind kind = Kind::Message;               ///< what to call on the node
    Message msg;                             ///< Kind::Message: the message
    bool served = false;                     ///< Kind::Message: its slow-node service time is spent
    TimerId timer = 0;                       ///< Kind::Timer: which timer
    std::uint64_t tag = 0;                   ///< Kind::Timer: tag handed to on_timer
    std::function<void(Nanos)> done;         ///< Kind::JobDone: the job's callback
    Nanos busy{0};                           ///< Kind::JobDone: virtual thread time the job took
    std::function<void(Node&, Context&)> post;  ///< Kind::Post: code posted from outside the node
};

/// Per-node state of the simulated runtime. What every event of the node reads sits together
/// after `serving` (whose engaged flag is its last byte); the transport stream comes last.
struct SimNodeSlot {
    NodeSpec spec;                                   ///< as given to add_node (declared before node: outlives it)
    std::optional<SimWork> serving;                  ///< message in slow service right now
    std::unique_ptr<Context> ctx;                    ///< the node's door to the runtime (outlives instances); holds Context::random()
    std::unique_ptr<Node> node;                      ///< live instance; null while down
    std::uint64_t incarnation = 0;                   ///< kills so far; a message carries the one it was sent to
    bool paused = false;                             ///< stop-the-world: inbox waits
    int jobs_running = 0;                            ///< jobs in service on worker threads
    Nanos slow_extra{0};                             ///< service time per message on the node's thread, ns
    double work_factor = 1.0;                        ///< multiplies Job::hold
    SimTimerTable timers;                            ///< live timers; default key once fired into inbox
    std::deque<SimWork> inbox;                       ///< work waiting for the node's thread, FIFO

    SimEventKey service_event;                       ///< when `serving` finishes (default key: none)
    std::deque<Job> jobs_waiting;                    ///< jobs waiting for a free worker, FIFO
    std::vector<SimEventKey> job_events;             ///< completion events of running jobs, any order
    std::mt19937_64 transport_random;                ///< LinkTable::decide() stream for this sender
    std::size_t inbox_messages = 0;                  ///< Kind::Message items in inbox (bounded by spec.max_inbox)
    std::size_t inbox_bytes = 0;                     ///< their bodies' bytes (bounded by spec.max_inbox_bytes)
    std::uint64_t jobs_shed = 0;                     ///< jobs refused with max_queued_jobs waiting, since start

    /// True when new work would run on the node's thread at once: up, not paused, not serving,
    /// nothing queued ahead of it.
    bool idle() const { return node && !paused && !serving && inbox.empty(); }
};

}  // namespace archlab
