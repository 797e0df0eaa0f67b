#pragma once
// A Redis-protocol (RESP2) cache node on 127.0.0.1, over a SharedCacheStore: redis-cli and
// redis-benchmark talk to it unchanged. One io thread by default; pipelined replies go out in
// one write per read; an active-expiry timer sweeps due keys like Redis does.
//
//   SharedCacheStore store(builtin_policies(), "lru", 64 << 20, CapacityUnit::bytes, clock);
//   RespServer server(store, {});   // port 0: any free port
//   server.start();                  // throws std::runtime_error when it cannot listen
//   ... redis-cli -p server.port() ...
//   server.stop();                   // closes every client connection, joins the threads
#include <chrono>
#include <cstdint>

#include <boost/asio/steady_timer.hpp>

#include "core/resp/command_executor.h"
#include "core/resp/resp_connection.h"
#include "core/resp/resp_listener.h"
#include "core/resp/resp_parser.h"
#include "core/resp/server_counters.h"
#include "core/resp/shared_cache_store.h"

namespace archlab::resp {

struct RespServerOptions {
    std::uint16_t port = 0;                           ///< 0 = any free port (see port())
    int io_threads = 1;                               ///< threads running the connections
    std::chrono::milliseconds expiry_period{100};     ///< active expiry every this long; 0 = off
    RespLimits limits;                                ///< parser bounds per connection
};

class RespServer {
public:
    /// store outlives the server.
    RespServer(SharedCacheStore& store, RespServerOptions options);
    ~RespServer();
    RespServer(const RespServer&) = delete;
    RespServer& operator=(const RespServer&) = delete;

    /// Listens on 127.0.0.1 and starts the io threads. Throws std::runtime_error saying the
    /// address when it cannot listen (port taken). Call once.
    void start();
    /// Closes the listener and every connection, waits for the io threads. Idempotent; not
    /// from inside an io thread.
    void stop();

    /// The listening port (after start()).
    std::uint16_t port() const { return counters_.tcp_port.load(); }
    /// Open client connections now.
    std::size_t connections() const { return connections_.size(); }
    /// Connections, commands and uptime, as INFO reports them.
    const ServerCounters& counters() const { return counters_; }
    /// Accepts that failed since start (out of file descriptors ...).
    std::uint64_t accept_failures() const { return listener_.accept_failures(); }

private:
    void arm_expiry();

    SharedCacheStore& store_;
    RespServerOptions options_;
    ServerCounters counters_;
    CommandExecutor executor_{store_, counters_};
    ConnectionSet connections_;
    // Declared after what connections use: the io_context is destroyed first, and with it any
    // handler still holding a connection.
    RespListener listener_{"RESP server"};
    boost::asio::steady_timer expiry_timer_{listener_.io()};
    bool started_ = false;
};

}  // namespace archlab::resp
