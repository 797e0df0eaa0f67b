#include "core/report/markdown_subset.h"

#include <vector>

#include "core/report/markup.h"

namespace archlab {

namespace {
// Its own namespace: the ci preset's unity build puts this file beside html_report.cpp and
// markup.cpp, whose file-local helpers would clash with these.
namespace md_subset {

constexpr std::size_t npos = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
/// A letter or digit (any byte of a multibyte UTF-8 character counts as one): '_' next to one is
/// part of a word, not emphasis.
bool is_word(char c) {
    const unsigned char u = static_cast<unsigned char>(c);
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}
bool is_ascii_punct(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

std::size_t run_length(std::string_view s, std::size_t at, char c) {
    std::size_t n = 0;
    while (at + n < s.size() && s[at + n] == c) ++n;
    return n;
}

/// Start of the next run of exactly `width` backticks from `from`, or npos.
std::size_t find_backtick_run(std::string_view s, std::size_t from, std::size_t width) {
    for (std::size_t j = from; j < s.size();) {
        if (s[j] != '`') {
            ++j;
            continue;
        }
        const std::size_t run = run_length(s, j, '`');
        if (run == width) return j;
        j += run;
    }
    return npos;
}

/// Where an emphasis opened by `width` of `c` closes, searching from `from`: the start of the
/// closing delimiter, or npos. Skips escapes and code spans; a closer follows a non-space and,
/// for '_', is not followed by a word character. Single-character emphasis skips runs of two
/// (a **strong** inside it).
std::size_t find_closer(std::string_view s, std::size_t from, char c, std::size_t width) {
    for (std::size_t j = from; j < s.size();) {
        if (s[j] == '\\') {
            j += 2;
            continue;
        }
        if (s[j] == '`') {
            const std::size_t run = run_length(s, j, '`');
            const std::size_t close = find_backtick_run(s, j + run, run);
            j = close == npos ? j + run : close + run;
            continue;
        }
        if (s[j] != c) {
            ++j;
            continue;
        }
        const std::size_t run = run_length(s, j, c);
        const std::size_t end = j + run;
        const bool can_close = j > from && !is_space(s[j - 1]) && (c != '_' || end >= s.size() || !is_word(s[end]));
        if (can_close && (width == 1 ? run != 2 : run >= 2)) return end - width;
        j = end;
    }
    return npos;
}

/// The index of the bracket closing the one at `open` ('[' / '(' with `close`), or npos.
std::size_t find_matching(std::string_view s, std::size_t open, char close) {
    const char opener = s[open];
    int depth = 0;
    for (std::size_t j = open; j < s.size(); ++j) {
        if (s[j] == '\\') {
            ++j;
            continue;
        }
        if (s[j] == opener) ++depth;
        else if (s[j] == close && --depth == 0) return j;
    }
    return npos;
}

class InlineRenderer {
public:
    std::string render(std::string_view s) {
        std::string out, literal;
        const auto flush = [&] {
            out += markup_escape(literal);
            literal.clear();
        };
        for (std::size_t i = 0; i < s.size();) {
            const char c = s[i];
            if (c == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) {
                literal += s[i + 1];
                i += 2;
            } else if (c == '`') {
                const std::size_t run = run_length(s, i, '`');
                const std::size_t close = find_backtick_run(s, i + run, run);
                if (close == npos) {
                    literal.append(run, '`');
                    i += run;
                    continue;
                }
                std::string_view code = s.substr(i + run, close - i - run);
                if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ' && code.find_first_not_of(' ') != npos) {
                    code = code.substr(1, code.size() - 2);
                }
                flush();
                out += "<code>" + markup_escape(std::string(code)) + "</code>";
                i = close + run;
            } else if (c == '*' || c == '_') {
                i = emphasis(s, i, out, literal, flush);
            } else if ((c == '[' || (c == '!' && i + 1 < s.size() && s[i + 1] == '[')) && link(s, i, out, flush)) {
                continue;  // link() moved i past the link
            } else if (c == '<' && autolink(s, i, out, flush)) {
                continue;
            } else {
                literal += c;
                ++i;
            }
        }
        flush();
        return out;
    }

private:
    /// The run of '*' or '_' at i as <strong>/<em> when it opens one that closes, else as text;
    /// returns the index after what it consumed.
    template <typename Flush>
    std::size_t emphasis(std::string_view s, std::size_t i, std::string& out, std::string& literal, Flush& flush) {
        const char c = s[i];
        const std::size_t run = run_length(s, i, c);
        const auto can_open = [&](std::size_t content) {
            return content < s.size() && !is_space(s[content]) && (c != '_' || i == 0 || !is_word(s[i - 1]));
        };
        if (run >= 2 && can_open(i + 2)) {
            if (const std::size_t close = find_closer(s, i + 2, c, 2); close != npos) {
                flush();
                out += "<strong>" + render(s.substr(i + 2, close - i - 2)) + "</strong>";
                return close + 2;
            }
        }
        const std::size_t opener = i + run - 1;  // the run's last character opens an <em>
        if (can_open(opener + 1)) {
            if (const std::size_t close = find_closer(s, opener + 1, c, 1); close != npos) {
                literal.append(run - 1, c);
                flush();
                out += "<em>" + render(s.substr(opener + 1, close - opener - 1)) + "</em>";
                return close + 1;
            }
        }
        literal.append(run, c);
        return i + run;
    }

    /// [text](address) or ![text](address) at i as "text (address)": the report links nowhere.
    template <typename Flush>
    bool link(std::string_view s, std::size_t& i, std::string& out, Flush& flush) {
        const std::size_t open = s[i] == '!' ? i + 1 : i;
        const std::size_t close = find_matching(s, open, ']');
        if (close == npos || close + 1 >= s.size() || s[close + 1] != '(') return false;
        const std::size_t end = find_matching(s, close + 1, ')');
        if (end == npos) return false;
        std::string_view address = s.substr(close + 2, end - close - 2);
        while (!address.empty() && is_space(address.front())) address.remove_prefix(1);
        if (const std::size_t space = address.find_first_of(" \t\n"); space != npos) address = address.substr(0, space);  // a title
        if (address.size() >= 2 && address.front() == '<' && address.back() == '>') address = address.substr(1, address.size() - 2);
        const std::string_view label = s.substr(open + 1, close - open - 1);
        flush();
        out += render(label);
        if (!address.empty() && address != label) out += " (" + markup_escape(std::string(address)) + ")";
        i = end + 1;
        return true;
    }

    /// <https://...> or <mailto:...> at i as its address, in text.
    template <typename Flush>
    bool autolink(std::string_view s, std::size_t& i, std::string& out, Flush& flush) {
        const std::size_t end = s.find('>', i);
        if (end == npos) return false;
        const std::string_view address = s.substr(i + 1, end - i - 1);
        if (address.find_first_of(" \t\n<") != npos) return false;
        if (!address.starts_with("http://") && !address.starts_with("https://") && !address.starts_with("mailto:")) return false;
        flush();
        out += markup_escape(std::string(address));
        i = end + 1;
        return true;
    }
};

std::size_t indent_of(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
    return n;
}

/// "- item" / "* item" / "+ item": the item's text start, or npos.
std::size_t bullet_item(std::string_view line) {
    return line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') && line[1] == ' ' ? 2 : npos;
}

/// "3. item" / "3) item": the item's text start and its number, or npos.
std::size_t numbered_item(std::string_view line, int& number) {
    std::size_t d = 0;
    number = 0;
    while (d < line.size() && d < 9 && line[d] >= '0' && line[d] <= '9') number = number * 10 + (line[d++] - '0');
    if (d == 0 || d + 1 >= line.size() || (line[d] != '.' && line[d] != ')') || line[d + 1] != ' ') return npos;
    return d + 2;
}

/// "## Title": the title's start, or npos.
std::size_t heading(std::string_view line) {
    const std::size_t hashes = run_length(line, 0, '#');
    if (hashes == 0 || hashes > 6) return npos;
    if (hashes == line.size()) return hashes;
    return line[hashes] == ' ' ? hashes + 1 : npos;
}

class BlockRenderer {
public:
    std::string render(std::string_view text) {
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == npos) end = text.size();
            std::string_view line = text.substr(start, end - start);
            start = end + 1;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
            take(line);
            if (end == text.size()) break;
        }
        if (in_fence_) out_ += "<pre><code>" + markup_escape(code_) + "</code></pre>";  // an unclosed fence ends with the text
        else close_blocks();
        return out_;
    }

private:
    enum class List { None, Bullets, Numbers };

