#include "core/runtime/live/inbound_session.h"

#include "core/runtime/live/runtime_log.h"

namespace archlab::live {

namespace asio = boost::asio;
using boost::system::error_code;

InboundSession::InboundSession(asio::ip::tcp::socket socket, FrameSink& sink)
    : socket_(std::move(socket)), sink_(sink), grace_(socket_.get_executor()) {}

void InboundSession::start() { read(); }

void InboundSession::read() {
    const std::span<char> space = reader_.prepare();
    socket_.async_read_some(asio::buffer(space.data(), space.size()),
                            [self = shared_from_this()](const error_code& ec, std::size_t n) { self->on_read(ec, n); });
}

void InboundSession::on_read(const error_code& ec, std::size_t n) {
    if (ended_) return;
    if (ec) {
        if (ec != asio::error::eof && ec != asio::error::operation_aborted)
            runtime_log().debug("inbound connection: read: {}", ec.message());
        end();
        return;
    }
    reader_.commit(n);
    FrameHeader header;
    std::string_view body;
    for (;;) {
        switch (reader_.next(header, body)) {
            case FrameReader::Status::Frame:
                if (draining_) sink_.on_lost_frame(header);
                else sink_.on_frame(header, body);
                if (ended_) return;  // the sink closed us (teardown from node code)
                continue;
            case FrameReader::Status::Oversize:
                runtime_log().warn("inbound connection from node {}: frame of {} bytes exceeds the limit; closing",
                                   header.from, header.length);
                end();
                return;
            case FrameReader::Status::NeedMore:
                read();
                return;
        }
    }
}

void InboundSession::drain(Nanos grace) {
    if (ended_ || draining_) return;
    draining_ = true;
    error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_send, ignored);  // the sender's watch read sees EOF
    grace_.expires_after(grace);
    grace_.async_wait([self = shared_from_this()](const error_code& ec) {
        if (!ec) self->end();
    });
}

void InboundSession::close() {
    ended_ = true;
    error_code ignored;
    grace_.cancel();
    socket_.close(ignored);
}

void InboundSession::end() {
    if (ended_) return;
    close();
    sink_.on_session_end(*this);
}

}  // namespace archlab::live
