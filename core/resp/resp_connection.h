#pragma once
// One client connection of the RESP server: read, run every complete command of the read, send
// all their replies in one write, read again. A protocol error is answered and the connection
// closed; QUIT closes after its +OK.
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include "core/resp/command_executor.h"
#include "core/resp/resp_parser.h"

namespace archlab::resp {

class RespConnection;

/// The live connections of a server, so stop() can close them. Thread-safe.
class ConnectionSet {
public:
    void add(const std::shared_ptr<RespConnection>& connection);
    void remove(const RespConnection* connection);
    /// Asks every live connection to close (each on its own strand).
    void close_all();
    std::size_t size() const;

private:
    mutable std::mutex mutex_;  ///< guards live_
    std::unordered_map<const RespConnection*, std::weak_ptr<RespConnection>> live_;
};

class RespConnection : public std::enable_shared_from_this<RespConnection> {
public:
    /// socket: accepted on a strand. The executor, counters and set outlive the connection.
    RespConnection(boost::asio::ip::tcp::socket socket, const CommandExecutor& executor, ServerCounters& counters,
                   ConnectionSet& set, RespLimits limits);
    ~RespConnection();
    RespConnection(const RespConnection&) = delete;
    RespConnection& operator=(const RespConnection&) = delete;

    /// Starts reading; the pending handlers keep the connection alive.
    void start();
    /// Closes the socket from any thread; pending reads and writes end with an error.
    void close();

private:
    void read();
    void on_read(const boost::system::error_code& ec, std::size_t bytes);
    /// Runs every complete command buffered; true when the connection must close afterwards.
    bool run_commands();
    void on_written(const boost::system::error_code& ec, bool close_after);

    boost::asio::ip::tcp::socket socket_;
    const CommandExecutor& executor_;
    ServerCounters& counters_;
    ConnectionSet& set_;
    RespParser parser_;
    ClientState client_;
    std::array<char, 16 * 1024> read_buffer_{};  ///< one read's bytes
    std::vector<std::string> args_;              ///< the command being run, reused
    std::string replies_;                        ///< the replies of one read, sent in one write
};

}  // namespace archlab::resp
