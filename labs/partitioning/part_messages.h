#pragma once
// Wire format of the partitioning lab: a fixed little header (no padding, see
// core/runtime/packed_body.h) followed by keys and rows as length-prefixed bytes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/packed_body.h"

namespace archlab::partlab {

enum MsgType : std::uint16_t {
    kOp = 1,          ///< client -> router, or router/client -> shard: OpRequest + key [+ scan end]
    kOpReply = 2,     ///< OpReply [+ scan rows]
    kBegin = 10,      ///< coordinator -> shard: a migration to a new map (Migration)
    kDone = 11,       ///< shard -> coordinator: it has moved every key it had to (Done)
    kCommit = 12,     ///< coordinator -> shards and client: this epoch is the map now (EpochMsg)
    kHello = 13,      ///< shard -> coordinator after a (re)start: tell me the map (EpochMsg: what it knows)
    kBatch = 20,      ///< source -> destination: rows moving to it (BatchHeader + rows)
    kBatchAck = 21,   ///< destination -> source: the batch is in its database (BatchHeader)
    kStatsQuery = 30, ///< coordinator -> shard: how many keys, and the median one (EpochMsg)
    kStats = 31,      ///< shard -> coordinator (StatsHeader + median key)
};

enum class OpKind : std::uint8_t { Read = 0, Write = 1, Scan = 2 };
enum class OpStatus : std::uint8_t {
    Ok = 0,        ///< done (read: found)
    NotFound = 1,  ///< read of a key no shard holds
    Moved = 2,     ///< not this shard's key in the map it has (epoch): update the map and go to `shard`
    Ask = 3,       ///< the key is migrating: ask `shard` once, with the asking flag, map unchanged
    Failed = 4,    ///< router -> client: gave up (cause)
};
enum class FailCause : std::uint8_t { None = 0, Timeout = 1, TooManyRedirects = 2 };

struct OpRequest {
    std::uint64_t epoch = 0;   ///< the map the sender routed by
    std::int64_t value = 0;    ///< write: the value, also its version (unique, increasing)
    OpKind kind = OpKind::Read;
    std::uint8_t asking = 0;   ///< sent after an Ask: serve it here, whatever the map says
    std::uint8_t pad[6] = {};
};

struct OpReply {
    std::uint64_t epoch = 0;     ///< Moved: the shard's map; scan: the epoch it migrates to (0 = none)
    std::int64_t value = 0;      ///< read: the value
    std::uint32_t rows = 0;      ///< scan: rows returned (router -> client: after merging)
    std::uint16_t shard = 0;     ///< Moved/Ask: ordinal of the shard to go to
    std::uint16_t fanout = 0;    ///< router -> client, scans: shards asked
    std::uint16_t redirects = 0; ///< router -> client: Moved/Ask redirects followed
    OpStatus status = OpStatus::Ok;
    FailCause cause = FailCause::None;
    std::uint8_t pad[4] = {};
};

struct Migration {
    std::uint64_t from = 0;         ///< committed epoch it starts from
    std::uint64_t to = 0;           ///< the epoch it moves to
    std::uint64_t rate_mkeys_per_s = 0;  ///< this source's share of migrate_rate, keys per 1000 s (no double: no padding-free bytes)
};

struct Done {
    std::uint64_t to = 0;           ///< the migration's target epoch
    std::uint64_t keys_before = 0;  ///< keys the shard held when the migration began
};

struct EpochMsg {
    std::uint64_t epoch = 0;
};

struct BatchHeader {
    std::uint64_t to = 0;     ///< the migration's target epoch
    std::uint64_t batch = 0;  ///< the source's batch number
};

struct StatsHeader {
    std::uint64_t keys = 0;
};

/// A key with its value and version, as stored.
struct Row {
    std::string key;
    std::int64_t value = 0;
    std::uint64_t version = 0;
};

/// Rows as bytes: per row u16 key length, key, i64 value, u64 version.
std::string encode_rows(const std::vector<Row>& rows);
/// false when the bytes are cut short.
bool decode_rows(std::string_view bytes, std::vector<Row>& rows);
/// Key(s) as bytes: u16 length + key, repeated.
std::string encode_keys(const std::vector<std::string>& keys);
bool decode_keys(std::string_view bytes, std::vector<std::string>& keys);

}  // namespace archlab::partlab
