#include "core/resp/resp_server.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "core/resp/active_expiry.h"

namespace archlab::resp {

using boost::asio::ip::tcp;

RespServer::RespServer(SharedCacheStore& store, RespServerOptions options)
    : store_(store), options_(std::move(options)) {}

RespServer::~RespServer() { stop(); }

void RespServer::start() {
    if (started_) throw std::logic_error("RespServer::start called twice");
    listener_.listen(options_.port);
    counters_.tcp_port = listener_.port();
    started_ = true;
    if (options_.expiry_period.count() > 0) arm_expiry();
    listener_.start(options_.io_threads, [this](tcp::socket socket) {
        auto connection =
            std::make_shared<RespConnection>(std::move(socket), executor_, counters_, connections_, options_.limits);
        connections_.add(connection);
        connection->start();
    });
}

void RespServer::stop() {
    listener_.stop([this] {
        expiry_timer_.cancel();
        connections_.close_all();
    });
}

void RespServer::arm_expiry() {
    expiry_timer_.expires_after(options_.expiry_period);
    expiry_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (ec || listener_.stopping()) return;  // cancelled by stop()
        store_.locked([](CacheStore& s, Nanos now) { active_expire_cycle(s, now); });
        arm_expiry();
    });
}

}  // namespace archlab::resp
