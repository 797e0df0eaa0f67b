#include "core/lb/discovery_protocol.h"

#include <cstring>

namespace archlab::lb {

// Layout: u64 version, then each id followed by '\n' (ids never hold a newline).
std::string encode(const Members& m) {
    std::string out(sizeof m.version, '\0');
    std::memcpy(out.data(), &m.version, sizeof m.version);
    for (const std::string& n : m.nodes) {
        out += n;
        out += '\n';
    }
    return out;
}

std::optional<Members> decode_members(std::string_view bytes) {
    Members m;
    if (bytes.size() < sizeof m.version) return std::nullopt;
    std::memcpy(&m.version, bytes.data(), sizeof m.version);
    bytes.remove_prefix(sizeof m.version);
    while (!bytes.empty()) {
        const std::size_t end = bytes.find('\n');
        if (end == std::string_view::npos || end == 0) return std::nullopt;
        m.nodes.emplace_back(bytes.substr(0, end));
        bytes.remove_prefix(end + 1);
    }
    return m;
}

}  // namespace archlab::lb
