#pragma once
// Wire format of the queueing lab: fixed little headers copied in and out of message bodies.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/runtime/packed_body.h"

namespace archlab::queueing {

enum MsgType : std::uint16_t {
    kRequest = 1,  ///< client -> lb -> worker
    kReply = 2,    ///< worker -> lb -> client (header + response payload)
    kDbQuery = 3,  ///< worker -> db
    kDbReply = 4,  ///< db -> worker
    kFailed = 5,   ///< lb -> client: gave up on the request (worker dead or too slow)
};

enum RequestFlags : std::uint8_t {
    kProbe = 1,    ///< calibration probe: no service time, measures the path's own cost
    kStatic = 2,   ///< asks for static data (servable from the worker's static cache)
};

struct RequestHeader {
    std::uint32_t items = 1;        ///< database items this request needs
    std::uint8_t flags = 0;
    std::uint8_t pad[3] = {};       ///< explicit, so every byte of the body is defined
};

struct ReplyHeader {
    std::int64_t slot_ns = 0;         ///< time the request held a worker slot, start to reply
    std::int64_t service_ns = 0;      ///< of that, the service delivered (slot minus thread hand-offs)
    std::int64_t worker_wait_ns = 0;  ///< waited in the worker's own queue
    std::int64_t lb_wait_ns = 0;      ///< waited in the balancer's shared queue
    std::uint16_t worker = 0;         ///< index of the worker (1-based, as in "worker-N")
    std::uint8_t flags = 0;           ///< the request's flags, echoed
    std::uint8_t pad[5] = {};         ///< explicit, so every byte of the body is defined
};

struct DbQueryHeader {
    std::uint32_t items = 1;          ///< rows to read in this one query
    std::uint32_t first_item = 0;     ///< id of the first row
};

}  // namespace archlab::queueing
