#pragma once
// The simulated runtime's agenda: events ordered by virtual time, then by the order they were
// scheduled, so equal-time events always run in the same order. Single-threaded.
//
// A 4-ary min-heap of small (time, sequence, slot) entries over a slab of event records reused
// through a free list. Cancelling frees the record at once and leaves its heap entry behind: an
// entry whose sequence number no longer matches its slot's is stale and skipped when it reaches
// the top (sequence numbers are never reused). size() counts live events only.
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/runtime/clock.h"
#include "core/runtime/sim_event.h"

namespace archlab {

/// Handle of one scheduled event, to cancel it. A default key names no event.
struct SimEventKey {
    static constexpr std::uint64_t kNone = UINT64_MAX;  ///< sequence number of no event
    std::uint64_t seq = kNone;  ///< scheduling order; unique per queue
    std::uint32_t slot = 0;     ///< where its record lives in the queue
};

class SimEventQueue {
public:
    /// Schedules `record` at virtual time `at`; the key can cancel it.
    template <class Record>
    SimEventKey push(Nanos at, Record&& record) {
        const SimEventKey key = acquire();
        slots_[key.slot].event.template emplace<std::decay_t<Record>>(std::forward<Record>(record));
        link(at, key);
        return key;
    }
    /// Removes a scheduled event; false when it already ran or was cancelled (or key is default).
    bool cancel(const SimEventKey& key);
    bool empty() const { return live_ == 0; }
    /// Live events: scheduled and neither run nor cancelled.
    std::size_t size() const { return live_; }
    /// Time of the earliest event; the queue must not be empty.
    Nanos next_at();
    /// Removes the earliest event and returns its record; `key` and `at` get its key and time.
    /// The queue must not be empty.
    SimEvent pop(SimEventKey* key, Nanos* at);
    /// Drops every event. Sequence numbers go on (old keys never match a new event).
    void clear();

private:
    /// One heap entry: the ordering key and where the record is.
    struct Entry {
        std::int64_t at;     ///< virtual time, ns
        std::uint64_t seq;   ///< scheduling order: breaks ties
        std::uint32_t slot;  ///< index into slots_
    };
    /// One event record and the sequence number of the event it holds (kNone: free).
    struct Slot {
        std::uint64_t seq = SimEventKey::kNone;  ///< live event in this slot, or kNone
        SimEvent event;                          ///< its record (std::monostate while free)
    };

    /// a runs before b.
    static bool before(const Entry& a, const Entry& b) { return a.at != b.at ? a.at < b.at : a.seq < b.seq; }
    SimEventKey acquire();                     ///< a free slot and the next sequence number
    void link(Nanos at, const SimEventKey& key);  ///< puts the slot's event in the heap
    void release(std::uint32_t slot);          ///< frees a slot whose event ran or was cancelled
    void drop_stale();                         ///< pops cancelled entries off the top
    void pop_top();                            ///< removes heap_[0]
    void compact();                            ///< removes every stale entry, rebuilds the heap

    std::vector<Entry> heap_;            ///< 4-ary min-heap by (at, seq); may hold stale entries
    std::vector<Slot> slots_;            ///< event records by slot
    std::vector<std::uint32_t> free_;    ///< free slots, most recently freed last
    std::size_t live_ = 0;               ///< live events
    std::uint64_t next_seq_ = 0;         ///< next tie-break number
};

}  // namespace archlab