    void take(std::string_view line) {
        const std::size_t indent = indent_of(line);
        const std::string_view body = line.substr(indent);
        if (in_fence_) {
            if (body.starts_with("```")) {
                out_ += "<pre><code>" + markup_escape(code_) + "</code></pre>";
                code_.clear();
                in_fence_ = false;
            } else {
                code_ += std::string(line) + "\n";
            }
            return;
        }
        if (body.starts_with("```")) {
            close_blocks();
            in_fence_ = true;
            return;
        }
        if (body.empty()) {
            close_blocks();
            return;
        }
        int number = 0;
        if (indent < 4) {
            if (const std::size_t at = bullet_item(body); at != npos) return item(List::Bullets, body.substr(at), 1);
            if (const std::size_t at = numbered_item(body, number); at != npos) return item(List::Numbers, body.substr(at), number);
            if (const std::size_t at = heading(body); at != npos) {
                close_blocks();
                out_ += "<h4>" + inline_.render(body.substr(at)) + "</h4>";
                return;
            }
        }
        // A line after an item continues it (indented or not, as CommonMark's lazy continuation).
        std::string& into = list_ != List::None ? item_ : paragraph_;
        if (!into.empty()) into += ' ';
        into += body;
    }

    void item(List kind, std::string_view text, int number) {
        close_paragraph();
        close_item();
        if (list_ != kind) {
            close_list();
            list_ = kind;
            if (kind == List::Bullets) out_ += "<ul>";
            else out_ += number == 1 ? "<ol>" : "<ol start=\"" + std::to_string(number) + "\">";
        }
        item_ = text;
        in_item_ = true;
    }

    void close_paragraph() {
        if (!paragraph_.empty()) out_ += "<p>" + inline_.render(paragraph_) + "</p>";
        paragraph_.clear();
    }
    void close_item() {
        if (in_item_) out_ += "<li>" + inline_.render(item_) + "</li>";
        item_.clear();
        in_item_ = false;
    }
    void close_list() {
        close_item();
        if (list_ == List::Bullets) out_ += "</ul>";
        if (list_ == List::Numbers) out_ += "</ol>";
        list_ = List::None;
    }
    void close_blocks() {
        close_paragraph();
        close_list();
    }

    InlineRenderer inline_;
    std::string out_;
    std::string paragraph_;  ///< the open paragraph's lines, joined by spaces
    std::string item_;       ///< the open list item's text
    bool in_item_ = false;
    List list_ = List::None;
    bool in_fence_ = false;
    std::string code_;       ///< the open fenced code block's lines
};

}  // namespace md_subset
}  // namespace

std::string markdown_inline_html(std::string_view text) { return md_subset::InlineRenderer().render(text); }

std::string markdown_to_html(std::string_view markdown) { return md_subset::BlockRenderer().render(markdown); }

}  // namespace archlab
