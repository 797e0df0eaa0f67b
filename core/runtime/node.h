#pragma once
// Node logic: reacts to messages and timers through its Context, and does no I/O itself.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/runtime/context.h"

namespace archlab {

class Node {
public:
    virtual ~Node() = default;
    /// Called once when the node starts (and again on a fresh instance after restart).
    virtual void start(Context&) {}
    virtual void on_message(Context& ctx, const Message& msg) = 0;
    virtual void on_timer(Context&, std::uint64_t /*tag*/) {}
};

/// Default bounds of a node's queues: work beyond them is shed rather than queued without limit,
/// so a node driven past its capacity keeps its memory flat.
inline constexpr std::size_t kDefaultMaxQueuedJobs = 10000;   ///< jobs waiting for a worker thread
inline constexpr std::size_t kDefaultMaxInbox = 100000;       ///< messages waiting for the node's thread
/// Bytes of message bodies waiting for the node's thread. Large messages reach the count bound
/// late: a sync primary resends up to 512 log entries every 50 ms to a paused replica.
inline constexpr std::size_t kDefaultMaxInboxBytes = 16u << 20;

/// How to make a node: restart builds a fresh instance from the same factory (state is lost,
/// as when a process dies; whatever must survive lives in storage outside the node).
struct NodeSpec {
    std::string name;           ///< stable readable id: "lb", "worker-1", "db"
    std::string kind;           ///< role shown in the topology: client, lb, worker, db, cache ...
    int worker_threads = 0;     ///< threads for Context::execute (0 = none)
    std::function<std::unique_ptr<Node>()> factory;
    /// Jobs waiting for a worker thread beyond this are shed: dropped unrun (as a request whose
    /// client gave up), their done never called but their Job::shed, counted in Runtime::shed_jobs().
    std::size_t max_queued_jobs = kDefaultMaxQueuedJobs;
    /// Messages waiting for the node's thread (while it is paused or slow) beyond this are
    /// dropped at arrival and counted as the link's drops, like a full socket buffer.
    std::size_t max_inbox = kDefaultMaxInbox;
    /// The same bound in bytes of message bodies (the first message waiting is always taken).
    std::size_t max_inbox_bytes = kDefaultMaxInboxBytes;
};

}  // namespace archlab
