#pragma once
// The sending end of one directed link: one TCP connection from a node to one receiver,
// opened on first use and reused. Frames queue while it connects or while a write is in
// progress; everything queued goes out in the next single write. When the receiver goes away
// (it closes its end) the link closes, counts what it still held as dropped, and connects again
// on the next send. Lives on the sender's io_context: call it from that thread only.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/runtime/link_table.h"

namespace archlab::live {

class OutboundLink {
public:
    OutboundLink(boost::asio::io_context& io, LinkTable& links, NodeIndex from, NodeIndex to, std::uint16_t port);
    OutboundLink(const OutboundLink&) = delete;
    OutboundLink& operator=(const OutboundLink&) = delete;

    /// Queues one frame (the link decision was already made) and starts connecting or writing.
    void send(std::uint16_t type, std::uint64_t id, std::string_view body);
    /// Closes the socket for teardown; queued frames are discarded uncounted.
    void close();

private:
    enum class State { Idle, Connecting, Connected, Closing };

    void connect();
    void on_connect(const boost::system::error_code& ec);
    void start_write();
    void on_write(const boost::system::error_code& ec);
    void watch();          ///< a read that only completes when the receiver closes its end
    void on_peer_gone();   ///< the receiver closed (or reset) the connection
    void reset(const char* why, const boost::system::error_code& ec);  ///< close, drop what is queued, go Idle

    LinkTable& links_;                           ///< counts frames lost here as dropped
    NodeIndex from_, to_;                        ///< the directed link
    boost::asio::ip::tcp::endpoint peer_;        ///< 127.0.0.1:receiver's port
    boost::asio::ip::tcp::socket socket_;        ///< the connection (reopened after a reset)
    State state_ = State::Idle;                  ///< connection state
    bool writing_ = false;                       ///< a write is in progress
    std::uint64_t generation_ = 0;               ///< bumps per socket, so stale handlers are ignored
    std::vector<char> pending_;                  ///< frames queued for the next write, encoded
    std::size_t pending_frames_ = 0;             ///< frames in pending_
    std::vector<char> in_flight_;                ///< frames of the write in progress, encoded
    std::array<char, 64> watch_buf_{};           ///< target of the watch read (the receiver never writes)
};

}  // namespace archlab::live
