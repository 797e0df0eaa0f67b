#include "core/resp/command_args.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace archlab::resp {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool equals_ci(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::optional<std::int64_t> parse_int64(std::string_view text) {
    if (text.empty() || text.size() > 20) return std::nullopt;
    const std::string_view digits = text[0] == '-' ? text.substr(1) : text;
    if (digits.empty() || (digits[0] == '0' && (digits.size() > 1 || text[0] == '-'))) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<long double> parse_long_double(std::string_view text) {
    if (text.empty() || text.size() >= 5 * 1024) return std::nullopt;  // Redis' MAX_LONG_DOUBLE_CHARS
    if (std::isspace(static_cast<unsigned char>(text[0])) != 0) return std::nullopt;
    const std::string buffer(text);  // strtold wants a NUL-terminated string
    char* end = nullptr;
    errno = 0;
    const long double value = std::strtold(buffer.c_str(), &end);
    if (end != buffer.c_str() + buffer.size() || std::isnan(value)) return std::nullopt;
    if (errno == ERANGE && (std::isinf(value) || value == 0.0L)) return std::nullopt;
    return value;
}

std::string format_long_double(long double value) {
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char text[5 * 1024 + 32];
    int n = std::snprintf(text, sizeof text, "%.17Lf", value);
    if (n <= 0 || static_cast<std::size_t>(n) >= sizeof text) return "0";
    std::string out(text, static_cast<std::size_t>(n));
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    if (out == "-0") out = "0";
    return out;
}

std::optional<std::uint64_t> parse_cursor(std::string_view text) {
    if (text.empty() || text.size() > 21) return std::nullopt;
    const bool negative = text[0] == '-';
    const std::string_view digits = negative ? text.substr(1) : text;
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return negative ? 0 - value : value;  // strtoull negates in unsigned arithmetic
}

std::optional<std::uint64_t> parse_memory(std::string_view text) {
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) return std::nullopt;
    std::uint64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, number);
    if (ec != std::errc() || end != text.data() + digits) return std::nullopt;
    const std::string unit = lower(text.substr(digits));
    std::uint64_t mul = 0;
    if (unit.empty() || unit == "b") mul = 1;
    else if (unit == "k") mul = 1000;
    else if (unit == "kb") mul = 1024;
    else if (unit == "m") mul = 1000 * 1000;
    else if (unit == "mb") mul = 1024 * 1024;
    else if (unit == "g") mul = 1000ull * 1000 * 1000;
    else if (unit == "gb") mul = 1024ull * 1024 * 1024;
    else return std::nullopt;
    if (number > std::numeric_limits<std::uint64_t>::max() / mul) return std::nullopt;
    return number * mul;
}

std::string human_bytes(std::uint64_t bytes) {
    static constexpr const char* kUnits = "BKMGTPE";
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 6) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    if (unit == 0) std::snprintf(text, sizeof text, "%lluB", static_cast<unsigned long long>(bytes));
    else std::snprintf(text, sizeof text, "%.2f%c", value, kUnits[unit]);
    return text;
}

}  // namespace archlab::resp
