#include "core/consistency/edn_value.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

#include <fmt/format.h>

#include "core/lab/settings.h"

namespace archlab::consistency::edn {

namespace {

/// Characters that may appear inside a symbol, keyword or number.
bool is_symbol_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("*+!-_?<>=/.#$%&'|:").find(c) !=
                                                                      std::string_view::npos;
}

class LineParser {
public:
    LineParser(std::string_view line, std::string_view source, std::size_t line_number, std::size_t first_column)
        : line_(line), source_(source), line_number_(line_number), first_column_(first_column) {}

    std::vector<EdnValue> parse_each() {
        std::vector<EdnValue> values;
        for (skip_space(); !at_end(); skip_space()) values.push_back(parse_value(0));
        return values;
    }

    EdnValue parse_all() {
        skip_space();
        if (at_end()) fail("expected an EDN value, found the end of the line");
        EdnValue value = parse_value(0);
        skip_space();
        if (!at_end()) fail(fmt::format("expected the end of the line after the value, found '{}'", line_[pos_]));
        return value;
    }

private:
    static constexpr int kMaxDepth = 64;  // nesting limit, so a hostile line cannot overflow the stack

    std::string_view line_;
    std::string_view source_;
    std::size_t line_number_;
    std::size_t first_column_;
    std::size_t pos_ = 0;

    bool at_end() const { return pos_ >= line_.size(); }
    std::size_t column() const { return first_column_ + pos_; }

    [[noreturn]] void fail(const std::string& what) const { fail_at(column(), what); }
    [[noreturn]] void fail_at(std::size_t col, const std::string& what) const {
        throw InputError(fmt::format("{}:{}:{}: {}", source_, line_number_, col, what));
    }

    void skip_space() {
        while (!at_end()) {
            const char c = line_[pos_];
            if (c == ';') {
                pos_ = line_.size();
            } else if (c == ',' || std::isspace(static_cast<unsigned char>(c)) != 0) {
                ++pos_;
            } else {
                break;
            }
        }
    }

    EdnValue parse_value(int depth) {
        if (depth > kMaxDepth) fail("values nested too deeply");
        skip_space();
        if (at_end()) fail("expected a value, found the end of the line");
        const char c = line_[pos_];
        const std::size_t start = column();
        EdnValue v;
        if (c == '{') {
            v = parse_collection('}', EdnValue::Kind::map, depth);
            if (v.items.size() % 2 != 0) fail_at(start, "a map needs an even number of forms (key value pairs)");
        } else if (c == '[') {
            v = parse_collection(']', EdnValue::Kind::vector, depth);
        } else if (c == '(') {
            v = parse_collection(')', EdnValue::Kind::list, depth);
        } else if (c == '#') {
            ++pos_;
            if (!at_end() && line_[pos_] == '{') return with_column(parse_collection('}', EdnValue::Kind::set, depth), start);
            // A tagged value such as #jepsen.history.Op{...}: the tag is dropped.
            const std::string_view tag = read_token();
            if (tag.empty()) fail("expected a tag name or '{' after '#'");
            v = parse_value(depth + 1);
        } else if (c == '"') {
            v = parse_string();
        } else if (c == ':') {
            ++pos_;
            const std::string_view name = read_token();
            if (name.empty()) fail("expected a keyword name after ':'");
            v.kind = EdnValue::Kind::keyword;
            v.text = std::string(name);
        } else if (c == '}' || c == ']' || c == ')') {
            fail(fmt::format("unexpected '{}'", c));
        } else {
            v = parse_atom();
        }
        return with_column(std::move(v), start);
    }

    static EdnValue with_column(EdnValue v, std::size_t col) {
        v.column = col;
        return v;
    }

    std::string_view read_token() {
        const std::size_t begin = pos_;
        while (!at_end() && is_symbol_char(line_[pos_])) ++pos_;
        return line_.substr(begin, pos_ - begin);
    }

    EdnValue parse_collection(char close, EdnValue::Kind kind, int depth) {
        const std::size_t open_col = column();
        ++pos_;  // the opening bracket
        EdnValue v;
        v.kind = kind;
        for (;;) {
            skip_space();
            if (at_end()) fail_at(open_col, fmt::format("'{}' opened here is never closed (expected '{}')", line_[open_col - first_column_], close));
            if (line_[pos_] == close) {
                ++pos_;
                return v;
            }
            if (line_[pos_] == '}' || line_[pos_] == ']' || line_[pos_] == ')') {
                fail(fmt::format("expected '{}' to close the '{}' at column {}, found '{}'", close,
                                 line_[open_col - first_column_], open_col, line_[pos_]));
            }
            v.items.push_back(parse_value(depth + 1));
        }
    }

