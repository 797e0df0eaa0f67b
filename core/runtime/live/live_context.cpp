#include "core/runtime/live/live_context.h"

#include "core/runtime/live/node_host.h"

namespace archlab::live {

void LiveContext::send(NodeIndex to, std::uint16_t type, std::uint64_t id, std::string body) {
    host_.send(to, type, id, std::move(body));
}

TimerId LiveContext::set_timer(Nanos after, std::uint64_t tag) { return host_.set_timer(after, tag); }

void LiveContext::cancel_timer(TimerId id) { host_.cancel_timer(id); }

std::mt19937_64& LiveContext::random() { return host_.random(); }

void LiveContext::execute(Job job) { host_.execute(std::move(job)); }

}  // namespace archlab::live
