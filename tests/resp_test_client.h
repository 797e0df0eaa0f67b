#pragma once
// A blocking RESP test client on 127.0.0.1 with a receive timeout (a broken server fails the
// test instead of hanging it), the RESP framing of a command, and a reader that finds where one
// reply ends, so tests can take replies apart.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace {

/// A blocking test client with a receive timeout, so a broken server fails the test, not hangs it.
class Client {
public:
    explicit Client(std::uint16_t port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval tv{20, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        int one = 1;
        ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~Client() { ::close(fd_); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    bool connected() const { return connected_; }
    void send(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    }
    /// Exactly n bytes, or fewer when the server closed or the timeout passed.
    std::string receive(std::size_t n) {
        std::string out;
        char buf[65536];
        while (out.size() < n) {
            const ssize_t got = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
            if (got <= 0) break;
            out.append(buf, static_cast<std::size_t>(got));
        }
        return out;
    }
    /// One reply line ("+OK\r\n", ":1\r\n", "-ERR ...\r\n"); not for bulk replies.
    std::string line() {
        std::string out;
        char c;
        while (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) {
            if (::recv(fd_, &c, 1, 0) != 1) break;
            out.push_back(c);
        }
        return out;
    }
    /// Whatever arrives next (at most 64 KiB); empty when the server closed or the timeout passed.
    std::string receive_some() {
        char buf[65536];
        const ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
        return got <= 0 ? std::string() : std::string(buf, static_cast<std::size_t>(got));
    }
    /// true when the server closed the connection (recv returns 0).
    bool closed_by_server() {
        char c;
        return ::recv(fd_, &c, 1, 0) == 0;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

inline std::string frame(const std::vector<std::string>& args) {
    std::string out = fmt::format("*{}\r\n", args.size());
    for (const auto& a : args) out += fmt::format("${}\r\n{}\r\n", a.size(), a);
    return out;
}

/// Where the RESP value starting at pos ends (one past it); std::string::npos when incomplete.
inline std::size_t resp_value_end(const std::string& s, std::size_t pos) {
    const std::size_t eol = s.find("\r\n", pos);
    if (eol == std::string::npos || pos >= s.size()) return std::string::npos;
    const char type = s[pos];
    const long long n = (type == '$' || type == '*') ? std::stoll(s.substr(pos + 1, eol - pos - 1)) : 0;
    std::size_t end = eol + 2;
    if (type == '$' && n >= 0) {
        end += static_cast<std::size_t>(n) + 2;
        return end <= s.size() ? end : std::string::npos;
    }
    if (type == '*') {
        for (long long i = 0; i < n; ++i) {
            end = resp_value_end(s, end);
            if (end == std::string::npos) return end;
        }
    }
    return end;
}

/// The elements of the RESP array in bytes, each as its own bytes; empty when not an array.
inline std::vector<std::string> resp_array_items(const std::string& bytes) {
    std::vector<std::string> out;
    if (bytes.empty() || bytes[0] != '*') return out;
    const std::size_t eol = bytes.find("\r\n");
    const long long n = std::stoll(bytes.substr(1, eol - 1));
    std::size_t pos = eol + 2;
    for (long long i = 0; i < n && pos != std::string::npos; ++i) {
        const std::size_t end = resp_value_end(bytes, pos);
        if (end == std::string::npos) break;
        out.push_back(bytes.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

/// Reads whole replies from c until `count` have arrived (or the timeout); their bytes.
template <class ClientT>
std::vector<std::string> receive_replies(ClientT& c, std::size_t count) {
    std::vector<std::string> out;
    std::string buf;
    while (out.size() < count) {
        const std::size_t end = resp_value_end(buf, 0);
        if (end != std::string::npos) {
            out.push_back(buf.substr(0, end));
            buf.erase(0, end);
            continue;
        }
        const std::string more = c.receive_some();
        if (more.empty()) break;
        buf += more;
    }
    return out;
}

}  // namespace
