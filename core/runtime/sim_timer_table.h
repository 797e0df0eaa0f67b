#pragma once
// A node's live timers in the simulated runtime: TimerId -> the event that fires it. A flat
// open-addressing table (linear probing, backward-shift erase, at most half full), so setting
// and cancelling a timer allocates nothing once the table has grown to the node's needs.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/runtime/context.h"
#include "core/runtime/sim_event_queue.h"

namespace archlab {

class SimTimerTable {
public:
    /// The live timer's queued event (a default key once it fired into the node's FIFO), or
    /// null when no such live timer (never set here, fired and handled, or cancelled).
    SimEventKey* find(TimerId id) {
        if (id == 0 || entries_.empty()) return nullptr;
        for (std::size_t i = home(id);; i = (i + 1) & mask()) {
            if (entries_[i].id == id) return &entries_[i].event;
            if (entries_[i].id == 0) return nullptr;
        }
    }
    /// Adds a timer; `id` (nonzero) must not be in the table.
    void insert(TimerId id, const SimEventKey& event) {
        if (2 * (size_ + 1) > entries_.size()) grow();
        std::size_t i = home(id);
        while (entries_[i].id != 0) i = (i + 1) & mask();
        entries_[i] = Entry{id, event};
        ++size_;
    }
    /// Removes a timer; false when it is not in the table. `removed` (optional) gets its event.
    bool erase(TimerId id, SimEventKey* removed = nullptr);
    /// Calls f(id, event) for every live timer, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (const Entry& e : entries_) {
            if (e.id != 0) f(e.id, e.event);
        }
    }
    void clear();
    std::size_t size() const { return size_; }

private:
    /// One table cell; id 0 marks an empty cell (TimerId 0 is never handed out).
    struct Entry {
        TimerId id = 0;     ///< timer id, 0 when empty
        SimEventKey event;  ///< its queued event
    };
    std::size_t mask() const { return entries_.size() - 1; }
    /// Preferred cell: Fibonacci hashing, as ids of one node are spread over a global counter.
    std::size_t home(TimerId id) const {
        return static_cast<std::size_t>((id * 0x9e3779b97f4a7c15ULL) >> shift_);
    }
    void grow();  ///< doubles the capacity (8 cells at first) and re-inserts every timer

    std::vector<Entry> entries_;  ///< power-of-two number of cells
    std::size_t size_ = 0;        ///< live timers
    unsigned shift_ = 64;         ///< 64 - log2(cells)
};

}  // namespace archlab
