#include "core/runtime/live/outbound_link.h"

#include <boost/asio/write.hpp>

#include "core/runtime/live/frame_codec.h"
#include "core/runtime/live/runtime_log.h"

namespace archlab::live {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {
// Write buffers larger than this are released after use, bytes; below it a link keeps the
// capacity of its largest burst. At 4 MiB, the replication soak's resident memory (ASan build)
// stayed about 20 MB up after two failovers late in the run; at 256 KiB it fell back within 4 s.
constexpr std::size_t kKeepCapacity = 256u << 10;
}

OutboundLink::OutboundLink(asio::io_context& io, LinkTable& links, NodeIndex from, NodeIndex to, std::uint16_t port)
    : links_(links), from_(from), to_(to), peer_(asio::ip::address_v4::loopback(), port), socket_(io) {}

void OutboundLink::send(std::uint16_t type, std::uint64_t id, std::string_view body) {
    if (body.size() > kMaxFrameBody) {
        runtime_log().warn("message {}->{} of {} bytes exceeds the {} byte frame limit; dropped", from_, to_,
                           body.size(), kMaxFrameBody);
        links_.count_dropped(from_, to_);
        return;
    }
    append_frame(pending_, from_, to_, type, id, body);
    ++pending_frames_;
    switch (state_) {
        case State::Idle: connect(); break;
        case State::Connected:
            if (!writing_) start_write();
            break;
        case State::Connecting:  // written once connected
        case State::Closing:     // dropped when the write in progress ends
            break;
    }
}

void OutboundLink::close() {
    ++generation_;
    error_code ignored;
    socket_.close(ignored);
    state_ = State::Idle;
    writing_ = false;
    pending_.clear();
    pending_frames_ = 0;
}

void OutboundLink::connect() {
    state_ = State::Connecting;
    const std::uint64_t gen = ++generation_;
    error_code ec;
    socket_.open(tcp::v4(), ec);
    // Lets the receiver bind its port again on restart even if this socket's ephemeral port
    // happens to be that port.
    if (!ec) socket_.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) {
        reset("open", ec);
        return;
    }
    socket_.async_connect(peer_, [this, gen](const error_code& e) {
        if (gen == generation_) on_connect(e);
    });
}

void OutboundLink::on_connect(const error_code& ec) {
    if (ec) {
        reset("connect", ec);
        return;
    }
    error_code e;
    // A connect to a port nobody listens on can, rarely, connect the socket to itself.
    if (socket_.local_endpoint(e) == peer_) {
        reset("connect", asio::error::connection_refused);
        return;
    }
    socket_.set_option(tcp::no_delay(true), e);
    state_ = State::Connected;
    watch();
    if (pending_frames_ > 0) start_write();
}

void OutboundLink::start_write() {
    writing_ = true;
    in_flight_.swap(pending_);
    pending_.clear();
    pending_frames_ = 0;
    const std::uint64_t gen = generation_;
    asio::async_write(socket_, asio::buffer(in_flight_), [this, gen](const error_code& ec, std::size_t) {
        if (gen == generation_) on_write(ec);
    });
}

void OutboundLink::on_write(const error_code& ec) {
    writing_ = false;
    if (in_flight_.capacity() > kKeepCapacity) std::vector<char>().swap(in_flight_);
    else in_flight_.clear();
    if (ec) {
        reset("write", ec);
        return;
    }
    if (state_ == State::Closing) {
        reset("peer closed", {});
        return;
    }
    if (pending_frames_ > 0) start_write();
}

void OutboundLink::watch() {
    const std::uint64_t gen = generation_;
    socket_.async_read_some(asio::buffer(watch_buf_), [this, gen](const error_code& ec, std::size_t) {
        if (gen != generation_) return;
        if (!ec) {
            watch();  // the receiver never writes; ignore stray bytes
            return;
        }
        on_peer_gone();
    });
}

void OutboundLink::on_peer_gone() {
    if (writing_) {
        // Let the write in progress finish: the receiver reads (and counts) all it gets.
        state_ = State::Closing;
        return;
    }
    reset("peer closed", {});
}

void OutboundLink::reset(const char* why, const error_code& ec) {
    if (ec) runtime_log().debug("link {}->{} (port {}): {}: {}", from_, to_, peer_.port(), why, ec.message());
    else runtime_log().debug("link {}->{} (port {}): {}", from_, to_, peer_.port(), why);
    for (std::size_t i = 0; i < pending_frames_; ++i) links_.count_dropped(from_, to_);
    close();
}

}  // namespace archlab::live
