#include "core/lab/suggest.h"

#include <algorithm>

#include "core/lab/ascii_case.h"

namespace archlab {

std::size_t edit_distance(const std::string& a_in, const std::string& b_in) {
    // Optimal string alignment: Levenshtein plus transposition of two neighbouring letters.
    const std::string a = ascii_lower(a_in), b = ascii_lower(b_in);
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[n][m];
}

std::optional<std::string> closest_match(const std::string& typed, const std::vector<std::string>& candidates) {
    // Short words tolerate one slip, longer ones two: beyond that a suggestion is a guess.
    const std::size_t allowed = typed.size() <= 4 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = allowed + 1;
    for (const std::string& c : candidates) {
        // The distance is at least the difference in length: skip the table for a word that
        // cannot be close (a long pasted line against every name).
        const std::size_t length_gap = typed.size() > c.size() ? typed.size() - c.size() : c.size() - typed.size();
        if (length_gap > allowed) continue;
        const std::size_t dist = edit_distance(typed, c);
        if (dist < best_distance) {
            best_distance = dist;
            best = c;
        }
    }
    return best;
}

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace archlab
