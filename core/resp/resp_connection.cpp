#include "core/resp/resp_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace archlab::resp {

namespace asio = boost::asio;

void ConnectionSet::add(const std::shared_ptr<RespConnection>& connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.emplace(connection.get(), connection);
}

void ConnectionSet::remove(const RespConnection* connection) {
    std::lock_guard<std::mutex> lock(mutex_);
    live_.erase(connection);
}

void ConnectionSet::close_all() {
    std::vector<std::shared_ptr<RespConnection>> open;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        for (const auto& [ptr, weak] : live_) {
            if (auto c = weak.lock()) open.push_back(std::move(c));
        }
    }
    for (const auto& c : open) c->close();
}

std::size_t ConnectionSet::size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return live_.size();
}

RespConnection::RespConnection(asio::ip::tcp::socket socket, const CommandExecutor& executor,
                               ServerCounters& counters, ConnectionSet& set, RespLimits limits)
    : socket_(std::move(socket)), executor_(executor), counters_(counters), set_(set), parser_(limits) {
    client_.id = counters_.next_client_id.fetch_add(1);
    counters_.connected_clients.fetch_add(1);
    counters_.total_connections.fetch_add(1);
}

RespConnection::~RespConnection() {
    set_.remove(this);
    counters_.connected_clients.fetch_sub(1);
}

void RespConnection::start() { read(); }

void RespConnection::close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        self->socket_.close(ignored);
    });
}

void RespConnection::read() {
    socket_.async_read_some(asio::buffer(read_buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec, std::size_t bytes) {
                                self->on_read(ec, bytes);
                            });
}

void RespConnection::on_read(const boost::system::error_code& ec, std::size_t bytes) {
    if (ec) return;  // peer gone or closed by stop(): dropping the last handler frees us
    parser_.feed(std::string_view(read_buffer_.data(), bytes));
    const bool close_after = run_commands();
    if (replies_.empty()) {
        if (close_after) close();
        else read();
        return;
    }
    asio::async_write(socket_, asio::buffer(replies_),
                      [self = shared_from_this(), close_after](const boost::system::error_code& wec, std::size_t) {
                          self->on_written(wec, close_after);
                      });
}

bool RespConnection::run_commands() {
    RespWriter out(replies_);
    while (true) {
        switch (parser_.next(args_)) {
        case RespParser::Status::need_more: return false;
        case RespParser::Status::error:
            out.error("ERR " + parser_.error());
            return true;
        case RespParser::Status::command:
            executor_.execute(args_, client_, out);
            if (client_.close_after_reply) return true;
            break;
        }
    }
}

void RespConnection::on_written(const boost::system::error_code& ec, bool close_after) {
    if (ec) return;
    replies_.clear();
    if (close_after) close();
    else read();
}

}  // namespace archlab::resp
