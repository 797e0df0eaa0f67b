#pragma once
// What a listening server does after an accept fails. Out of file descriptors (EMFILE, ENFILE)
// or kernel memory (ENOBUFS, ENOMEM), the connection stays in the listen queue, so accepting
// again at once fails again at once: a loop that burns a core and starves the open connections.
// Mature servers pause instead (nginx stops accepting for a while, Go's net/http sleeps 5 ms
// doubling to 1 s): here 100 ms doubling to 1 s, logged once per episode, not per retry.
// Errors that concern one connection only (it was aborted or reset before accept) do not pause.
//
//   const auto wait = backoff_.after(ec);
//   if (wait.count() == 0) return accept();
//   timer_.expires_after(wait);
//   timer_.async_wait([this](auto ec) { if (!ec) accept(); });
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include <boost/system/error_code.hpp>

namespace archlab::net {

class AcceptBackoff {
public:
    /// server: how the log names it ("RESP server on 127.0.0.1:6390").
    explicit AcceptBackoff(std::string server, std::chrono::milliseconds first = std::chrono::milliseconds(100),
                           std::chrono::milliseconds most = std::chrono::seconds(1));

    /// Called with every accept's result (from one thread at a time): how long to wait before
    /// accepting again, zero for at once.
    std::chrono::milliseconds after(const boost::system::error_code& ec);

    /// Accepts that failed since start (any thread).
    std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }
    /// Names the server in the log (the port is known only once it listens).
    void set_server(std::string server) { server_ = std::move(server); }

    /// True for errors that concern only the connection being accepted.
    static bool only_that_connection(const boost::system::error_code& ec);

private:
    std::string server_;                     ///< for the log
    std::chrono::milliseconds first_;        ///< first pause, ms
    std::chrono::milliseconds most_;         ///< longest pause, ms
    std::chrono::milliseconds next_{0};      ///< the pause after the next failure (0: no episode)
    std::uint64_t episode_failures_ = 0;     ///< failures in the current episode
    std::atomic<std::uint64_t> failures_{0};  ///< failures since start
};

}  // namespace archlab::net
