#include "core/runtime/sim_event_queue.h"

#include <utility>

namespace archlab {

SimEventKey SimEventQueue::push(Nanos at, std::function<void()> fn) {
    const SimEventKey key{at, next_seq_++};
    events_.emplace(key, std::move(fn));
    return key;
}

bool SimEventQueue::cancel(const SimEventKey& key) { return events_.erase(key) > 0; }

std::function<void()> SimEventQueue::pop(SimEventKey* key) {
    auto it = events_.begin();
    if (key) *key = it->first;
    std::function<void()> fn = std::move(it->second);
    events_.erase(it);
    return fn;
}

}  // namespace archlab
