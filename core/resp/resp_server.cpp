#include "core/resp/resp_server.h"

#include <future>
#include <stdexcept>
#include <string>

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

#include "core/resp/active_expiry.h"

namespace archlab::resp {

namespace asio = boost::asio;
using asio::ip::tcp;

RespServer::RespServer(SharedCacheStore& store, RespServerOptions options)
    : store_(store), options_(std::move(options)) {}

RespServer::~RespServer() { stop(); }

void RespServer::start() {
    if (started_) throw std::logic_error("RespServer::start called twice");
    const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), options_.port);
    try {
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(tcp::acceptor::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen();
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on 127.0.0.1:" + std::to_string(options_.port) + ": " +
                                 e.code().message());
    }
    counters_.tcp_port = acceptor_.local_endpoint().port();
    backoff_.set_server("RESP server on 127.0.0.1:" + std::to_string(counters_.tcp_port.load()));
    started_ = true;
    work_.emplace(io_.get_executor());
    accept();
    if (options_.expiry_period.count() > 0) arm_expiry();
    const int n = options_.io_threads < 1 ? 1 : options_.io_threads;
    for (int i = 0; i < n; ++i) threads_.emplace_back([this] { io_.run(); });
}

void RespServer::stop() {
    if (!started_ || threads_.empty()) return;
    std::promise<void> closed;
    asio::post(io_, [this, &closed] {
        // A timer or accept handler already queued (not cancellable any more) sees the flag.
        stopping_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        expiry_timer_.cancel();
        accept_timer_.cancel();
        connections_.close_all();
        closed.set_value();
    });
    closed.get_future().wait();
    work_.reset();  // run() returns once the closed connections' handlers have finished
    for (auto& t : threads_) t.join();
    threads_.clear();
}

void RespServer::accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](const boost::system::error_code& ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || stopping_ || !acceptor_.is_open()) return;
        if (!ec) {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            auto connection = std::make_shared<RespConnection>(std::move(socket), executor_, counters_, connections_,
                                                               options_.limits);
            connections_.add(connection);
            connection->start();
        }
        accept_after(backoff_.after(ec));
    });
}

void RespServer::accept_after(std::chrono::milliseconds wait) {
    if (wait.count() == 0) return accept();
    // Out of descriptors: the connection waits in the listen queue, so an accept now would fail
    // at once again. The open connections are served meanwhile.
    accept_timer_.expires_after(wait);
    accept_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopping_) return;  // cancelled by stop()
        accept();
    });
}

void RespServer::arm_expiry() {
    expiry_timer_.expires_after(options_.expiry_period);
    expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || stopping_) return;  // cancelled by stop()
        store_.locked([](CacheStore& s, Nanos now) { active_expire_cycle(s, now); });
        arm_expiry();
    });
}

}  // namespace archlab::resp
