#pragma once
// An independent reading of the line-based trace formats, written from their description in
// core/cache/trace_reader.h, that the text and CSV targets hold the readers to.
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace archlab::fuzz {

/// What a line of a trace holds: nothing (blank), a request, or an error.
enum class LineKind { blank, request, bad };

inline std::string_view trim_trace_space(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

/// The largest object size a text or CSV trace may give (trace_reader.cpp): 1 TiB.
inline constexpr std::uint64_t kMaxTraceObjectBytes = std::uint64_t{1} << 40;

/// A whole decimal number of bytes, at most kMaxTraceObjectBytes.
inline std::optional<std::uint64_t> trace_size(std::string_view text) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v > kMaxTraceObjectBytes)
        return std::nullopt;
    return v;
}

/// The lines of a file as std::getline gives them (no empty last line after a final '\n').
inline std::vector<std::string_view> trace_lines(std::string_view bytes) {
    std::vector<std::string_view> lines;
    while (!bytes.empty()) {
        const std::size_t nl = bytes.find('\n');
        lines.push_back(bytes.substr(0, nl));
        if (nl == std::string_view::npos) break;
        bytes.remove_prefix(nl + 1);
    }
    return lines;
}

}  // namespace archlab::fuzz
