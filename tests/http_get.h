#pragma once
// Test helper: one HTTP/1.1 GET over a plain 127.0.0.1 socket, the whole response as text.
#include <cstdint>
#include <string>

#include <boost/asio.hpp>

/// The raw response ("HTTP/1.1 200 OK\r\n..."), or "" when the connection failed.
inline std::string http_get(std::uint16_t port, const std::string& target) {
    namespace asio = boost::asio;
    try {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        socket.connect({asio::ip::address_v4::loopback(), port});
        const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        asio::write(socket, asio::buffer(request));
        std::string response;
        boost::system::error_code ec;
        asio::read(socket, asio::dynamic_buffer(response), ec);  // until the server closes
        return response;
    } catch (const std::exception&) {
        return {};
    }
}

/// The port of an "http://127.0.0.1:PORT/" address, 0 when it has none.
inline std::uint16_t port_of_url(const std::string& url) {
    const auto colon = url.rfind(':');
    if (colon == std::string::npos) return 0;
    return static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1)));
}