    EdnValue parse_string() {
        const std::size_t open_col = column();
        ++pos_;
        EdnValue v;
        v.kind = EdnValue::Kind::string;
        while (!at_end()) {
            const char c = line_[pos_++];
            if (c == '"') return v;
            if (c != '\\') {
                v.text += c;
                continue;
            }
            if (at_end()) break;
            const char e = line_[pos_++];
            switch (e) {
                case 'n': v.text += '\n'; break;
                case 't': v.text += '\t'; break;
                case 'r': v.text += '\r'; break;
                case '"': v.text += '"'; break;
                case '\\': v.text += '\\'; break;
                case 'u': append_unicode_escape(v.text); break;
                default: fail_at(column() - 2, fmt::format("unknown string escape '\\{}'", e));
            }
        }
        fail_at(open_col, "string is never closed (expected '\"')");
    }

    /// After "\\u": four hex digits, appended as UTF-8.
    void append_unicode_escape(std::string& out) {
        const std::size_t col = column() - 2;  // the backslash
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = at_end() ? '\0' : line_[pos_];
            if (std::isxdigit(static_cast<unsigned char>(h)) == 0) fail_at(col, "expected four hex digits after \\u");
            code = code * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h)) != 0 ? h - '0' : (std::tolower(h) - 'a' + 10));
            ++pos_;
        }
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    EdnValue parse_atom() {
        const std::size_t start = column();
        const std::string_view token = read_token();
        if (token.empty()) fail(fmt::format("unexpected character '{}'", line_[pos_]));
        EdnValue v;
        if (token == "nil") return v;
        if (token == "true" || token == "false") {
            v.kind = EdnValue::Kind::boolean;
            v.boolean = token == "true";
            return v;
        }
        const char first = token[0];
        const bool numeric = std::isdigit(static_cast<unsigned char>(first)) != 0 ||
                             ((first == '-' || first == '+') && token.size() > 1 &&
                              std::isdigit(static_cast<unsigned char>(token[1])) != 0);
        if (!numeric) {
            v.kind = EdnValue::Kind::symbol;
            v.text = std::string(token);
            return v;
        }
        std::string_view digits = token;
        if (digits[0] == '+') digits.remove_prefix(1);
        if (!digits.empty() && digits.back() == 'N') digits.remove_suffix(1);  // EDN big-int suffix
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec == std::errc() && end == digits.data() + digits.size()) {
            v.kind = EdnValue::Kind::integer;
            v.integer = n;
            return v;
        }
        if (ec == std::errc::result_out_of_range) fail_at(start, fmt::format("integer '{}' out of range", token));
        std::string copy(digits);
        if (!copy.empty() && copy.back() == 'M') copy.pop_back();  // EDN exact-decimal suffix
        char* stop = nullptr;
        const double d = std::strtod(copy.c_str(), &stop);
        if (stop != copy.c_str() + copy.size()) fail_at(start, fmt::format("expected a number, found '{}'", token));
        v.kind = EdnValue::Kind::floating;
        v.floating = d;
        return v;
    }
};

}  // namespace

const EdnValue* EdnValue::find(std::string_view keyword) const {
    if (kind != Kind::map) return nullptr;
    for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
        if (items[i].is_keyword(keyword)) return &items[i + 1];
    }
    return nullptr;
}

const char* kind_name(EdnValue::Kind kind) {
    switch (kind) {
        case EdnValue::Kind::nil: return "nil";
        case EdnValue::Kind::boolean: return "a boolean";
        case EdnValue::Kind::integer: return "an integer";
        case EdnValue::Kind::floating: return "a float";
        case EdnValue::Kind::string: return "a string";
        case EdnValue::Kind::keyword: return "a keyword";
        case EdnValue::Kind::symbol: return "a symbol";
        case EdnValue::Kind::vector: return "a vector";
        case EdnValue::Kind::list: return "a list";
        case EdnValue::Kind::set: return "a set";
        case EdnValue::Kind::map: return "a map";
    }
    return "?";
}

EdnValue parse_line(std::string_view line, std::string_view source, std::size_t line_number,
                    std::size_t first_column) {
    return LineParser(line, source, line_number, first_column).parse_all();
}

std::vector<EdnValue> parse_line_values(std::string_view line, std::string_view source, std::size_t line_number) {
    return LineParser(line, source, line_number, 1).parse_each();
}

}  // namespace archlab::consistency::edn
