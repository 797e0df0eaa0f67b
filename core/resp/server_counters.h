#pragma once
// What a RESP server counts about itself, for INFO (clients, connections, commands, port).
#include <atomic>
#include <chrono>
#include <cstdint>

namespace archlab::resp {

struct ServerCounters {
    std::atomic<std::uint16_t> tcp_port{0};                 ///< the listening port, once bound
    std::atomic<std::uint64_t> connected_clients{0};        ///< open connections now
    std::atomic<std::uint64_t> total_connections{0};        ///< connections accepted since start
    std::atomic<std::uint64_t> total_commands{0};           ///< commands executed since start
    std::atomic<std::uint64_t> next_client_id{1};           ///< CLIENT ID of the next connection
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  ///< for uptime
};

}  // namespace archlab::resp
