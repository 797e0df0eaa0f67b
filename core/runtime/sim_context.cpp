#include "core/runtime/sim_context.h"

#include <utility>

#include "core/runtime/sim_runtime.h"

namespace archlab {

const std::string& SimContext::name(NodeIndex node) const { return rt_.spec(node).name; }

NodeIndex SimContext::lookup(std::string_view name) const {
    const auto it = rt_.by_name_.find(name);
    return it == rt_.by_name_.end() ? kNoNode : it->second;
}

NodeIndex SimContext::node_count() const { return rt_.node_count(); }

void SimContext::send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) {
    rt_.send(self_, to, type, id, std::move(body));
}

TimerId SimContext::set_timer(Nanos after, std::uint64_t tag) { return rt_.set_timer(self_, after, tag); }

void SimContext::cancel_timer(TimerId id) { rt_.cancel_timer(self_, id); }

Nanos SimContext::now() const { return rt_.now(); }

std::mt19937_64& SimContext::random() { return random_; }

void SimContext::execute(Job job) { rt_.execute(self_, std::move(job)); }

int SimContext::worker_threads() const { return rt_.nodes_[self_].spec.worker_threads; }

}  // namespace archlab
