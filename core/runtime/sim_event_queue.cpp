#include "core/runtime/sim_event_queue.h"

#include <algorithm>

namespace archlab {

namespace {
constexpr std::size_t kArity = 4;             ///< children per heap node
constexpr std::size_t kCompactSlack = 1024;   ///< stale entries tolerated beyond the live count
}  // namespace

SimEventKey SimEventQueue::acquire() {
    SimEventKey key;
    key.seq = next_seq_++;
    if (free_.empty()) {
        key.slot = static_cast<std::uint32_t>(slots_.size());
        slots_.emplace_back();
    } else {
        key.slot = free_.back();
        free_.pop_back();
    }
    slots_[key.slot].seq = key.seq;
    ++live_;
    return key;
}

void SimEventQueue::link(Nanos at, const SimEventKey& key) {
    const Entry e{at.count(), key.seq, key.slot};
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!before(e, heap_[parent])) break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = e;
}

void SimEventQueue::release(std::uint32_t slot) {
    Slot& s = slots_[slot];
    s.seq = SimEventKey::kNone;
    s.event.emplace<std::monostate>();
    free_.push_back(slot);
    if (--live_ == 0) heap_.clear();  // whatever is left is stale
}

bool SimEventQueue::cancel(const SimEventKey& key) {
    if (key.seq == SimEventKey::kNone || key.slot >= slots_.size() || slots_[key.slot].seq != key.seq) return false;
    release(key.slot);
    if (heap_.size() > 2 * live_ + kCompactSlack) compact();
    return true;
}

void SimEventQueue::pop_top() {
    // Bottom-up: walk the hole from the root down to a leaf along the smaller children, then let the former last entry rise from there; it seldom rises far.
    const Entry last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return;
    Entry* h = heap_.data();
    std::size_t i = 0;
    for (;;) {
        const std::size_t first = i * kArity + 1;
        std::size_t best = first;
        if (first + kArity <= n) {
            const std::size_t a = before(h[first + 1], h[first]) ? first + 1 : first;
            const std::size_t b = before(h[first + 3], h[first + 2]) ? first + 3 : first + 2;
            best = before(h[b], h[a]) ? b : a;
        } else if (first < n) {
            for (std::size_t c = first + 1; c < n; ++c) best = before(h[c], h[best]) ? c : best;
        } else {
            break;
        }
        h[i] = h[best];
        i = best;
    }
    while (i > 0) {
        const std::size_t parent = (i - 1) / kArity;
        if (!before(last, h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = last;
}

void SimEventQueue::drop_stale() {
    while (slots_[heap_.front().slot].seq != heap_.front().seq) pop_top();
}

void SimEventQueue::compact() {
    std::vector<Entry> live;
    live.reserve(live_);
    for (const Entry& e : heap_) {
        if (slots_[e.slot].seq == e.seq) live.push_back(e);
    }
    heap_.clear();
    for (const Entry& e : live) link(Nanos(e.at), SimEventKey{e.seq, e.slot});
}

Nanos SimEventQueue::next_at() {
    drop_stale();
    return Nanos(heap_.front().at);
}

SimEvent SimEventQueue::pop(SimEventKey* key, Nanos* at) {
    drop_stale();
    const Entry top = heap_.front();
    pop_top();
    *key = SimEventKey{top.seq, top.slot};
    *at = Nanos(top.at);
    SimEvent event = std::move(slots_[top.slot].event);
    release(top.slot);
    return event;
}

void SimEventQueue::clear() {
    heap_.clear();
    slots_.clear();
    free_.clear();
    live_ = 0;
}

}  // namespace archlab
