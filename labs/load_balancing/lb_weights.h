#pragma once
// The `weights` knob: one weight per app node as typed ("5,1,1,2"), or "equal".
#include <map>
#include <string>
#include <vector>

namespace archlab::lblab {

/// Largest weight taken: enough for any share worth showing, small enough that the smooth
/// weighted round robin's running scores stay tiny.
constexpr int kMaxWeight = 1000;

/// "" or "equal" (any case) -> empty (every node weighs 1); "5,1,1,2" -> {5, 1, 1, 2}.
/// Throws InputError naming the bad item: "item 2 'x' is not a positive whole number (1 to 1000)".
std::vector<int> parse_weight_list(const std::string& text);

/// The balancer's weights by node id; throws InputError unless the list holds one weight per
/// node, naming both counts.
std::map<std::string, int> weights_for_nodes(const std::string& text, int nodes);

}  // namespace archlab::lblab
