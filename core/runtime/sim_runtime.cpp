#include "core/runtime/sim_runtime.h"

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <variant>

#include "core/runtime/emulated_time.h"
#include "core/runtime/seed_mix.h"
#include "core/runtime/sim_context.h"

namespace archlab {

namespace {
constexpr std::uint64_t kLostIncarnation = UINT64_MAX;  ///< matches no instance
}  // namespace

/// Marks a call that may count link traffic: the counts it held (LinkTable::flush_counts) are
/// added when the outermost such call returns, so they are all in link_stats() between calls.
class SimRuntime::CountScope {
public:
    explicit CountScope(SimRuntime& rt) : rt_(rt) { ++rt_.count_depth_; }
    ~CountScope() {
        if (--rt_.count_depth_ == 0) rt_.links_.flush_counts();
    }
    CountScope(const CountScope&) = delete;
    CountScope& operator=(const CountScope&) = delete;

private:
    SimRuntime& rt_;  ///< runtime whose depth counter this scope holds
};

SimRuntime::SimRuntime(std::uint64_t seed, Nanos base_link_delay) : seed_(seed), base_delay_(base_link_delay) {
    links_.set_single_writer(true);  // one thread drives the runtime; CountScope flushes
}

SimRuntime::~SimRuntime() { stop(); }

NodeIndex SimRuntime::add_node(NodeSpec spec) {
    if (started_) throw std::logic_error("SimRuntime::add_node after start()");
    if (nodes_.size() >= kNoNode) throw std::length_error("SimRuntime: too many nodes");
    const auto index = static_cast<NodeIndex>(nodes_.size());
    SimNodeSlot slot;
    by_name_.emplace(spec.name, index);
    slot.spec = std::move(spec);
    slot.ctx = std::make_unique<SimContext>(*this, index, node_seed(seed_, index, SeedStream::Node));
    slot.transport_random.seed(node_seed(seed_, index, SeedStream::Transport));
    nodes_.push_back(std::move(slot));
    return index;
}

void SimRuntime::start() {
    if (started_) return;
    started_ = true;
    sized_links();
    for (NodeIndex i = 0; i < node_count(); ++i) boot(i);
}

void SimRuntime::stop() {
    if (!started_) return;
    started_ = false;
    for (NodeIndex i = 0; i < node_count(); ++i) {
        SimNodeSlot& n = nodes_[i];
        n.inbox.clear();
        n.inbox_messages = 0;
        n.inbox_bytes = 0;
        n.serving.reset();
        n.service_event = SimEventKey{};
        n.timers.clear();
        n.jobs_waiting.clear();
        n.job_events.clear();
        n.jobs_running = 0;
        n.paused = false;
        bury(std::move(n.node));
    }
    queue_.clear();
}

NodeIndex SimRuntime::lookup(const std::string& name) const {
    const auto it = by_name_.find(name);
    return it == by_name_.end() ? kNoNode : it->second;
}

NodeState SimRuntime::state(NodeIndex node) const {
    const SimNodeSlot& n = nodes_.at(node);
    if (!n.node) return NodeState::Down;
    if (n.paused) return NodeState::Paused;
    if (sized_links().partitioned(node)) return NodeState::Partitioned;
    if (n.slow_extra.count() > 0 || n.work_factor != 1.0) return NodeState::Slow;
    return NodeState::Up;
}

// ---- Node faults -------------------------------------------------------------------------------

void SimRuntime::kill(NodeIndex node) {
    SimNodeSlot& n = nodes_.at(node);
    if (!n.node) return;
    CountScope counting(*this);  // the discarded messages count as dropped
    discard_node_work(node);
    trace_.event(TraceHash::Kill, static_cast<std::uint64_t>(now_.count()), node);
    ++n.incarnation;  // whatever is in flight to the old instance is lost
    n.paused = false;
    bury(std::move(n.node));
}

void SimRuntime::restart(NodeIndex node) {
    if (!started_) return;
    trace_.event(TraceHash::Restart, static_cast<std::uint64_t>(now_.count()), node);
    kill(node);
    boot(node);
}

void SimRuntime::pause(NodeIndex node) {
    SimNodeSlot& n = nodes_.at(node);
    if (!n.node) return;
    n.paused = true;
    trace_.event(TraceHash::Pause, static_cast<std::uint64_t>(now_.count()), node);
}

void SimRuntime::resume(NodeIndex node) {
    SimNodeSlot& n = nodes_.at(node);
    if (!n.node || !n.paused) return;
    CountScope counting(*this);  // held messages are delivered now
    n.paused = false;
    trace_.event(TraceHash::Resume, static_cast<std::uint64_t>(now_.count()), node);
    start_jobs(node);
    drain(node);
}

void SimRuntime::slow(NodeIndex node, Nanos extra_per_message, double work_factor) {
    SimNodeSlot& n = nodes_.at(node);
    n.slow_extra = clamp_emulated(extra_per_message);
    n.work_factor = work_factor > 0.0 ? work_factor : 1.0;  // NaN too; scaled_hold limits huge ones
    trace_.event(TraceHash::Slow, static_cast<std::uint64_t>(now_.count()), node);
    trace_.mix(static_cast<std::uint64_t>(n.slow_extra.count()));
    std::uint64_t factor_bits = 0;
    std::memcpy(&factor_bits, &n.work_factor, sizeof factor_bits);
    trace_.mix(factor_bits);
}

// ---- Link faults and transport -----------------------------------------------------------------

void SimRuntime::set_link_faults(NodeIndex from, NodeIndex to, const LinkFaults& faults) {
    sized_links().set(from, to, faults);
    trace_.event(TraceHash::LinkFaults, static_cast<std::uint64_t>(now_.count()), from);
    trace_.mix(to);
    trace_.mix(static_cast<std::uint64_t>((faults.latency + faults.delay).count()));
    trace_.mix(static_cast<std::uint64_t>(faults.jitter.count()));
    trace_.mix(static_cast<std::uint64_t>(faults.drop * 1e9));
    trace_.mix(static_cast<std::uint64_t>(faults.duplicate * 1e9));
    trace_.mix(faults.partitioned ? 1 : 0);
}

LinkFaults SimRuntime::link_faults(NodeIndex from, NodeIndex to) const { return sized_links().get(from, to); }

std::vector<LinkStats> SimRuntime::link_stats() const { return sized_links().stats(); }

LinkTable& SimRuntime::sized_links() const {
    // Sized once per change of the node count rather than on every add_node (a table of n^2
    // links each time made adding n nodes cost n^3). Resizing clears the table, as adding a node
    // always did; nothing reads or writes it in between.
    if (links_.size() != node_count()) links_.resize(node_count());
    return links_;
}

void SimRuntime::partition(NodeIndex node, bool cut) {
    sized_links().set_partitioned(node, cut);
    trace_.event(TraceHash::Partition, static_cast<std::uint64_t>(now_.count()), node);
    trace_.mix(cut ? 1 : 0);
}

void SimRuntime::send(NodeIndex from, NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) {
    if (!started_ || to >= node_count() || !nodes_[from].node) return;
    CountScope counting(*this);  // also when a test sends through a node's Context between steps
    const Delivery d = links_.decide(from, to, nodes_[from].transport_random);
    // A message to a killed node is lost even if the node restarts before it arrives; one to a
    // node not booted yet (during start()) reaches it.
    const SimNodeSlot& target = nodes_[to];
    const bool killed = !target.node && target.incarnation > 0;
    const std::uint64_t incarnation = killed ? kLostIncarnation : target.incarnation;
    for (int i = 0; i < d.copies; ++i) {
        queue_.push(now_ + base_delay_ + d.delay[i],
                    SimArrival{incarnation, Message{from, to, type, id, i + 1 < d.copies ? std::string(body) : std::move(body)}});
    }
}

void SimRuntime::arrive(SimArrival& arrival) {
    Message& msg = arrival.msg;
    const NodeIndex to = msg.to;
    SimNodeSlot& n = nodes_[to];
    if (!n.node || n.incarnation != arrival.incarnation || links_.cut(msg.from, to)) {
        links_.count_dropped(msg.from, to);
        trace_.event(TraceHash::Drop, static_cast<std::uint64_t>(now_.count()), to);
        trace_.mix(msg.from);
        trace_.mix(msg.id);
        return;
    }
    if (n.idle() && n.slow_extra.count() == 0) {  // the common case, without the inbox
        deliver(to, msg);
        drain(to);
        return;
    }
    // The node is paused or slow and its inbox is full (in messages or in bytes).
    if (n.inbox_messages >= n.spec.max_inbox ||
        (n.inbox_bytes > 0 && n.inbox_bytes + msg.body.size() > n.spec.max_inbox_bytes)) {
        links_.count_dropped(msg.from, to);
        trace_.event(TraceHash::Drop, static_cast<std::uint64_t>(now_.count()), to);
        trace_.mix(msg.from);
        trace_.mix(msg.id);
        return;
    }
    SimWork work;
    work.kind = SimWork::Kind::Message;
    work.msg = std::move(msg);
    enqueue(to, std::move(work));
}

void SimRuntime::post(NodeIndex node, std::function<void(Node&, Context&)> fn) {
    if (!started_ || node >= node_count() || !nodes_[node].node || !fn) return;
    queue_.push(now_, SimPosted{node, std::move(fn)});
}

void SimRuntime::posted(SimPosted& post) {
    const NodeIndex node = post.node;
    SimNodeSlot& n = nodes_[node];
    if (!n.node) return;  // killed before its turn
    if (n.idle()) {
        run_post(node, post.fn);
        drain(node);
        return;
    }
    SimWork work;
    work.kind = SimWork::Kind::Post;
    work.post = std::move(post.fn);
    enqueue(node, std::move(work));
}

// ---- Running -----------------------------------------------------------------------------------

void SimRuntime::run_event(SimEvent& event) {
    if (auto* arrival = std::get_if<SimArrival>(&event)) {
        arrive(*arrival);
    } else if (auto* fire = std::get_if<SimTimerFire>(&event)) {
        fire_timer(*fire);
    } else if (auto* end = std::get_if<SimJobEnd>(&event)) {
        finish_job(*end);
    } else if (auto* service = std::get_if<SimServiceEnd>(&event)) {
        finish_service(service->node);
    } else if (auto* post = std::get_if<SimPosted>(&event)) {
        posted(*post);
    }
}

bool SimRuntime::step() {
    if (queue_.empty()) return false;
    CountScope counting(*this);
    Nanos at{0};
    SimEvent event = queue_.pop(&current_, &at);
    if (at > now_) now_ = at;
    run_event(event);
    return true;
}

void SimRuntime::run_until(Nanos t) {
    while (!queue_.empty() && !(t < queue_.next_at())) step();
    if (now_ < t) now_ = t;
}

void SimRuntime::run_for(Nanos d) { run_until(now_ + d); }

}  // namespace archlab
