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
    std::atomic<std::uint64_t> total_error_replies{0};      ///< error replies sent (Redis' total_error_replies)
    std::atomic<std::uint64_t> rejected_calls{0};           ///< refused before running: unknown command, arity, node down
    std::atomic<std::uint64_t> failed_calls{0};             ///< ran and answered with an error
    std::atomic<std::uint64_t> random_state{0x9e3779b97f4a7c15ULL};  ///< RANDOMKEY's generator state (splitmix64)
    std::atomic<std::uint64_t> next_client_id{1};           ///< CLIENT ID of the next connection
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();  ///< for uptime
};

}  // namespace archlab::resp
