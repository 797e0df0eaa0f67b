#include "core/lab/printable_text.h"

#include <cstdint>

namespace archlab {

namespace {

void hex_escape(unsigned char byte, std::string& out) {
    static const char kDigits[] = "0123456789ABCDEF";
    out += "\\x";
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
}

/// Length of the well-formed UTF-8 sequence starting at text[i] (2..4), 0 when there is none
/// (overlong forms, surrogates and code points past U+10FFFF are not well formed).
std::size_t utf8_length(std::string_view text, std::size_t i, std::uint32_t& code_point) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    std::uint32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        min = 0x80;
        code_point = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        min = 0x800;
        code_point = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        min = 0x10000;
        code_point = b0 & 0x07u;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (b & 0x3Fu);
    }
    if (code_point < min || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 0;
    return n;
}

}  // namespace

std::string printable_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
            ++i;
            continue;
        }
        switch (c) {
            case '\n': out += "\\n"; ++i; continue;
            case '\r': out += "\\r"; ++i; continue;
            case '\t': out += "\\t"; ++i; continue;
            default: break;
        }
        std::uint32_t code_point = 0;
        const std::size_t n = c >= 0x80 ? utf8_length(text, i, code_point) : 0;
        if (n > 0 && !(code_point >= 0x80 && code_point <= 0x9F)) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        // A control byte, a C1 control, or not UTF-8: every byte of it escaped.
        for (std::size_t k = 0; k < (n > 0 ? n : 1); ++k) hex_escape(static_cast<unsigned char>(text[i + k]), out);
        i += n > 0 ? n : 1;
    }
    return out;
}

}  // namespace archlab
