#pragma once
// The changes a broker makes to its topics, in order, waiting to be written to its SQLite
// database (broker_db.h). The in-memory topics are the truth while the broker runs; the
// journal is how they outlive a kill.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/broker/stream_id.h"

namespace archlab::broker {

struct JournalOp {
    enum class Kind : std::uint8_t {
        PutEntry,       ///< a new entry: topic, id, fields
        DeleteEntry,    ///< an entry trimmed away: topic, id
        PutStream,      ///< the stream's last id and entries added: topic, id, count
        PutGroup,       ///< a group and its last delivered id: topic, group, id
        PutPending,     ///< a pending entry (new, or delivered again): topic, group, id, consumer, time_ns, count
        DeletePending,  ///< acknowledged: topic, group, id
    };
    Kind kind = Kind::PutEntry;
    std::string topic;
    std::string group;
    std::string consumer;
    StreamId id;
    std::vector<std::string> fields;  ///< field, value, field, value ...
    std::int64_t time_ns = 0;         ///< PutPending: when it was delivered (broker clock)
    std::uint64_t count = 0;          ///< PutStream: entries ever added; PutPending: deliveries
};

/// Ops recorded since the last take().
class Journal {
public:
    void record(JournalOp op) { ops_.push_back(std::move(op)); }
    /// Everything recorded so far; the journal is empty after.
    std::vector<JournalOp> take() { return std::exchange(ops_, {}); }
    bool empty() const { return ops_.empty(); }
    std::size_t size() const { return ops_.size(); }

private:
    std::vector<JournalOp> ops_;
};

}  // namespace archlab::broker
