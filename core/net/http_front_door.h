#pragma once
// The HTTP/1.1 front door: a Boost.Beast server on 127.0.0.1 that hands every request into the
// cluster through a WebDispatch (normally gateway_dispatch: gateway node -> "lb") and writes the
// answers back. Keep-alive and pipelining (answers in request order); 400 for a malformed
// request, 413/431 over the size limits; X-Archlab-Node names the node that served a response.
// Runs on its own io thread(s); stop() closes every connection and returns promptly.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/net/accept_backoff.h"
#include "core/net/http_connection.h"
#include "core/net/http_door_config.h"
#include "core/net/web_dispatch.h"

namespace archlab::net {

class HttpFrontDoor {
public:
    /// dispatch must be callable from the door's io threads and must answer every request once.
    HttpFrontDoor(HttpDoorConfig config, WebDispatch dispatch);
    ~HttpFrontDoor();
    HttpFrontDoor(const HttpFrontDoor&) = delete;
    HttpFrontDoor& operator=(const HttpFrontDoor&) = delete;

    /// Listens on 127.0.0.1:config.port and starts the io threads. Throws std::runtime_error
    /// naming the port when it cannot listen. Once only.
    void start();
    /// Closes the listener and every connection and joins the io threads. Safe to call twice.
    void stop();

    /// The listening port (after start()); 0 before.
    std::uint16_t port() const { return port_.load(); }
    /// "http://127.0.0.1:PORT/"
    std::string url() const;
    const HttpDoorStats& stats() const { return stats_; }
    /// Accepts that failed since start (out of file descriptors ...).
    std::uint64_t accept_failures() const { return backoff_.failures(); }

private:
    void accept();
    /// Accepts again after `wait` (a failed accept), or at once.
    void accept_after(std::chrono::milliseconds wait);

    const HttpDoorConfig config_;          ///< port, threads, limits
    const WebDispatch dispatch_;           ///< where requests go
    HttpDoorStats stats_;                  ///< counted at the socket
    ConnectionSet connections_;            ///< open connections; outlives the io_context's handlers
    boost::asio::io_context io_;           ///< the door's sockets
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;  ///< keeps run() going
    boost::asio::ip::tcp::acceptor acceptor_;  ///< 127.0.0.1 listener
    boost::asio::steady_timer accept_timer_;   ///< the pause after a failed accept
    AcceptBackoff backoff_{"HTTP front door"};  ///< how long that pause is
    std::shared_ptr<DoorGate> gate_;       ///< how answers come back from cluster threads
    std::vector<std::thread> threads_;     ///< run io_
    std::atomic<std::uint16_t> port_{0};   ///< listening port
    std::mutex lifecycle_mu_;              ///< serialises start() and stop()
    bool started_ = false;                 ///< start() ran
    bool stopped_ = false;                 ///< stop() ran
};

}  // namespace archlab::net
