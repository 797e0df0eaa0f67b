#include "core/resp/async_resp_server.h"

#include <stdexcept>

namespace archlab::resp {

AsyncRespServer::AsyncRespServer(AsyncRespServerOptions options, AsyncDispatch dispatch)
    : options_(std::move(options)), dispatch_(std::move(dispatch)), next_client_id_(options_.first_client_id) {}

AsyncRespServer::~AsyncRespServer() { stop(); }

void AsyncRespServer::start() {
    if (started_) throw std::logic_error("AsyncRespServer::start called twice");
    listener_.listen(options_.port);
    started_ = true;
    listener_.start(options_.io_threads, [this](boost::asio::ip::tcp::socket socket) {
        auto connection = std::make_shared<AsyncRespConnection>(std::move(socket), dispatch_, gate_, connections_,
                                                                options_.connection, next_client_id_.fetch_add(1));
        connection->start();
    });
}

void AsyncRespServer::stop() {
    if (!started_) return;
    // First the gate: a reply arriving from now on is dropped instead of posted to an
    // io_context about to go away.
    gate_->close();
    listener_.stop([this] { connections_.close_all(); });
    connections_.clear();
}

}  // namespace archlab::resp
