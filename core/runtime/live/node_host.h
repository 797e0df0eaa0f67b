#pragma once
// One node of a live cluster: its thread and io_context, its listening socket and connections,
// the node instance, its timers, its worker pool, and the node faults applied to it.
//
// A slow node mirrors SimRuntime's single-server model: each message keeps the node's thread
// "busy" for the extra time before it is handled, and whatever arrives meanwhile (messages,
// timers, job results, posts) waits behind it in arrival order. The busy time is a timer on the
// node's event loop, not a sleep, so kill, stop and pause act at once even with long delays.
//
// Threads: node code (start, on_message, on_timer, Job::done) only ever runs on the node's
// thread, which runs the io_context. Fault calls (kill, pause, ...) may come from any thread:
// they flip atomic flags at once, so node code sees the fault from its next event on, and post
// the clean-up to the node's thread.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/net/accept_backoff.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/runtime/live/host_load_meter.h"
#include "core/runtime/live/inbound_session.h"
#include "core/runtime/live/live_cluster.h"
#include "core/runtime/live/live_context.h"
#include "core/runtime/live/outbound_link.h"
#include "core/runtime/live/precise_wait.h"
#include "core/runtime/live/worker_pool.h"
#include "core/runtime/node.h"

namespace archlab::live {

class NodeHost final : public FrameSink {
public:
    NodeHost(LiveCluster& cluster, NodeIndex index, NodeSpec spec);
    ~NodeHost() override;
    NodeHost(const NodeHost&) = delete;
    NodeHost& operator=(const NodeHost&) = delete;

    const NodeSpec& spec() const { return spec_; }
    /// The listening port; 0 before listen().
    std::uint16_t port() const { return port_.load(std::memory_order_relaxed); }

    // Lifecycle, driven by LiveRuntime from its own thread.
    /// Listens on 127.0.0.1: an ephemeral port the first time, the same port afterwards. Throws on failure.
    void listen();
    /// Starts the node's thread, which accepts connections and boots the node; the future is
    /// ready once the node's start() has returned.
    std::future<void> start();
    /// Stops the workers and the node's thread and joins them.
    void stop();
    /// After stop(): destroys the instance and closes every socket, on the calling thread.
    void teardown();

    // Node faults (any thread).
    void kill();                                  ///< instance, timers, queued work and inbound connections die
    void restart();                               ///< kill if up, listen again on the same port, boot a fresh instance
    void pause();                                 ///< messages, timers and job results wait
    void resume();                                ///< delivers what waited, in arrival order
    void slow(Nanos extra_per_message, double work_factor);  ///< zero / 1.0 undo it
    NodeState state() const;
    /// Jobs shed with max_queued_jobs waiting (any thread).
    std::uint64_t shed_jobs() const { return pool_.shed(); }
    /// Timer lateness and hold figures of this node (any thread).
    const HostLoadMeter& load_meter() const { return meter_; }

    /// Any thread: runs fn with the instance on the node's thread (held while paused; dropped when down).
    void post(std::function<void(Node&, Context&)> fn);

    // The node's Context (node thread).
    void send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body);
    TimerId set_timer(Nanos after, std::uint64_t tag);
    void cancel_timer(TimerId id);
    void execute(Job job);
    std::mt19937_64& random() { return random_; }

    // FrameSink (node thread).
    void on_frame(const FrameHeader& header, std::string_view body) override;
    void on_lost_frame(const FrameHeader& header) override;
    void on_session_end(InboundSession& session) override;

private:
    /// An event that arrived while the node was paused.
    struct Held {
        enum class Kind : std::uint8_t { Message, Timer, JobDone, Post };
        Kind kind = Kind::Message;
        Message msg;                         ///< Kind::Message
        bool served = false;                 ///< Kind::Message: its slow-node busy time is spent
        TimerId timer = 0;                   ///< Kind::Timer
        std::uint64_t tag = 0;               ///< Kind::Timer
        std::function<void(Nanos)> done;     ///< Kind::JobDone
        Nanos busy{0};                       ///< Kind::JobDone
        std::uint64_t incarnation = 0;       ///< Kind::JobDone: who submitted the job
        std::function<void(Node&, Context&)> post;  ///< Kind::Post: code posted from outside
    };
    using Timer = boost::asio::steady_timer;

