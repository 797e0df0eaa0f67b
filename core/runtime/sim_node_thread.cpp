// SimRuntime's model of a node's own thread (a single FIFO server), its timers and its worker
// threads, all in virtual time. Node code is only ever called from here.
#include <cmath>
#include <utility>

#include "core/runtime/emulated_time.h"
#include "core/runtime/sim_runtime.h"

namespace archlab {

/// Marks node code on the stack: an instance killed meanwhile is destroyed only when it returns.
class SimRuntime::NodeCodeScope {
public:
    explicit NodeCodeScope(SimRuntime& rt) : rt_(rt) { ++rt_.node_code_depth_; }
    ~NodeCodeScope() {
        if (--rt_.node_code_depth_ == 0) rt_.graveyard_.clear();
    }
    NodeCodeScope(const NodeCodeScope&) = delete;
    NodeCodeScope& operator=(const NodeCodeScope&) = delete;

private:
    SimRuntime& rt_;  ///< runtime whose depth counter this scope holds
};

void SimRuntime::bury(std::unique_ptr<Node> instance) {
    if (node_code_depth_ > 0) {
        graveyard_.push_back(std::move(instance));
    } else {
        instance.reset();
    }
}

void SimRuntime::boot(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    NodeCodeScope scope(*this);
    n.node = n.spec.factory();
    if (n.node) n.node->start(*n.ctx);
}

void SimRuntime::discard_node_work(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    for (const SimWork& w : n.inbox) {
        if (w.kind == SimWork::Kind::Message) links_.count_dropped(w.msg.from, w.msg.to);
    }
    n.inbox.clear();
    n.inbox_messages = 0;
    n.inbox_bytes = 0;
    queue_.cancel(n.service_event);
    if (n.serving) links_.count_dropped(n.serving->msg.from, n.serving->msg.to);
    n.service_event = SimEventKey{};
    n.serving.reset();
    n.timers.for_each([this](TimerId, const SimEventKey& key) { queue_.cancel(key); });
    n.timers.clear();
    for (const SimEventKey& key : n.job_events) queue_.cancel(key);
    n.job_events.clear();
    n.jobs_running = 0;
    n.jobs_waiting.clear();
}

// ---- The node's thread ------------------------------------------------------------------------

void SimRuntime::enqueue(NodeIndex node, SimWork work) {
    if (work.kind == SimWork::Kind::Message) {
        ++nodes_[node].inbox_messages;
        nodes_[node].inbox_bytes += work.msg.body.size();
    }
    nodes_[node].inbox.push_back(std::move(work));
    drain(node);
}

void SimRuntime::drain(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    while (n.node && !n.paused && !n.serving && !n.inbox.empty()) {
        SimWork work = std::move(n.inbox.front());
        n.inbox.pop_front();
        if (work.kind == SimWork::Kind::Message) {
            --n.inbox_messages;
            n.inbox_bytes -= work.msg.body.size();
        }
        if (work.kind == SimWork::Kind::Message && !work.served && n.slow_extra.count() > 0) {
            n.serving = std::move(work);  // the thread is busy with it for slow_extra
            n.service_event = queue_.push(now_ + n.slow_extra, SimServiceEnd{node});
            return;
        }
        dispatch(node, work);
    }
}

void SimRuntime::finish_service(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    SimWork work = std::move(*n.serving);
    n.serving.reset();
    n.service_event = SimEventKey{};
    work.served = true;
    if (n.paused) {
        ++n.inbox_messages;
        n.inbox_bytes += work.msg.body.size();
        n.inbox.push_front(std::move(work));  // handled first on resume
        return;
    }
    dispatch(node, work);
    drain(node);
}

void SimRuntime::dispatch(NodeIndex node, SimWork& work) {
    switch (work.kind) {
        case SimWork::Kind::Message: deliver(node, work.msg); break;
        case SimWork::Kind::Timer: run_timer(node, work.timer, work.tag); break;
        case SimWork::Kind::JobDone: run_job_done(node, work.done, work.busy); break;
        case SimWork::Kind::Post: run_post(node, work.post); break;
    }
}

void SimRuntime::deliver(NodeIndex node, const Message& msg) {
    SimNodeSlot& n = nodes_[node];
    NodeCodeScope scope(*this);
    trace_.event(TraceHash::Deliver, static_cast<std::uint64_t>(now_.count()), node);
    trace_.mix(msg.from);
    trace_.mix(msg.type);
    trace_.mix(msg.id);
    trace_.bytes(msg.body);
    links_.count_delivered(msg.from, msg.to);
    n.node->on_message(*n.ctx, msg);
}

void SimRuntime::run_timer(NodeIndex node, TimerId id, std::uint64_t tag) {
    SimNodeSlot& n = nodes_[node];
    if (!n.timers.erase(id)) return;  // cancelled while it waited
    NodeCodeScope scope(*this);
    trace_.event(TraceHash::Timer, static_cast<std::uint64_t>(now_.count()), node);
    trace_.mix(tag);
    n.node->on_timer(*n.ctx, tag);
}

void SimRuntime::run_job_done(NodeIndex node, std::function<void(Nanos)>& done, Nanos busy) {
    NodeCodeScope scope(*this);
    trace_.event(TraceHash::JobDone, static_cast<std::uint64_t>(now_.count()), node);
    trace_.mix(static_cast<std::uint64_t>(busy.count()));
    if (done) done(busy);
}

void SimRuntime::run_post(NodeIndex node, std::function<void(Node&, Context&)>& fn) {
    SimNodeSlot& n = nodes_[node];
    NodeCodeScope scope(*this);
    trace_.event(TraceHash::Post, static_cast<std::uint64_t>(now_.count()), node);
    fn(*n.node, *n.ctx);
}

// ---- Timers ------------------------------------------------------------------------------------

TimerId SimRuntime::set_timer(NodeIndex node, Nanos after, std::uint64_t tag) {
    SimNodeSlot& n = nodes_[node];
    if (!n.node) return 0;
    const TimerId id = next_timer_++;
    const Nanos at = now_ + (after.count() > 0 ? after : Nanos(0));
    n.timers.insert(id, queue_.push(at, SimTimerFire{node, id, tag}));
    return id;
}

void SimRuntime::cancel_timer(NodeIndex node, TimerId id) {
    SimNodeSlot& n = nodes_[node];
    SimEventKey key;
    if (n.timers.erase(id, &key)) queue_.cancel(key);  // no event once it fired into the inbox
}

void SimRuntime::fire_timer(SimTimerFire& fire) {
    const NodeIndex node = fire.node;
    SimNodeSlot& n = nodes_[node];
    if (n.idle()) {  // the common case, without the inbox
        run_timer(node, fire.id, fire.tag);  // nothing if the timer is gone
        drain(node);
        return;
    }
    SimEventKey* key = n.timers.find(fire.id);
    if (!key) return;
    *key = SimEventKey{};  // fired; still cancellable while it waits in the inbox
    SimWork work;
    work.kind = SimWork::Kind::Timer;
    work.timer = fire.id;
    work.tag = fire.tag;
    enqueue(node, std::move(work));
}

// ---- Worker threads ----------------------------------------------------------------------------

void SimRuntime::execute(NodeIndex node, Job job) {
    if (!nodes_[node].node) return;
    if (nodes_[node].jobs_waiting.size() >= nodes_[node].spec.max_queued_jobs) {
        ++nodes_[node].jobs_shed;  // shed before its real work: a full queue takes nothing more
        trace_.event(TraceHash::Drop, static_cast<std::uint64_t>(now_.count()), node);
        if (job.shed) {
            // Told as an event of its own, not from inside the node code calling execute().
            Job told;
            told.done = [shed = std::move(job.shed)](Nanos) { shed(); };
            nodes_[node].job_events.push_back(queue_.push(now_, SimJobEnd{node, Nanos{0}, std::move(told), true}));
        }
        return;
    }
    if (job.compute) {
        NodeCodeScope scope(*this);
        job.compute();
    }
    nodes_[node].jobs_waiting.push_back(std::move(job));
    start_jobs(node);
}

void SimRuntime::start_jobs(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    const int threads = n.spec.worker_threads > 0 ? n.spec.worker_threads : 1;
    while (n.node && !n.paused && n.jobs_running < threads && !n.jobs_waiting.empty()) {
        Job job = std::move(n.jobs_waiting.front());
        n.jobs_waiting.pop_front();
        const Nanos busy = scaled_hold(job.hold, n.work_factor);
        ++n.jobs_running;
        n.job_events.push_back(queue_.push(now_ + busy, SimJobEnd{node, busy, std::move(job), false}));
    }
}

void SimRuntime::finish_job(SimJobEnd& end) {
    const NodeIndex node = end.node;
    SimNodeSlot& n = nodes_[node];
    for (SimEventKey& key : n.job_events) {
        if (key.seq == current_.seq) {
            key = n.job_events.back();
            n.job_events.pop_back();
            break;
        }
    }
    if (!end.shed) {
        --n.jobs_running;
        start_jobs(node);  // the freed worker takes the next waiting job now
    }
    if (n.idle()) {  // the common case, without the inbox
        run_job_done(node, end.job.done, end.busy);
        drain(node);
        return;
    }
    SimWork work;
    work.kind = SimWork::Kind::JobDone;
    work.done = std::move(end.job.done);
    work.busy = end.busy;
    enqueue(node, std::move(work));
}

}  // namespace archlab
