#pragma once
// Settings and counters of the HTTP front door.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace archlab::net {

struct HttpDoorConfig {
    std::uint16_t port = 0;                         ///< 127.0.0.1 port; 0 = any free one
    int io_threads = 1;                             ///< threads running the door's sockets
    std::size_t body_limit = 1024 * 1024;           ///< request body bytes; above it the answer is 413
    std::size_t header_limit = 16 * 1024;           ///< request header bytes; above it the answer is 431
    std::size_t max_pipelined = 64;                 ///< requests in flight per connection before reading pauses
    std::chrono::milliseconds idle_timeout{30000};  ///< a read or write waiting this long closes the connection
};

/// What the door saw, counted at the socket (read from any thread).
struct HttpDoorStats {
    std::atomic<std::uint64_t> connections{0};  ///< connections accepted
    std::atomic<std::uint64_t> requests{0};     ///< well-formed requests handed into the cluster
    std::atomic<std::uint64_t> responses{0};    ///< responses written in full
    std::atomic<std::uint64_t> malformed{0};    ///< requests refused 400 (parse errors)
    std::atomic<std::uint64_t> too_large{0};    ///< requests refused 413 or 431 (body or header over the limit)
};

}  // namespace archlab::net
