#pragma once
// Where things are in JSON text, for messages that name FILE:LINE:COL: nlohmann's DOM keeps no
// positions, so a value is found again by its path in the text it was parsed from, and a number
// too large for a double (which the parser refuses without saying where) by a second,
// event-by-event pass.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace archlab {

/// One step of a path into a JSON document: an object key or an array index.
using JsonStep = std::variant<std::string, std::size_t>;
using JsonPath = std::vector<JsonStep>;

/// 1-based line and column (in characters, not bytes) of byte `offset` in `text`.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

/// Byte offset of the value at `path` in `text` (the root for an empty path); nullopt when the
/// text has no such value. With a key given twice, the last one counts, as in the parsed DOM.
std::optional<std::size_t> json_value_offset(std::string_view text, const JsonPath& path);
/// Byte offset of the opening quote of the key that ends `path`, for messages about the key
/// itself (an unknown field); nullopt when the path does not end with a key in the text.
std::optional<std::size_t> json_key_offset(std::string_view text, const JsonPath& path);

/// A number in the text that no double holds (1e999), as the parser met it.
struct JsonNumberOverflow {
    std::size_t offset = 0;  ///< byte offset of its first character
    std::string text;        ///< as written: "1e999"
    JsonPath path;           ///< where it sits
};
/// The first number in `text` too large for a double; nullopt when there is none (or the text
/// is malformed before one).
std::optional<JsonNumberOverflow> find_number_overflow(const std::string& text);

}  // namespace archlab
