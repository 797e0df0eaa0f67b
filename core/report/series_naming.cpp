#include "core/report/series_naming.h"

#include <array>

namespace archlab {

std::string series_colour_hex(int i) {
    static const std::array<const char*, 8> palette = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                                       "#9467bd", "#8c564b", "#17becf", "#7f7f7f"};
    const auto n = static_cast<int>(palette.size());
    return palette[static_cast<std::size_t>(((i % n) + n) % n)];
}

std::string series_label_text(const std::string& column, const std::string& unit) {
    std::string name = column;
    const std::string suffix = "_" + unit;
    if (!unit.empty() && name.size() > suffix.size() && name.ends_with(suffix)) name.resize(name.size() - suffix.size());
    for (char& c : name) {
        if (c == '_') c = ' ';
    }
    return name;
}

std::vector<std::string> series_label_texts(const std::vector<std::string>& columns, const std::string& unit) {
    std::vector<std::string> out;
    for (const std::string& c : columns) out.push_back(series_label_text(c, unit));
    if (out.size() < 2) return out;
    // Longest common prefix ending in a space (a whole word).
    std::string prefix = out.front();
    for (const std::string& l : out) {
        std::size_t n = 0;
        while (n < prefix.size() && n < l.size() && prefix[n] == l[n]) ++n;
        prefix.resize(n);
    }
    const std::size_t space = prefix.rfind(' ');
    if (space == std::string::npos) return out;
    const std::size_t cut = space + 1;
    for (std::string& l : out) {
        if (l.size() > cut) l.erase(0, cut);
    }
    return out;
}

int matching_measured_column(const std::string& predicted, const std::vector<std::string>& measured) {
    std::string key = predicted;
    const auto pos = key.find("predicted");
    if (pos == std::string::npos) return -1;
    key.erase(pos, std::string("predicted").size());
    while (!key.empty() && key.front() == '_') key.erase(key.begin());
    while (!key.empty() && key.back() == '_') key.pop_back();
    if (key.empty()) return -1;
    for (std::size_t i = 0; i < measured.size(); ++i) {
        const std::string& m = measured[i];
        if (m == key || m.ends_with("_" + key) || m.starts_with(key + "_")) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace archlab
