#include "labs/load_balancing/lb_weights.h"

#include <cctype>
#include <charconv>

#include "core/lab/settings.h"
#include "labs/load_balancing/lb_config.h"

namespace archlab::lblab {

namespace {
std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

bool means_equal(const std::string& t) {
    if (t.empty()) return true;
    std::string l = t;
    for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return l == "equal";
}
}  // namespace

std::vector<int> parse_weight_list(const std::string& text) {
    const std::string t = trim(text);
    std::vector<int> out;
    if (means_equal(t)) return out;
    std::size_t begin = 0;
    for (int item = 1;; ++item) {
        const std::size_t comma = t.find(',', begin);
        const std::string part = trim(t.substr(begin, comma == std::string::npos ? std::string::npos : comma - begin));
        const std::string where = "item " + std::to_string(item);
        if (part.empty()) throw InputError(where + " is empty (write weights as 5,1,1,2, or equal)");
        int w = 0;
        const auto res = std::from_chars(part.data(), part.data() + part.size(), w);
        if (res.ec != std::errc() || res.ptr != part.data() + part.size() || w < 1 || w > kMaxWeight) {
            throw InputError(where + " '" + part + "' is not a positive whole number (1 to " +
                             std::to_string(kMaxWeight) + ")");
        }
        out.push_back(w);
        if (comma == std::string::npos) break;
        begin = comma + 1;
    }
    return out;
}

std::map<std::string, int> weights_for_nodes(const std::string& text, int nodes) {
    const std::vector<int> list = parse_weight_list(text);
    std::map<std::string, int> out;
    if (list.empty()) return out;
    if (static_cast<int>(list.size()) != nodes) {
        throw InputError("weights '" + trim(text) + "': " + std::to_string(list.size()) + " weight" +
                         (list.size() == 1 ? "" : "s") + " for " + std::to_string(nodes) + " node" +
                         (nodes == 1 ? "" : "s") + " (give one per node, or equal)");
    }
    for (int i = 0; i < nodes; ++i) out[app_node_id(i + 1)] = list[static_cast<std::size_t>(i)];
    return out;
}

}  // namespace archlab::lblab
