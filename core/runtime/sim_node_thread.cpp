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
    if (n.service_event) queue_.cancel(*n.service_event);
    if (n.serving) links_.count_dropped(n.serving->msg.from, n.serving->msg.to);
    n.service_event.reset();
    n.serving.reset();
    for (const auto& [id, key] : n.timers) {
        if (key) queue_.cancel(*key);
    }
    n.timers.clear();
    for (const SimEventKey& key : n.job_events) queue_.cancel(key);
    n.job_events.clear();
    n.jobs_running = 0;
    n.jobs_waiting.clear();
}

// ---- The node's thread ------------------------------------------------------------------------

void SimRuntime::enqueue(NodeIndex node, SimWork work) {
    nodes_[node].inbox.push_back(std::move(work));
    drain(node);
}

void SimRuntime::drain(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    while (n.node && !n.paused && !n.serving && !n.inbox.empty()) {
        SimWork work = std::move(n.inbox.front());
        n.inbox.pop_front();
        if (work.kind == SimWork::Kind::Message && !work.served && n.slow_extra.count() > 0) {
            n.serving = std::move(work);  // the thread is busy with it for slow_extra
            n.service_event = queue_.push(now_ + n.slow_extra, [this, node] { finish_service(node); });
            return;
        }
        dispatch(node, work);
    }
}

void SimRuntime::finish_service(NodeIndex node) {
    SimNodeSlot& n = nodes_[node];
    SimWork work = std::move(*n.serving);
    n.serving.reset();
    n.service_event.reset();
    work.served = true;
    if (n.paused) {
        n.inbox.push_front(std::move(work));  // handled first on resume
        return;
    }
    dispatch(node, work);
    drain(node);
}

void SimRuntime::dispatch(NodeIndex node, SimWork& work) {
    SimNodeSlot& n = nodes_[node];
    NodeCodeScope scope(*this);
    const auto at = static_cast<std::uint64_t>(now_.count());
    switch (work.kind) {
        case SimWork::Kind::Message:
            trace_.event(TraceHash::Deliver, at, node);
            trace_.mix(work.msg.from);
            trace_.mix(work.msg.type);
            trace_.mix(work.msg.id);
            trace_.bytes(work.msg.body);
            links_.count_delivered(work.msg.from, work.msg.to);
            n.node->on_message(*n.ctx, work.msg);
            break;
        case SimWork::Kind::Timer:
            if (n.timers.erase(work.timer) > 0) {  // else cancelled
                trace_.event(TraceHash::Timer, at, node);
                trace_.mix(work.tag);
                n.node->on_timer(*n.ctx, work.tag);
            }
            break;
        case SimWork::Kind::JobDone:
            trace_.event(TraceHash::JobDone, at, node);
            trace_.mix(static_cast<std::uint64_t>(work.busy.count()));
            if (work.done) work.done(work.busy);
            break;
        case SimWork::Kind::Post:
            trace_.event(TraceHash::Post, at, node);
            work.post(*n.node, *n.ctx);
            break;
    }
}

// ---- Timers ------------------------------------------------------------------------------------

TimerId SimRuntime::set_timer(NodeIndex node, Nanos after, std::uint64_t tag) {
    SimNodeSlot& n = nodes_[node];
    if (!n.node) return 0;
    const TimerId id = next_timer_++;
    const Nanos at = now_ + (after.count() > 0 ? after : Nanos(0));
    n.timers[id] = queue_.push(at, [this, node, id, tag] { fire_timer(node, id, tag); });
    return id;
}

void SimRuntime::cancel_timer(NodeIndex node, TimerId id) {
    SimNodeSlot& n = nodes_[node];
    const auto it = n.timers.find(id);
    if (it == n.timers.end()) return;
    if (it->second) queue_.cancel(*it->second);
    n.timers.erase(it);
}

void SimRuntime::fire_timer(NodeIndex node, TimerId id, std::uint64_t tag) {
    SimNodeSlot& n = nodes_[node];
    const auto it = n.timers.find(id);
    if (it == n.timers.end()) return;
    it->second.reset();  // fired; still cancellable while it waits in the inbox
    SimWork work;
    work.kind = SimWork::Kind::Timer;
    work.timer = id;
    work.tag = tag;
    enqueue(node, std::move(work));
}

// ---- Worker threads ----------------------------------------------------------------------------

void SimRuntime::execute(NodeIndex node, Job job) {
    if (!nodes_[node].node) return;
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
        n.job_events.insert(queue_.push(now_ + busy, [this, node, j = std::move(job), busy]() mutable {
            finish_job(node, std::move(j), busy);
        }));
    }
}

void SimRuntime::finish_job(NodeIndex node, Job job, Nanos busy) {
    SimNodeSlot& n = nodes_[node];
    n.job_events.erase(current_);
    --n.jobs_running;
    start_jobs(node);  // the freed worker takes the next waiting job now
    SimWork work;
    work.kind = SimWork::Kind::JobDone;
    work.done = std::move(job.done);
    work.busy = busy;
    enqueue(node, std::move(work));
}

}  // namespace archlab
