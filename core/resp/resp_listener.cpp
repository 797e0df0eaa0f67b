#include "core/resp/resp_listener.h"

#include <future>
#include <stdexcept>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace archlab::resp {

namespace asio = boost::asio;
using asio::ip::tcp;

RespListener::RespListener(std::string what) : what_(std::move(what)), backoff_(what_) {}

RespListener::~RespListener() {
    stop([] {});
}

void RespListener::listen(std::uint16_t port) {
    const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), port);
    try {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(tcp::acceptor::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + e.code().message());
    }
    port_ = acceptor_.local_endpoint().port();
    backoff_.set_server(what_ + " on 127.0.0.1:" + std::to_string(port_));
}

void RespListener::start(int threads, OnSocket on_socket) {
    if (!threads_.empty()) throw std::logic_error(what_ + ": start called twice");
    on_socket_ = std::move(on_socket);
    work_.emplace(io_.get_executor());
    accept();
    const int n = threads < 1 ? 1 : threads;
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
}

void RespListener::stop(const std::function<void()>& close_connections) {
    if (threads_.empty()) return;
    std::promise<void> closed;
    asio::post(io_, [this, &closed, &close_connections] {
        // A timer or accept handler already queued (not cancellable any more) sees the flag.
        stopping_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        accept_timer_.cancel();
        close_connections();
        closed.set_value();
    });
    closed.get_future().wait();
    work_.reset();  // run() returns once the closed connections' handlers have finished
    for (auto& t : threads_) t.join();
    threads_.clear();
}

void RespListener::accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || stopping_ || !acceptor_.is_open()) return;
        if (!ec) {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            on_socket_(std::move(socket));
        }
        accept_after(backoff_.after(ec));
    });
}

void RespListener::accept_after(std::chrono::milliseconds wait) {
    if (wait.count() == 0) return accept();
    // Out of descriptors: the connection waits in the listen queue, so an accept now would fail
    // at once again. The open connections are served meanwhile.
    accept_timer_.expires_after(wait);
    accept_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopping_) return;  // cancelled by stop()
        accept();
    });
}

}  // namespace archlab::resp
