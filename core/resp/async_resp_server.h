#pragma once
// A RESP2 server on 127.0.0.1 whose commands complete asynchronously: each parsed command goes
// to a dispatch callback with a Reply, which any thread may call later, once; replies go out in
// command order per connection even when pipelined and completed out of order. The cluster
// shards answer through it (their keyspace lives on a node thread), and a pub/sub broker can
// push to subscribed clients through ClientSession::pusher.
//
//   AsyncRespServer server({}, [&](std::vector<std::string> args, ClientSession& session, Reply done) {
//       if (equals_ci(args[0], "ping")) return done("+PONG\r\n");           // at once, or ...
//       worker.post([args = std::move(args), done] { done(run(args)); });   // ... from elsewhere
//   });
//   server.start();                 // throws std::runtime_error when it cannot listen
//   ... redis-cli -p server.port() ...
//   server.stop();                  // closes every connection, joins; later done() calls do nothing
//
// The dispatch runs on the connection's strand (an io thread) and must not block; it sees the
// session only during its call. A dispatch that throws answers "-ERR <what>" for that command.
// Parser limits (RespLimits) bound each connection's input, and at most max_pending commands
// per connection await replies before reading pauses.
#include <atomic>
#include <cstdint>
#include <memory>

#include "core/net/door_gate.h"
#include "core/resp/async_resp_connection.h"
#include "core/resp/resp_listener.h"

namespace archlab::resp {

struct AsyncRespServerOptions {
    std::uint16_t port = 0;               ///< 0 = any free port (see port())
    int io_threads = 1;                   ///< threads running the connections
    AsyncConnectionConfig connection;     ///< parser limits, replies pending per connection
    std::uint64_t first_client_id = 1;    ///< CLIENT ID of the first connection
};

class AsyncRespServer {
public:
    AsyncRespServer(AsyncRespServerOptions options, AsyncDispatch dispatch);
    ~AsyncRespServer();
    AsyncRespServer(const AsyncRespServer&) = delete;
    AsyncRespServer& operator=(const AsyncRespServer&) = delete;

    /// Listens on 127.0.0.1 and starts the io threads. Throws std::runtime_error saying the
    /// address when it cannot listen. Call once.
    void start();
    /// Closes the listener and every connection and waits for the io threads; replies arriving
    /// after it are dropped. Idempotent; not from an io thread.
    void stop();

    /// The listening port (after start()).
    std::uint16_t port() const { return listener_.port(); }
    /// Open client connections now.
    std::size_t connections() const { return connections_.size(); }
    /// Accepts that failed since start (out of file descriptors ...).
    std::uint64_t accept_failures() const { return listener_.accept_failures(); }

private:
    AsyncRespServerOptions options_;
    AsyncDispatch dispatch_;
    AsyncConnectionSet connections_;
    std::atomic<std::uint64_t> next_client_id_;
    bool started_ = false;
    // Declared after what connections use: the io_context goes first, and with it any handler
    // still holding a connection.
    RespListener listener_{"RESP server"};
    std::shared_ptr<net::DoorGate> gate_ = std::make_shared<net::DoorGate>(listener_.io());
};

}  // namespace archlab::resp
