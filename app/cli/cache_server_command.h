#pragma once
// `archlab-cli cache-server`: a standalone Redis-protocol cache node on 127.0.0.1 until Ctrl-C.
//
// cache_server() throws InputError on bad options (main prints it, exit code 2).
#include <cstdint>
#include <string>

namespace archlab::cli {

struct CacheServerOptions {
    std::uint16_t port = 6380;        ///< 0 = any free port
    std::string policy = "lru";       ///< ours (lru, lfu, fifo, random, arc, s3fifo) or allkeys-lru/lfu/random
    std::string maxmemory;            ///< bytes, "100mb", "1gb"; "" or "0" = unlimited
    std::uint64_t capacity_entries = 0;  ///< when set: capacity in entries instead of bytes
    int io_threads = 1;               ///< threads serving the connections
};

/// Serves until SIGINT or SIGTERM. Exit code: 0 stopped cleanly, 1 cannot listen.
int cache_server(const CacheServerOptions& options);

}  // namespace archlab::cli
