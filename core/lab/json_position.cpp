#include "core/lab/json_position.h"

#include <algorithm>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace archlab {

namespace {

/// A forward reader over JSON text the parser accepted (up to the value looked for): it skips
/// values without building them and reads object keys.
class Scanner {
public:
    explicit Scanner(std::string_view text) : t_(text) {}

    std::size_t pos() const { return i_; }
    void space() {
        while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t' || t_[i_] == '\n' || t_[i_] == '\r')) ++i_;
    }
    bool eat(char c) {
        space();
        if (i_ >= t_.size() || t_[i_] != c) return false;
        ++i_;
        return true;
    }
    bool at(char c) {
        space();
        return i_ < t_.size() && t_[i_] == c;
    }

    /// A string at the cursor, decoded (escapes, \u with surrogate pairs).
    std::optional<std::string> string() {
        if (!eat('"')) return std::nullopt;
        std::string out;
        while (i_ < t_.size() && t_[i_] != '"') {
            const char c = t_[i_++];
            if (c != '\\') {
                out += c;
                continue;
            }
            if (i_ >= t_.size()) return std::nullopt;
            const char e = t_[i_++];
            switch (e) {
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    auto cp = hex4();
                    if (!cp) return std::nullopt;
                    if (*cp >= 0xD800 && *cp < 0xDC00 && t_.substr(i_, 2) == "\\u") {
                        i_ += 2;
                        const auto low = hex4();
                        if (!low) return std::nullopt;
                        cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                    }
                    utf8(*cp, out);
                    break;
                }
                default: out += e;  // \" \\ \/
            }
        }
        if (i_ >= t_.size()) return std::nullopt;
        ++i_;  // the closing quote
        return out;
    }

    /// Skips the value at the cursor.
    bool skip() {
        space();
        if (i_ >= t_.size()) return false;
        const char c = t_[i_];
        if (c == '"') return string().has_value();
        if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            ++i_;
            if (eat(close)) return true;
            do {
                if (c == '{' && (!string() || !eat(':'))) return false;
                if (!skip()) return false;
            } while (eat(','));
            return eat(close);
        }
        // A number or a literal: up to the next delimiter.
        while (i_ < t_.size() && std::string_view(",]} \t\r\n").find(t_[i_]) == std::string_view::npos) ++i_;
        return true;
    }

private:
    std::optional<std::uint32_t> hex4() {
        if (i_ + 4 > t_.size()) return std::nullopt;
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const char h = t_[i_++];
            v <<= 4;
            if (h >= '0' && h <= '9') v |= std::uint32_t(h - '0');
            else if (h >= 'a' && h <= 'f') v |= std::uint32_t(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') v |= std::uint32_t(h - 'A' + 10);
            else return std::nullopt;
        }
        return v;
    }
    static void utf8(std::uint32_t cp, std::string& out) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::string_view t_;
    std::size_t i_ = 0;
};

/// Moves the scanner to the value at path[depth..] inside the value at the cursor (with
/// key_itself, to the last step's key instead).
std::optional<std::size_t> find(Scanner& s, const JsonPath& path, std::size_t depth, bool key_itself) {
    s.space();
    if (depth == path.size()) return key_itself ? std::nullopt : std::optional<std::size_t>(s.pos());
    const JsonStep& step = path[depth];
    if (const auto* key = std::get_if<std::string>(&step)) {
        if (!s.eat('{')) return std::nullopt;
        std::optional<std::size_t> found;
        if (s.eat('}')) return std::nullopt;
        do {
            s.space();
            const std::size_t key_at = s.pos();
            const auto k = s.string();
            if (!k || !s.eat(':')) return found;
            s.space();
            if (*k == *key) {  // the last of equal keys wins: remember this one and go on
                Scanner here = s;
                if (key_itself && depth + 1 == path.size()) found = key_at;
                else if (const auto f = find(here, path, depth + 1, key_itself)) found = f;
            }
            if (!s.skip()) return found;
        } while (s.eat(','));
        return found;
    }
    const std::size_t index = std::get<std::size_t>(step);
    if (!s.eat('[') || s.at(']')) return std::nullopt;
    for (std::size_t n = 0;; ++n) {
        if (n == index) return find(s, path, depth + 1, key_itself);
        if (!s.skip() || !s.eat(',')) return std::nullopt;
    }
}

using ojson = nlohmann::ordered_json;

/// A parse that builds nothing and stops at the first error, knowing the path of every value.
class PathSax : public nlohmann::json_sax<ojson> {
public:
    std::optional<JsonNumberOverflow> overflow;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t& k) override {
        levels_.back().key = k;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception& ex) override {
        if (ex.id == 406) {  // "number overflow parsing": position is just past the number
            JsonNumberOverflow o;
            o.text = last_token;
            o.offset = position >= last_token.size() ? position - last_token.size() : 0;
            for (const Level& l : levels_) {
                if (l.array) o.path.emplace_back(l.index);
                else o.path.emplace_back(l.key);
            }
            overflow = std::move(o);
        }
        return false;
    }

private:
    struct Level {
        bool array = false;
        std::string key;        ///< object: the key of the value being read
        std::size_t index = 0;  ///< array: the index of the value being read
    };
    bool value() {
        if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
        return true;
    }
    bool open(bool array) {
        levels_.push_back({array, {}, 0});
        return true;
    }
    bool close() {
        levels_.pop_back();
        return value();
    }
    std::vector<Level> levels_;
};

}  // namespace

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {  // a UTF-8 continuation byte does not start a character
            ++column;
        }
    }
    return {line, column};
}

std::optional<std::size_t> json_value_offset(std::string_view text, const JsonPath& path) {
    Scanner s(text);
    return find(s, path, 0, false);
}

std::optional<std::size_t> json_key_offset(std::string_view text, const JsonPath& path) {
    Scanner s(text);
    return find(s, path, 0, true);
}

std::optional<JsonNumberOverflow> find_number_overflow(const std::string& text) {
    PathSax sax;
    ojson::sax_parse(text, &sax);
    return sax.overflow;
}

}  // namespace archlab
