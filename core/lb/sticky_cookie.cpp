#include "core/lb/sticky_cookie.h"

namespace archlab::lb {

std::string_view cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const std::size_t end = header.find(';');
        std::string_view pair = header.substr(0, end);
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
    return {};
}

std::string_view sticky_node(std::string_view header) { return cookie_value(header, kStickyCookie); }

std::string sticky_set_cookie(std::string_view node) {
    return std::string(kStickyCookie) + "=" + std::string(node) + "; Path=/; HttpOnly";
}

}  // namespace archlab::lb
