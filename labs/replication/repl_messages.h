#pragma once
// Wire format of the replication lab: fixed little structs copied in and out of message bodies.
// No struct has padding (explicit `pad` members instead, see core/runtime/packed_body.h): every
// byte of a body is defined, so a virtual run's fingerprint depends on nothing but the run.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/runtime/packed_body.h"

namespace archlab::replication {

enum MsgType : std::uint16_t {
    kWrite = 1,          ///< client -> primary: write or compare-and-set (WriteRequest)
    kWriteReply = 2,     ///< primary -> client (WriteReply)
    kRead = 3,           ///< client -> any data node (ReadRequest)
    kReadReply = 4,      ///< data node -> client (ReadReply)
    kAppend = 5,         ///< primary -> replica: AppendHeader + LogEntry[count]
    kAppendAck = 6,      ///< replica -> primary (AppendAck)
    kHeartbeat = 7,      ///< monitor -> data node (Leadership)
    kHeartbeatReply = 8, ///< data node -> monitor (NodeStatus)
    kNewPrimary = 9,     ///< monitor -> data nodes and clients (Leadership; to clients every heartbeat round)
    kQuorumWrite = 10,   ///< client -> data node, quorum mode: a versioned value (LogEntry, pos unused)
    kQuorumWriteAck = 11,///< data node -> client (ReadReply: what it holds now)
    kQuorumRead = 12,    ///< client -> data node (ReadRequest)
    kQuorumReadReply = 13,///< data node -> client (ReadReply)
    kSnapshot = 14       ///< primary -> replica, full resync: SnapshotHeader + StoreRow[keys + ledger]
};

enum class WriteKind : std::uint8_t { Write = 0, Cas = 1 };
enum class WriteStatus : std::uint8_t { Ok = 0, CasMismatch = 1, NotPrimary = 2 };

/// One write as the log holds it; version = term << 32 | per-key sequence (quorum: a timestamp).
struct LogEntry {
    std::uint64_t pos = 0;        ///< log position, 1-based
    std::uint64_t version = 0;
    std::int64_t value = 0;
    std::int64_t commit_ns = 0;   ///< when the primary appended it (run clock), ns
    std::uint32_t key = 0;
    std::uint32_t pad = 0;
};

struct WriteRequest {
    WriteRequest() = default;
    /// Arguments in the order callers think of them; the fields are ordered to leave no padding.
    WriteRequest(WriteKind k, std::uint32_t key_, std::int64_t value_, std::int64_t expected_)
        : value(value_), expected(expected_), key(key_), kind(k) {}
    std::int64_t value = 0;       ///< new value (cas: the value to set)
    std::int64_t expected = 0;    ///< cas: the value the key must hold (0 = absent)
    std::uint32_t key = 0;
    WriteKind kind = WriteKind::Write;
    std::uint8_t pad[3] = {};
};

struct WriteReply {
    WriteReply() = default;
    /// Arguments in the order callers think of them; the fields are ordered to leave no padding.
    WriteReply(WriteStatus s, std::uint64_t v) : version(v), status(s) {}
    std::uint64_t version = 0;    ///< version the write got (Ok)
    WriteStatus status = WriteStatus::Ok;
    std::uint8_t pad[7] = {};
};

struct ReadRequest {
    std::uint32_t key = 0;
};

struct ReadReply {
    std::int64_t value = 0;
    std::uint64_t version = 0;    ///< 0 when absent
    std::uint8_t found = 0;
    /// 1: refused, this node is not the primary (read_from=primary reads only; a deposed primary
    /// that the client has not yet heard is deposed may be rebuilding its copy from scratch)
    std::uint8_t not_primary = 0;
    std::uint8_t pad[6] = {};
};

struct AppendHeader {
    std::uint64_t term = 0;
    std::uint64_t prev = 0;       ///< position just before the first entry (keep-alive: the primary's head)
    std::uint64_t prev_version = 0;   ///< identity of the primary's entry at prev (0 when prev = 0) ...
    std::int64_t prev_commit_ns = 0;  ///< ... version and commit time: a replica holding another entry there diverged
    std::uint32_t count = 0;      ///< entries that follow (0 = keep-alive)
    std::uint32_t pad = 0;
    /// Sync and semi-sync: the position up to which the sender's mode counts its log as
    /// replicated (DataNode::replicated_pos); a replica answers reads only of what is.
    std::uint64_t replicated = 0;
};

struct AppendAck {
    std::uint64_t term = 0;       ///< the replica's term (higher than the sender's: it is stale)
    std::uint64_t applied = 0;    ///< last position applied to the replica's database
    std::uint64_t received = 0;   ///< last position in the replica's log
    std::uint8_t gap = 0;         ///< 1: entries started past received + 1, resend from there
    std::uint8_t pad[7] = {};
};

struct Leadership {
    std::uint64_t term = 0;
    std::uint64_t alive = ~0ULL;  ///< bit i: data node of ordinal i answered heartbeats lately
    std::uint16_t primary = 0;    ///< node index of the primary for that term
    std::uint16_t pad[3] = {};
    /// Sync mode: the in-sync set the monitor holds for this term (bit i: data node of ordinal i),
    /// the primary's proposal number isr_seq; proposal 0 of every term is every data node.
    std::uint64_t isr_seq = 0;
    std::uint64_t isr = ~0ULL;
};

struct NodeStatus {
    std::uint64_t term = 0;
    std::uint64_t applied = 0;
    std::uint8_t is_primary = 0;
    std::uint8_t pad[7] = {};
    std::uint64_t applied_term = 0;  ///< term of the entry at `applied` (0 = empty): who is most up to date
    /// Primary: the last log position whose write it acknowledged to a client (as a new primary,
    /// at first everything it holds: its predecessor may have acknowledged it); 0 on a replica.
    std::uint64_t acked = 0;
    /// Primary, sync mode: its latest proposal of the in-sync set (bit i: ordinal i) and its number.
    std::uint64_t isr_seq = 0;
    std::uint64_t isr = ~0ULL;
};

/// One row of a store snapshot's kv table: a key's value and version.
struct StoreRow {
    std::int64_t value = 0;
    std::uint64_t version = 0;
    std::uint32_t key = 0;
    std::uint32_t pad = 0;
};

/// Write values lo..hi (inclusive), all applied: the ledger travels as ranges. Values come from
/// one counter, so a ledger of n values is a few ranges, one more per write that never took effect.
struct ValueRange {
    std::int64_t lo = 0;
    std::int64_t hi = 0;
};

/// A full resync: the primary's whole store as of log position `at.pos`, sent to a replica whose
/// next position has left the primary's backlog. The replica replaces its store with it and goes
/// on from at.pos + 1 (`at` is that entry, its identity for the next append's log matching).
struct SnapshotHeader {
    std::uint64_t term = 0;
    LogEntry at;
    std::uint32_t keys = 0;       ///< kv rows that follow ...
    std::uint32_t ranges = 0;     ///< ... then ledger ranges
    // Why it was sent, for the replica's event-log line once it is installed:
    std::uint64_t needed = 0;           ///< the log position the replica needed next
    std::uint64_t backlog_first = 0;    ///< the oldest position the sender's backlog held ...
    std::uint64_t backlog_last = 0;     ///< ... and the newest
    std::uint64_t backlog_entries = 0;  ///< its capacity (backlog_entries)
};

/// What a snapshot carries after its header.
struct StoreSnapshot {
    std::vector<StoreRow> keys;      ///< the kv table
    std::vector<ValueRange> ledger;  ///< every write value applied, as ascending disjoint ranges (the lab's lost-write audit reads it)
};

/// SnapshotHeader + rows (h.keys and h.ranges are set from the snapshot).
std::string pack_snapshot(SnapshotHeader h, const StoreSnapshot& s);
/// False when the body is malformed.
bool unpack_snapshot(std::string_view body, SnapshotHeader& h, StoreSnapshot& s);

/// AppendHeader + entries (h.count is set from count).
std::string pack_append(AppendHeader h, const LogEntry* entries, std::size_t count);
/// False when the body is malformed.
bool unpack_append(std::string_view body, AppendHeader& h, std::vector<LogEntry>& entries);

}  // namespace archlab::replication
