#include "core/net/http_front_door.h"

#include <boost/asio/strand.hpp>

#include <algorithm>
#include <stdexcept>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace archlab::net {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

HttpFrontDoor::HttpFrontDoor(HttpDoorConfig config, WebDispatch dispatch)
    : config_(std::move(config)),
      dispatch_(std::move(dispatch)),
      io_(std::max(1, config_.io_threads)),
      work_(asio::make_work_guard(io_)),
      acceptor_(io_),
      accept_timer_(io_),
      gate_(std::make_shared<DoorGate>(io_)) {}

HttpFrontDoor::~HttpFrontDoor() {
    stop();
    gate_->close();  // also when never started
}

std::string HttpFrontDoor::url() const { return "http://127.0.0.1:" + std::to_string(port()) + "/"; }

void HttpFrontDoor::start() {
    std::lock_guard lock(lifecycle_mu_);
    if (started_) throw std::logic_error("HttpFrontDoor::start called twice");
    if (!dispatch_) throw std::invalid_argument("HttpFrontDoor: no dispatch given");
    started_ = true;
    const tcp::endpoint ep(asio::ip::address_v4::loopback(), config_.port);
    try {
        acceptor_.open(ep.protocol());
        acceptor_.set_option(asio::socket_base::reuse_address(true));
        acceptor_.bind(ep);
        acceptor_.listen(asio::socket_base::max_listen_connections);
    } catch (const std::exception& e) {
        error_code ignored;
        acceptor_.close(ignored);
        throw std::runtime_error("HTTP front door cannot listen on 127.0.0.1:" + std::to_string(config_.port) + ": " +
                                 e.what());
    }
    port_ = acceptor_.local_endpoint().port();
    backoff_.set_server("HTTP front door on 127.0.0.1:" + std::to_string(port_.load()));
    accept();
    const int n = std::max(1, config_.io_threads);
    for (int i = 0; i < n; ++i) {
        threads_.emplace_back([this] {
#if defined(__linux__)
            pthread_setname_np(pthread_self(), "http-door");
#endif
            io_.run();
        });
    }
}

void HttpFrontDoor::accept() {
    // Each connection gets its own strand, so several io threads never run one connection at once.
    acceptor_.async_accept(asio::make_strand(io_), [this](const error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (!ec) {
            stats_.connections.fetch_add(1, std::memory_order_relaxed);
            error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<HttpConnection>(std::move(socket), config_, dispatch_, gate_, stats_, connections_)->start();
        }
        accept_after(backoff_.after(ec));
    });
}

void HttpFrontDoor::accept_after(std::chrono::milliseconds wait) {
    if (wait.count() == 0) return accept();
    // Out of descriptors: the connection waits in the listen queue, so an accept now would fail
    // at once again. The open connections are served meanwhile.
    accept_timer_.expires_after(wait);
    accept_timer_.async_wait([this](const error_code& ec) {
        if (ec || !acceptor_.is_open()) return;  // cancelled by stop()
        accept();
    });
}

void HttpFrontDoor::stop() {
    std::lock_guard lock(lifecycle_mu_);
    if (!started_ || stopped_) return;
    stopped_ = true;
    gate_->close();  // answers still coming from the cluster are dropped from now on
    work_.reset();
    io_.stop();
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    // No io thread runs now: close every socket from here, so clients see the close at once.
    error_code ignored;
    acceptor_.close(ignored);
    accept_timer_.cancel();
    std::unordered_map<HttpConnection*, std::shared_ptr<HttpConnection>> open;
    {
        std::lock_guard set_lock(connections_.mu);
        open.swap(connections_.conns);
    }
    for (auto& [raw, c] : open) c->force_close();
    // Handlers already queued may hold sockets too (a connection accepted just before the stop):
    // run them out here; with the listener and every connection closed they only finish and free.
    io_.restart();
    while (io_.poll() > 0) {
    }
}

}  // namespace archlab::net
