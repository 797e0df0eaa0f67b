#pragma once
// A data node's replication log as it holds it in memory: the last `capacity` entries, like
// Redis's repl-backlog, and the identity of the entry just before them (the base). A replica
// whose next position is still held catches up from here (a partial resync); one that needs an
// older position gets a snapshot of the whole store instead (a full resync, data_node.cpp).
// Positions are 1-based and contiguous: base+1 .. head.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "labs/replication/repl_messages.h"

namespace archlab::replication {

class ReplBacklog {
public:
    /// capacity: entries held at most (at least 1).
    explicit ReplBacklog(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

    /// Last position in the log (0 when it has none).
    std::uint64_t head() const { return base_.pos + entries_.size(); }
    /// Last position no longer held (0 when every entry from position 1 is).
    std::uint64_t base() const { return base_.pos; }
    std::size_t capacity() const { return capacity_; }
    /// Entry at pos is held.
    bool holds(std::uint64_t pos) const { return pos > base_.pos && pos <= head(); }
    /// The identity (version, commit time) of the entry at pos is known: held, or the base.
    bool knows(std::uint64_t pos) const { return pos == base_.pos || holds(pos); }
    /// Entry at pos, which knows(pos) (the base entry is empty when base() is 0).
    const LogEntry& at(std::uint64_t pos) const { return pos == base_.pos ? base_ : entries_[pos - base_.pos - 1]; }
    /// Appends e (e.pos must be head() + 1); the oldest entry becomes the base past capacity.
    void push(const LogEntry& e);
    /// Copies of the entries first .. first + count - 1 (all held).
    std::vector<LogEntry> slice(std::uint64_t first, std::size_t count) const;
    /// Empties the log: it starts again at position 1.
    void clear() { reset_to(LogEntry{}); }
    /// Empties the log so that it goes on after `base` (a snapshot's position and entry).
    void reset_to(const LogEntry& base);

private:
    std::size_t capacity_;
    LogEntry base_;                 ///< the entry at base(); all zero when base() is 0
    /// base()+1 .. head(). A deque: it takes and frees memory in blocks at both ends, so the
    /// log's footprint stays flat once full.
    std::deque<LogEntry> entries_;
};

}  // namespace archlab::replication
