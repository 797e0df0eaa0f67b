#pragma once
// One topic as a Redis stream: entries in id order, and consumer groups that each keep their
// position (last delivered id) and their pending entries (delivered, not yet acknowledged: which
// consumer holds each, when it was last delivered and how often). Both the in-cluster protocol
// and the RESP commands work on this one model; every change is recorded in the journal.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/broker/journal.h"
#include "core/broker/stream_id.h"

namespace archlab::broker {

/// Entries per stream node, as Redis' stream-node-max-entries: approximate trimming ("MAXLEN ~")
/// drops whole nodes only. (Redis also closes a node at 4096 bytes; that limit is not modelled.)
inline constexpr std::uint64_t kEntriesPerNode = 100;

struct StreamEntry {
    std::vector<std::string> fields;  ///< field, value, field, value ...
    std::uint64_t ordinal = 0;        ///< 1 for the first entry ever added, 2 ... (finds its node)
};

struct PendingEntry {
    std::string consumer;        ///< who holds it
    std::int64_t delivered_ns = 0;  ///< last delivery, broker clock, ns
    std::uint64_t deliveries = 0;   ///< times delivered
};

struct ConsumerGroup {
    StreamId last_delivered;                      ///< entries after this are new to the group
    std::map<StreamId, PendingEntry> pending;     ///< the group's pending entries list
};

/// An entry handed out by a read: the entry is null when it was trimmed since it was delivered.
struct ReadItem {
    StreamId id;
    const StreamEntry* entry = nullptr;
};

enum class AddError { None, EqualOrSmaller, ZeroId, Exhausted };

class Stream {
public:
    /// topic: the stream's key (journal ops name it); journal may be null (nothing recorded).
    Stream(std::string topic, Journal* journal) : topic_(std::move(topic)), journal_(journal) {}

    // Entries
    /// Adds an entry with the id spec; unix_ms picks ids for "*". Returns the id or an error
    /// (Redis' rules: ids only grow, 0-0 is never valid).
    AddError add(const AddIdSpec& spec, std::vector<std::string> fields, std::uint64_t unix_ms, StreamId& added);
    /// Trims to at most maxlen entries, oldest first. approx drops whole nodes only, and at most
    /// limit entries (0: no limit), as Redis' "MAXLEN ~ n LIMIT l". Returns entries removed.
    std::uint64_t trim(std::uint64_t maxlen, bool approx, std::uint64_t limit = 0);
    /// Retention of a consumed log: removes the oldest entries while more than keep remain and
    /// the oldest has been delivered to every group and acknowledged by it (none pending). An
    /// entry some group has still to read or acknowledge stays, however old. Returns entries removed.
    std::uint64_t trim_consumed(std::uint64_t keep);
    /// Entries with start <= id <= end, at most count (0: all).
    std::vector<ReadItem> range(StreamId start, StreamId end, std::uint64_t count) const;
    /// Entries with an id above `after`.
    std::uint64_t count_after(StreamId after) const;
    std::uint64_t length() const { return entries_.size(); }
    StreamId last_id() const { return last_id_; }
    /// Id of the newest entry still in the stream (nullopt when empty).
    std::optional<StreamId> newest() const;
    std::uint64_t entries_added() const { return entries_added_; }
    const StreamEntry* find(StreamId id) const;

    // Groups
    /// False when the group exists already.
    bool create_group(const std::string& group, StreamId last_delivered);
    ConsumerGroup* group(const std::string& name);
    const ConsumerGroup* group(const std::string& name) const;
    const std::map<std::string, ConsumerGroup>& groups() const { return groups_; }
    /// New entries for the group (after its last delivered id), at most count (0: all); they
    /// become the consumer's pending entries unless noack. now_ns: delivery time.
    std::vector<ReadItem> read_new(const std::string& group, const std::string& consumer, std::uint64_t count, bool noack,
                                   std::int64_t now_ns);
    /// The consumer's pending entries with id > after, at most count (0: all); each one still in
    /// the stream counts as delivered again.
    std::vector<ReadItem> read_history(const std::string& group, const std::string& consumer, StreamId after,
                                       std::uint64_t count, std::int64_t now_ns);
    /// Hands a pending entry to consumer as a new delivery (count + 1, time now). False when not pending.
    bool redeliver(const std::string& group, StreamId id, const std::string& consumer, std::int64_t now_ns);
    /// Acknowledges ids: returns how many were pending.
    std::uint64_t ack(const std::string& group, const std::vector<StreamId>& ids);

    // Recovery (from the broker's database): no journal ops.
    void restore_meta(StreamId last_id, std::uint64_t entries_added);
    void restore_entry(StreamId id, std::vector<std::string> fields, std::uint64_t ordinal);
    void restore_group(const std::string& group, StreamId last_delivered);
    void restore_pending(const std::string& group, StreamId id, PendingEntry pending);

    const std::string& topic() const { return topic_; }

private:
    void record(JournalOp op);
    void record_pending(const std::string& group, StreamId id, const PendingEntry& p);
    /// Removes the oldest entry (there is one) and journals its deletion.
    void erase_oldest();

    std::string topic_;
    Journal* journal_;
    std::map<StreamId, StreamEntry> entries_;        ///< the entries, by id
    StreamId last_id_;                               ///< largest id ever added (trimming keeps it)
    std::uint64_t entries_added_ = 0;                ///< entries ever added
    std::map<std::string, ConsumerGroup> groups_;    ///< consumer groups, by name
};

}  // namespace archlab::broker
