#pragma once
// The receiving end of one sender's connection: reads frames off the socket and hands each to
// the receiving node's sink, on that node's thread. After the node is killed the session drains:
// it tells the sender it is gone (FIN), counts every frame still arriving as lost, and closes
// when the sender closes too (or after a grace period).
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <string_view>

#include "core/runtime/clock.h"
#include "core/runtime/live/frame_codec.h"

namespace archlab::live {

class InboundSession;

/// Where a session's frames go; implemented by the node host.
class FrameSink {
public:
    virtual ~FrameSink() = default;
    /// A whole frame arrived for a live node; body is valid during the call only.
    virtual void on_frame(const FrameHeader& header, std::string_view body) = 0;
    /// A whole frame arrived while draining after a kill: it is lost.
    virtual void on_lost_frame(const FrameHeader& header) = 0;
    /// The session has closed; called once.
    virtual void on_session_end(InboundSession& session) = 0;
};

class InboundSession : public std::enable_shared_from_this<InboundSession> {
public:
    InboundSession(boost::asio::ip::tcp::socket socket, FrameSink& sink);
    InboundSession(const InboundSession&) = delete;
    InboundSession& operator=(const InboundSession&) = delete;

    /// Starts reading.
    void start();
    /// The node died: stop handing frames over, count the rest as lost, close within grace.
    void drain(Nanos grace);
    /// Closes at once without telling the sink (teardown).
    void close();

private:
    void read();
    void on_read(const boost::system::error_code& ec, std::size_t n);
    void end();  ///< closes and tells the sink, once

    boost::asio::ip::tcp::socket socket_;  ///< the accepted connection
    FrameSink& sink_;                      ///< the receiving node's host
    FrameReader reader_;                   ///< buffered bytes and frame splitting
    boost::asio::steady_timer grace_;      ///< bounds a drain
    bool draining_ = false;                ///< the node is dead: frames are lost
    bool ended_ = false;                   ///< closed; no more callbacks
};

}  // namespace archlab::live
