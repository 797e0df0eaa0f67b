#pragma once
// What a RESP2 reply looks like, for the fuzz targets' checks: the length of one whole, well-formed
// reply at the front of some bytes, and the canonical encoding of a command.
#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::fuzz {

/// Deepest array nesting a reply may have (our server's replies nest two levels at most).
inline constexpr int kMaxReplyDepth = 8;

/// Length of the one RESP2 reply that starts bytes (simple string, error, integer, bulk, array,
/// nil bulk or array); nullopt when the front is not a whole, well-formed reply.
inline std::optional<std::size_t> resp_reply_length(std::string_view bytes, int depth = 0) {
    if (bytes.empty() || depth > kMaxReplyDepth) return std::nullopt;
    const std::size_t eol = bytes.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    const std::string_view line = bytes.substr(1, eol - 1);
    if (line.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
    const auto number = [&line]() -> std::optional<long long> {
        long long v = 0;
        const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), v);
        if (line.empty() || ec != std::errc() || end != line.data() + line.size()) return std::nullopt;
        return v;
    };
    switch (bytes[0]) {
    case '+':
    case '-': return eol + 2;
    case ':': return number() ? std::optional<std::size_t>(eol + 2) : std::nullopt;
    case '$': {
        const auto n = number();
        if (!n || *n < -1) return std::nullopt;
        if (*n == -1) return eol + 2;
        const auto len = static_cast<std::size_t>(*n);
        const std::size_t end = eol + 2 + len;
        if (bytes.size() < end + 2 || bytes.substr(end, 2) != "\r\n") return std::nullopt;
        return end + 2;
    }
    case '*': {
        const auto n = number();
        if (!n || *n < -1) return std::nullopt;
        std::size_t at = eol + 2;
        for (long long i = 0; i < *n; ++i) {
            const auto item = resp_reply_length(bytes.substr(at), depth + 1);
            if (!item) return std::nullopt;
            at += *item;
        }
        return at;
    }
    default: return std::nullopt;
    }
}

/// "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n": a command as clients encode it.
inline std::string encode_command(const std::vector<std::string>& args) {
    std::string out = "*";
    out += std::to_string(args.size());
    out += "\r\n";
    for (const std::string& a : args) {
        out += '$';
        out += std::to_string(a.size());
        out += "\r\n";
        out += a;
        out += "\r\n";
    }
    return out;
}

/// A command's words for a failure message: space-separated, each cut at 60 bytes.
inline std::string command_text(const std::vector<std::string>& args) {
    std::string s;
    for (const std::string& a : args) {
        if (!s.empty()) s += ' ';
        s.append(a, 0, 60);
    }
    return s;
}

/// Whether an error reply starts with a code in capitals ("-ERR ...", "-MOVED ...").
inline bool has_error_code(std::string_view reply) {
    std::size_t i = 1;
    while (i < reply.size() && reply[i] >= 'A' && reply[i] <= 'Z') ++i;
    return i > 1 && i < reply.size() && (reply[i] == ' ' || reply[i] == '\r');
}

/// How many whole RESP2 replies bytes holds, back to back; nullopt when it is not such a sequence.
inline std::optional<std::size_t> reply_count(std::string_view bytes) {
    std::size_t n = 0;
    while (!bytes.empty()) {
        const auto length = resp_reply_length(bytes);
        if (!length) return std::nullopt;
        bytes.remove_prefix(*length);
        ++n;
    }
    return n;
}

}  // namespace archlab::fuzz
