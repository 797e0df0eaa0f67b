#pragma once
// Text from an input file made safe for a one-line message on a terminal: control bytes and
// bytes that are not UTF-8 are written as escapes, so a bad file can neither break the line nor
// send escape sequences to the terminal.
#include <string>
#include <string_view>

namespace archlab {

/// `text` with \n, \r, \t as those two-character escapes and every other control byte (C0, DEL,
/// the C1 range U+0080..U+009F) or byte outside well-formed UTF-8 as \xHH. Printable UTF-8
/// (accents, symbols, other scripts) and backslashes stay as they are.
std::string printable_text(std::string_view text);

}  // namespace archlab
