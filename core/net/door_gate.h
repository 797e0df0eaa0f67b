#pragma once
// The way back into a server's io_context from other threads (the cluster's nodes, a shard's
// worker): answers are posted through the gate, and stop() closes it, after which nothing more
// is posted, so no thread touches the io_context once the server tears it down.
#include <functional>
#include <mutex>

#include <boost/asio/io_context.hpp>

namespace archlab::net {

class DoorGate {
public:
    explicit DoorGate(boost::asio::io_context& io) : io_(&io) {}
    /// Posts fn to the io_context unless the gate is closed (then fn is dropped). Any thread.
    void post(std::function<void()> fn);
    /// Runs fn at once, under the gate's lock, when the gate is open: fn may post to executors
    /// of the io_context (a connection's strand) without the io_context going away meanwhile.
    /// False when closed (fn did not run).
    bool while_open(const std::function<void()>& fn);
    void close();

private:
    std::mutex mu_;                   ///< held while posting, so close() waits for a post in progress
    boost::asio::io_context* io_;     ///< null once closed
};

}  // namespace archlab::net
