#include "core/report/markup.h"

namespace archlab {

namespace {
/// Length of the valid UTF-8 sequence starting at s[i], 0 when it is not one.
std::size_t utf8_length(const std::string& s, std::size_t i) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned int min = 0, cp = 0;
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0) n = 2, min = 0x80, cp = b & 0x1Fu;
    else if ((b & 0xF0) == 0xE0) n = 3, min = 0x800, cp = b & 0x0Fu;
    else if ((b & 0xF8) == 0xF0) n = 4, min = 0x10000, cp = b & 0x07u;
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) return 0;
    return n;
}
}  // namespace

std::string markup_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD for a byte that is not UTF-8
            ++i;
            continue;
        }
        if (n > 1) {
            out.append(text, i, n);
            i += n;
            continue;
        }
        ++i;
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            case '\t': case '\n': out += c; break;
            case '\r': break;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;  // XML 1.0 forbids the rest
        }
    }
    return out;
}

}  // namespace archlab
