// Glob matching with Redis' stringmatchlen rules, written as a loop that backtracks only to the
// last '*' (every other pattern element takes exactly one character, so that is enough and
// keeps the cost at pattern length x text length).
#include <cctype>
#include <cstddef>
#include <string_view>
#include <utility>

#include "core/resp/command_args.h"

namespace archlab::resp {

namespace {

char fold(char c, bool ignore_case) {
    return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

/// Whether the one pattern element at p[i] (not '*') matches c; `next` is set to the index after
/// the element.
bool element_matches(std::string_view p, std::size_t i, char c, bool ignore_case, std::size_t& next) {
    const char cf = fold(c, ignore_case);
    if (p[i] == '?') {
        next = i + 1;
        return true;
    }
    if (p[i] == '\\' && i + 1 < p.size()) {  // escaped: the next character literally
        next = i + 2;
        return fold(p[i + 1], ignore_case) == cf;
    }
    if (p[i] != '[') {
        next = i + 1;
        return fold(p[i], ignore_case) == cf;
    }
    // A class: [abc] [^abc] [a-z] [\]]; an unclosed one runs to the end of the pattern.
    std::size_t j = i + 1;
    const bool negate = j < p.size() && p[j] == '^';
    if (negate) ++j;
    bool found = false;
    while (j < p.size() && p[j] != ']') {
        if (p[j] == '\\' && j + 1 < p.size()) {
            ++j;
            found = found || p[j] == c;
        } else if (j + 2 < p.size() && p[j + 1] == '-') {
            char lo = fold(p[j], ignore_case), hi = fold(p[j + 2], ignore_case);
            if (lo > hi) std::swap(lo, hi);
            found = found || (cf >= lo && cf <= hi);
            j += 2;
        } else {
            found = found || fold(p[j], ignore_case) == cf;
        }
        ++j;
    }
    next = j < p.size() ? j + 1 : j;  // past the ']'
    return found != negate;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
    std::size_t p = 0, t = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;  // the last '*' seen, and where it began
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            while (p < pattern.size() && pattern[p] == '*') ++p;
            if (p == pattern.size()) return true;  // a trailing '*' takes the rest
            star_p = p;
            star_t = t;
            continue;
        }
        std::size_t next = 0;
        if (p < pattern.size() && element_matches(pattern, p, text[t], ignore_case, next)) {
            p = next;
            ++t;
        } else if (star_p != std::string_view::npos) {
            p = star_p;  // let the last '*' take one more character
            t = ++star_t;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace archlab::resp
