#pragma once
// Wire format of the caching lab: fixed little headers copied in and out of message bodies.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/runtime/packed_body.h"

namespace archlab::caching {

enum MsgType : std::uint16_t {
    kRequest = 1,      ///< client -> lb -> app: a read or a write of one key
    kReply = 2,        ///< app -> lb -> client: what the request got
    kCacheGet = 3,     ///< app -> cache
    kCacheValue = 4,   ///< cache -> app: found or not, with the version
    kCacheSet = 5,     ///< app -> cache: value + version + expiry (no answer)
    kCacheDel = 6,     ///< app -> cache: invalidate (no answer)
    kDbRead = 7,       ///< app -> db
    kDbValue = 8,      ///< db -> app: value + version
    kDbWrite = 9,      ///< app -> db: a new value (the db gives it the next version)
    kDbCommitted = 10, ///< db -> app: the committed version
};

/// How a request was served, as the app reports it with the reply.
enum class Outcome : std::uint8_t {
    hit = 0,     ///< the cache had the key
    miss = 1,    ///< the cache was asked and had nothing: read from the db and filled
    bypass = 2,  ///< the cache did not answer in time (down, cut off): read from the db
    write = 3,   ///< a write, committed by the db
};

// Headers have no padding (packed_body.h): widest fields first, explicit pad bytes last.

struct RequestHeader {
    std::uint32_t key = 0;
    std::uint16_t client = 0;        ///< node index of the client, to route the reply back
    std::uint8_t write = 0;          ///< 1: a write
    std::uint8_t pad[1] = {};
};

struct ReplyHeader {
    std::uint64_t version = 0;       ///< version read, or committed by a write
    std::uint16_t app = 0;           ///< 1-based number of the app node that served it
    std::uint16_t client = 0;        ///< node index of the client (echoed)
    std::uint8_t outcome = 0;        ///< Outcome
    std::uint8_t pad[3] = {};
};

struct KeyHeader {
    std::uint32_t key = 0;
};

struct CacheValueHeader {
    std::uint64_t version = 0;
    std::uint8_t found = 0;
    std::uint8_t pad[7] = {};
};

struct CacheSetHeader {
    std::uint64_t version = 0;
    std::int64_t ttl_ns = 0;         ///< 0 = no expiry
    std::uint32_t key = 0;
    std::uint8_t pad[4] = {};
};

struct VersionHeader {
    std::uint64_t version = 0;
};

}  // namespace archlab::caching
