#pragma once
// One client connection of the HTTP front door: reads requests one after another (keep-alive,
// pipelining), hands each into the cluster, and writes the answers back in request order.
// Everything runs on the connection's strand; answers from the cluster arrive through the
// DoorGate, which stops them once the door is closing.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "core/net/door_gate.h"
#include "core/net/http_door_config.h"
#include "core/net/http_mapping.h"
#include "core/net/web_dispatch.h"

namespace archlab::net {

class HttpConnection;

/// Owns every open connection: a connection waiting for answers has no read or write pending,
/// so this is what keeps it alive. A connection leaves when it closes; stop() empties it.
struct ConnectionSet {
    std::mutex mu;                                                               ///< guards conns
    std::unordered_map<HttpConnection*, std::shared_ptr<HttpConnection>> conns;  ///< open connections
};

class HttpConnection : public std::enable_shared_from_this<HttpConnection> {
public:
    /// socket: accepted on a strand of the door's io_context.
    HttpConnection(boost::asio::ip::tcp::socket socket, const HttpDoorConfig& config, const WebDispatch& dispatch,
                   std::shared_ptr<DoorGate> gate, HttpDoorStats& stats, ConnectionSet& set);
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    /// Registers with the set and starts reading.
    void start();
    /// Closes the socket at once; only while no io thread runs (the door's stop()).
    void force_close();

private:
    /// One request's place in the answer order.
    struct Slot {
        std::uint64_t seq = 0;       ///< request number on this connection
        bool ready = false;          ///< the response is filled in
        bool keep_alive = true;      ///< the client keeps the connection after this one
        bool head = false;           ///< a HEAD request: no body in the response
        unsigned version = 11;       ///< HTTP version of the request (10, 11)
        HttpResponse response;       ///< what to write
    };

    void read_next();
    void on_header(boost::beast::error_code ec);
    void read_body();
    void on_read(boost::beast::error_code ec);
    void refuse(unsigned status, const char* cause);
    WebCompletion completion(std::uint64_t seq);
    void on_answer(std::uint64_t seq, WebResponse answer);
    void write_next();
    void on_write(boost::beast::error_code ec);
    void finish();        ///< no more to say: half-close, drain what the client still sends, close
    void drain();         ///< reads and discards until the client closes or the timeout
    void close_now();     ///< closes the socket at once
    void leave();         ///< leaves the set, the last owner besides pending handlers

    boost::beast::tcp_stream stream_;     ///< the socket, with read/write deadlines
    const HttpDoorConfig& config_;        ///< limits and timeouts (owned by the door)
    const WebDispatch& dispatch_;         ///< where requests go (owned by the door)
    std::shared_ptr<DoorGate> gate_;      ///< way back for answers
    HttpDoorStats& stats_;                ///< the door's counters
    ConnectionSet& set_;                  ///< the door's list of open connections

    boost::beast::flat_buffer buffer_;    ///< bytes read and not parsed yet (pipelined requests wait here)
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;  ///< fresh per request
    std::deque<Slot> slots_;              ///< requests awaiting their answer or its writing, in order
    std::uint64_t next_seq_ = 0;          ///< number of the next request
    bool reading_ = false;                ///< a read is in progress
    bool writing_ = false;                ///< a write is in progress
    bool read_done_ = false;              ///< no more requests will be read
    bool closed_ = false;                 ///< finish() or close_now() ran
    std::array<char, 4096> scratch_{};    ///< where drain() throws bytes away
};

}  // namespace archlab::net
