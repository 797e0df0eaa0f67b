#include "core/net/accept_backoff.h"

#include <algorithm>
#include <cerrno>

#include <boost/asio/error.hpp>
#include <spdlog/spdlog.h>
#ifdef _WIN32
#include <winsock2.h>
#endif

namespace archlab::net {

AcceptBackoff::AcceptBackoff(std::string server, std::chrono::milliseconds first, std::chrono::milliseconds most)
    : server_(std::move(server)), first_(first), most_(std::max(first, most)) {}

bool AcceptBackoff::only_that_connection(const boost::system::error_code& ec) {
    namespace error = boost::asio::error;
    if (ec == error::connection_aborted || ec == error::connection_reset || ec == error::interrupted ||
        ec == error::try_again || ec == error::would_block) {
        return true;
    }
    if (ec.category() != boost::system::system_category()) return false;
#ifdef _WIN32
    // Winsock reports the same failures of the one connection with its own codes.
    switch (ec.value()) {
        case WSAENETDOWN: case WSAENOPROTOOPT: case WSAEHOSTDOWN: case WSAEHOSTUNREACH:
        case WSAEOPNOTSUPP: case WSAENETUNREACH: return true;
        default: return false;
    }
#else
    // Linux accept(2): the new connection already failed (EPROTO, ENETDOWN ...) or was refused
    // by a firewall rule (EPERM); the listener itself is fine. ENONET is Linux-only.
    switch (ec.value()) {
        case EPROTO: case EPERM: case ENETDOWN: case ENOPROTOOPT: case EHOSTDOWN:
#ifdef ENONET
        case ENONET:
#endif
        case EHOSTUNREACH: case EOPNOTSUPP: case ENETUNREACH: return true;
        default: return false;
    }
#endif
}

std::chrono::milliseconds AcceptBackoff::after(const boost::system::error_code& ec) {
    if (!ec) {
        if (episode_failures_ > 0) {
            spdlog::info("{}: accepting connections again after {} failed accepts", server_, episode_failures_);
        }
        next_ = std::chrono::milliseconds(0);
        episode_failures_ = 0;
        return next_;
    }
    failures_.fetch_add(1, std::memory_order_relaxed);
    if (only_that_connection(ec)) return std::chrono::milliseconds(0);
    if (episode_failures_++ == 0) {
        spdlog::warn("{}: cannot accept connections ({}); open connections are still served, retrying every "
                     "{} to {} ms", server_, ec.message(), first_.count(), most_.count());
    }
    const std::chrono::milliseconds wait = next_.count() == 0 ? first_ : next_;
    next_ = std::min(wait * 2, most_);
    return wait;
}

}  // namespace archlab::net
