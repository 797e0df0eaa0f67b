#pragma once
// "Did you mean ...?" for names a person typed: the closest candidate by edit distance.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace archlab {

/// Edit distance (insertions, deletions, substitutions, swaps of neighbours), case-insensitive.
std::size_t edit_distance(const std::string& a, const std::string& b);

/// The candidate closest to `typed` when it is close enough to be a likely typo, else nothing.
std::optional<std::string> closest_match(const std::string& typed, const std::vector<std::string>& candidates);

/// "a, b, c": the candidates joined for an error message.
std::string join_names(const std::vector<std::string>& names);

}  // namespace archlab
