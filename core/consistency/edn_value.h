#pragma once
// A small strict reader for the part of EDN that operation histories use: nil, true/false,
// integers, floats, strings, keywords, symbols, vectors, lists, sets and maps, with an
// optional #tag before a value (skipped). Commas are whitespace; ";" starts a comment.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archlab::consistency::edn {

struct EdnValue {
    enum class Kind { nil, boolean, integer, floating, string, keyword, symbol, vector, list, set, map };
    Kind kind = Kind::nil;
    bool boolean = false;
    std::int64_t integer = 0;
    double floating = 0;
    std::string text;                 ///< string contents, or keyword/symbol name without ':'
    std::vector<EdnValue> items;      ///< vector/list/set items; map: key, value, key, value...
    std::size_t column = 0;           ///< 1-based column where the value starts

    bool is_keyword(std::string_view name) const { return kind == Kind::keyword && text == name; }
    /// The value at a keyword key of a map, or nullptr.
    const EdnValue* find(std::string_view keyword) const;
};

const char* kind_name(EdnValue::Kind kind);

/// Parses one EDN value from a line. Throws InputError "SOURCE:LINE:COL: ..." naming what was
/// expected; text after the value other than whitespace, commas or a comment is an error too.
EdnValue parse_line(std::string_view line, std::string_view source, std::size_t line_number,
                    std::size_t first_column = 1);

/// Every EDN value on a line, in order (none for a blank or comment line). Throws like parse_line.
std::vector<EdnValue> parse_line_values(std::string_view line, std::string_view source, std::size_t line_number);

}  // namespace archlab::consistency::edn