    bool on_node_thread() const;
    void accept();                           ///< arms the acceptor once
    void boot();                             ///< a fresh instance from the factory, then start()
    void do_kill();                          ///< kill's clean-up, node thread
    void do_restart();                       ///< restart, node thread
    void drain_held();                       ///< delivers held events until paused again or empty
    /// Runs on_message, or first keeps the thread busy for a slow node's extra time (unless served).
    void deliver(const Message& msg, bool served = false);
    void begin_service(const Message& msg, Nanos extra);  ///< the thread is busy with msg for extra
    void end_service();                      ///< the busy time is over: handle the message, then what waited
    void on_timer_due(TimerId id, std::uint64_t tag);
    void fire_timer(TimerId id, std::uint64_t tag);
    void on_job_done(std::uint64_t incarnation, std::function<void(Nanos)> done, Nanos busy);
    void on_post(std::function<void(Node&, Context&)>& fn);
    void send_later(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body, Nanos delay);
    OutboundLink& link(NodeIndex to);        ///< the connection to `to`, made on first use
    bool holding() const { return paused_.load(std::memory_order_relaxed) || in_service_ || !held_.empty(); }
    /// Counts a timer of this node's event loop that fired now and was due at `due`.
    void note_timer_fired(Timer::time_point due);

    /// Runs node code; a throw is logged, and an instance killed meanwhile is freed afterwards.
    template <class F>
    void run_node_code(F&& f) {
        ++node_depth_;
        try {
            f();
        } catch (const std::exception& e) {
            log_node_exception(e);
        }
        if (--node_depth_ == 0 && !graveyard_.empty()) graveyard_.clear();
    }
    void log_node_exception(const std::exception& e) const;

    LiveCluster& cluster_;                   ///< shared facts and the link table
    const NodeIndex index_;                  ///< this node
    const NodeSpec spec_;                    ///< name, kind, threads, factory

    boost::asio::io_context io_;             ///< the node's event loop; declared first so it is destroyed last
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;  ///< keeps run() going when idle
    boost::asio::ip::tcp::acceptor acceptor_;///< the listening socket, 127.0.0.1 only
    net::AcceptBackoff accept_backoff_;      ///< out of descriptors: pause accepting, do not spin
    boost::asio::steady_timer accept_pause_; ///< the pause before accepting again
    std::atomic<std::uint16_t> port_{0};     ///< listening port
    std::uint64_t listen_generation_ = 0;    ///< bumps per listen/close, so stale accepts are ignored
    std::vector<std::unique_ptr<OutboundLink>> links_;  ///< by receiver, made on first use
    std::unordered_map<InboundSession*, std::shared_ptr<InboundSession>> sessions_;  ///< open inbound connections

    std::unordered_map<TimerId, std::unique_ptr<Timer>> timers_;  ///< armed (or held) node timers
    std::vector<std::unique_ptr<Timer>> spare_timers_;            ///< recycled timer objects
    TimerId next_timer_ = 1;                 ///< ids never repeat within a run
    std::deque<Held> held_;                  ///< events waiting for resume() or the busy time, in arrival order
    std::size_t held_messages_ = 0;          ///< Kind::Message entries of held_ (bounded by spec_.max_inbox)
    std::size_t held_bytes_ = 0;             ///< their bodies' bytes (bounded by spec_.max_inbox_bytes)
    Timer service_timer_;                    ///< ends a slow node's busy time for serving_
    Message serving_;                        ///< the message the thread is busy with (slow node)
    bool in_service_ = false;                ///< serving_ is in its busy time
    std::uint64_t service_seq_ = 0;          ///< bumps per service and per kill, so stale timer wake-ups are ignored
    Message inbox_;                          ///< reused for each message, to keep its body's capacity

    std::unique_ptr<LiveContext> ctx_;       ///< the node's door to the world
    std::unique_ptr<Node> node_;             ///< the instance; null while down
    std::vector<std::unique_ptr<Node>> graveyard_;  ///< instances killed from inside their own code
    int node_depth_ = 0;                     ///< > 0 while node code is on the stack
    HostLoadMeter meter_;                    ///< keep-up figures; before pool_, which writes to it
    WorkerPool pool_;                        ///< Context::execute threads

    std::mt19937_64 random_;                 ///< Context::random()
    std::mt19937_64 transport_random_;       ///< link decisions for messages this node sends

    std::atomic<bool> running_{false};       ///< between start() and stop()
    std::atomic<bool> down_{true};           ///< no instance (before boot, after kill)
    std::atomic<bool> paused_{false};        ///< stop-the-world
    std::atomic<std::int64_t> slow_extra_ns_{0};  ///< extra time per handled message, ns, in [0, kMaxEmulatedTime]
    std::atomic<std::uint64_t> incarnation_{0};   ///< bumps per kill; jobs of older ones are dropped
    std::thread thread_;                     ///< runs io_
};

}  // namespace archlab::live
