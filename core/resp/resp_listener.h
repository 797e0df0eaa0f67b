#pragma once
// The listening half of a RESP server on 127.0.0.1: the io_context and its threads, the acceptor,
// and the pause after a failed accept (AcceptBackoff). Each accepted socket (on its own strand,
// TCP_NODELAY set) goes to the owner's callback, which makes a connection of it. RespServer and
// AsyncRespServer both listen through it.
//
//   RespListener listener("RESP server");
//   listener.listen(0);                                   // throws when the port is taken
//   listener.start(1, [&](tcp::socket s) { make_connection(std::move(s)); });
//   ...
//   listener.stop([&] { connections.close_all(); });     // runs on the io_context, then joins
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/net/accept_backoff.h"

namespace archlab::resp {

class RespListener {
public:
    using OnSocket = std::function<void(boost::asio::ip::tcp::socket)>;

    /// what: how errors and the log name the server ("RESP server").
    explicit RespListener(std::string what);
    ~RespListener();
    RespListener(const RespListener&) = delete;
    RespListener& operator=(const RespListener&) = delete;

    /// Where connections, timers and handlers run.
    boost::asio::io_context& io() { return io_; }
    /// Binds 127.0.0.1:port (0 = any free port). Throws std::runtime_error saying the address.
    void listen(std::uint16_t port);
    /// The bound port (after listen()).
    std::uint16_t port() const { return port_; }
    /// Starts accepting and `threads` io threads (at least 1). Call once, after listen().
    void start(int threads, OnSocket on_socket);
    /// Stops accepting, runs close_connections on the io_context (it closes what the owner
    /// keeps there), then waits for the io threads. Idempotent; not from an io thread.
    void stop(const std::function<void()>& close_connections);
    /// True once stop() began: handlers of the owner re-arm nothing after it (any thread).
    bool stopping() const { return stopping_.load(); }
    /// Accepts that failed since start.
    std::uint64_t accept_failures() const { return backoff_.failures(); }

private:
    void accept();
    /// Accepts again after `wait` (a failed accept), or at once.
    void accept_after(std::chrono::milliseconds wait);

    std::string what_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_{io_};
    boost::asio::steady_timer accept_timer_{io_};  ///< the pause after a failed accept
    net::AcceptBackoff backoff_;                    ///< how long that pause is
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::vector<std::thread> threads_;
    OnSocket on_socket_;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
};

}  // namespace archlab::resp
