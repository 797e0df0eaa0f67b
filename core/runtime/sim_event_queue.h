#pragma once
// The simulated runtime's agenda: callbacks ordered by virtual time, then by the order they
// were scheduled, so equal-time events always run in the same order. Single-threaded.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>

#include "core/runtime/clock.h"

namespace archlab {

/// Identity and position of one scheduled event.
struct SimEventKey {
    Nanos at{0};            ///< virtual time the event fires
    std::uint64_t seq = 0;  ///< scheduling order; breaks ties between equal times

    friend bool operator<(const SimEventKey& a, const SimEventKey& b) {
        return a.at != b.at ? a.at < b.at : a.seq < b.seq;
    }
};

class SimEventQueue {
public:
    /// Schedules fn at virtual time `at`; the key can cancel it.
    SimEventKey push(Nanos at, std::function<void()> fn);
    /// Removes a scheduled event; false when it already ran or was cancelled.
    bool cancel(const SimEventKey& key);
    bool empty() const { return events_.empty(); }
    std::size_t size() const { return events_.size(); }
    /// Key of the earliest event; the queue must not be empty.
    SimEventKey next_key() const { return events_.begin()->first; }
    /// Removes the earliest event and returns its callback; the queue must not be empty.
    std::function<void()> pop(SimEventKey* key);
    void clear() { events_.clear(); }

private:
    std::map<SimEventKey, std::function<void()>> events_;  ///< ordered agenda
    std::uint64_t next_seq_ = 0;                           ///< next tie-break number
};

}  // namespace archlab
