#pragma once
// One client connection of an AsyncRespServer. Reads, parses (RespParser), and hands each
// command to the dispatch with a numbered Reply; replies come back from any thread, in any
// order, and are written strictly in command order, every reply ready at the head of the line
// in one write. Reading pauses while max_pending commands await their replies (a pipelining
// client cannot queue unbounded work) and resumes as they are written. A protocol error is
// answered after the replies before it, then the connection closes; QUIT likewise after its +OK.
// Everything here runs on the connection's strand; the AsyncConnectionSet keeps the connection
// alive while it waits for replies with nothing to read or write.
#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/net/door_gate.h"
#include "core/resp/async_reply.h"
#include "core/resp/client_session.h"
#include "core/resp/resp_parser.h"

namespace archlab::resp {

/// Receives every parsed command, on the connection's strand. args[0] is the command name as
/// typed. `done` may be called later from any thread; `session` only during this call.
using AsyncDispatch = std::function<void(std::vector<std::string> args, ClientSession& session, Reply done)>;

class AsyncRespConnection;

/// Owns the open connections: one waiting for replies has no read or write pending, so this is
/// what keeps it alive. A connection leaves when it closes. Thread-safe.
class AsyncConnectionSet {
public:
    void add(const std::shared_ptr<AsyncRespConnection>& connection);
    /// Drops the set's reference (the connection may die with it).
    void remove(const AsyncRespConnection* connection);
    /// Asks every open connection to close, each on its strand.
    void close_all();
    /// Drops every reference left (after the io threads ended).
    void clear();
    std::size_t size() const;

private:
    mutable std::mutex mu_;  ///< guards live_
    std::unordered_map<const AsyncRespConnection*, std::shared_ptr<AsyncRespConnection>> live_;
};

struct AsyncConnectionConfig {
    RespLimits limits;              ///< parser bounds
    std::size_t max_pending = 1024;  ///< commands awaiting their reply before reading pauses
};

class AsyncRespConnection : public std::enable_shared_from_this<AsyncRespConnection> {
public:
    /// socket: accepted on a strand. dispatch, set and commands outlive the connection (the
    /// server owns them); gate is the server's way back into its io_context.
    AsyncRespConnection(boost::asio::ip::tcp::socket socket, const AsyncDispatch& dispatch,
                        std::shared_ptr<net::DoorGate> gate, AsyncConnectionSet& set, AsyncConnectionConfig config,
                        std::uint64_t client_id);
    AsyncRespConnection(const AsyncRespConnection&) = delete;
    AsyncRespConnection& operator=(const AsyncRespConnection&) = delete;

    /// Joins the set and starts reading.
    void start();
    /// Closes from any thread; replies still to come are dropped.
    void close();

    /// From any thread: the reply to command `seq`, or a push when seq is kPush, for the
    /// connection `weak` (whose address is `raw`). False when the connection or the server is gone.
    static bool deliver(const std::weak_ptr<AsyncRespConnection>& weak, const AsyncRespConnection* raw,
                        net::DoorGate& gate, std::uint64_t seq, std::string bytes);
    static constexpr std::uint64_t kPush = ~std::uint64_t{0};

private:
    /// One command's (or push's) place in the output order.
    struct Slot {
        std::uint64_t seq = 0;  ///< number on this connection
        bool ready = false;     ///< bytes are filled in
        std::string bytes;      ///< the reply
    };

    void read();
    void on_read(const boost::system::error_code& ec, std::size_t bytes);
    /// Dispatches the complete commands buffered, while the pending limit allows.
    void run_commands();
    /// Reads again when nothing stops it.
    void resume_reading();
    void on_reply(std::uint64_t seq, std::string bytes);
    void on_push(std::string bytes);
    /// Writes every ready reply at the head of the line, if no write is out.
    void flush();
    void on_written(const boost::system::error_code& ec);
    void close_now();

    boost::asio::ip::tcp::socket socket_;
    const AsyncDispatch& dispatch_;
    std::shared_ptr<net::DoorGate> gate_;
    AsyncConnectionSet& set_;
    AsyncConnectionConfig config_;
    RespParser parser_;
    ClientSession session_;
    std::array<char, 16 * 1024> read_buffer_{};  ///< one read's bytes
    std::deque<Slot> slots_;                     ///< commands and pushes not yet written, in order
    std::uint64_t next_seq_ = 0;                 ///< number of the next command or push
    std::string out_;                            ///< the bytes of the write in progress
    bool reading_ = false;                       ///< a read is out
    bool writing_ = false;                       ///< a write is out
    bool dispatching_ = false;                   ///< inside run_commands: replies made inline wait for its flush
    bool read_done_ = false;                     ///< no more commands (QUIT, protocol error, peer closed)
    bool closed_ = false;                        ///< the socket is closed
};

}  // namespace archlab::resp
