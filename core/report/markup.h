#pragma once
// Escaping for the report's markup: text and attribute values that are safe in both HTML and
// XML (the report is HTML that also parses as XML), with characters XML 1.0 forbids dropped.
#include <string>

namespace archlab {

/// & < > " ' escaped; control characters other than tab and newline dropped; invalid UTF-8
/// bytes replaced by U+FFFD.
std::string markup_escape(const std::string& text);

}  // namespace archlab
