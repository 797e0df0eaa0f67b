#pragma once
// Wire format of the queueing lab: fixed little headers copied in and out of message bodies.
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

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
    std::uint8_t flags = 0;
    std::uint32_t items = 1;        ///< database items this request needs
};

struct ReplyHeader {
    std::int64_t slot_ns = 0;         ///< time the request held a worker slot, start to reply
    std::int64_t service_ns = 0;      ///< of that, the service delivered (slot minus thread hand-offs)
    std::int64_t worker_wait_ns = 0;  ///< waited in the worker's own queue
    std::int64_t lb_wait_ns = 0;      ///< waited in the balancer's shared queue
    std::uint16_t worker = 0;         ///< index of the worker (1-based, as in "worker-N")
    std::uint8_t flags = 0;           ///< the request's flags, echoed
};

struct DbQueryHeader {
    std::uint32_t items = 1;          ///< rows to read in this one query
    std::uint32_t first_item = 0;     ///< id of the first row
};

/// Header bytes followed by an optional tail.
template <class T>
std::string pack(const T& h, std::string_view tail = {}) {
    static_assert(std::is_trivially_copyable_v<T>);
    std::string out(sizeof(T) + tail.size(), '\0');
    std::memcpy(out.data(), &h, sizeof(T));
    if (!tail.empty()) std::memcpy(out.data() + sizeof(T), tail.data(), tail.size());
    return out;
}

/// Reads the header; false when the body is too short. tail (optional) gets the rest.
template <class T>
bool unpack(std::string_view body, T& h, std::string_view* tail = nullptr) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (body.size() < sizeof(T)) return false;
    std::memcpy(&h, body.data(), sizeof(T));
    if (tail) *tail = body.substr(sizeof(T));
    return true;
}

}  // namespace archlab::queueing
