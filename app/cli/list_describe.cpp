#include <iostream>

#include <fmt/format.h>

#include "core/lab/default_charts.h"
#include <nlohmann/json.hpp>

#include "app/cli/commands.h"

namespace archlab::cli {

const Lab& find_lab(const LabRegistry& labs, const std::string& id) {
    if (const Lab* lab = labs.find(id)) return *lab;
    std::string known;
    for (const std::string& k : labs.ids()) known += (known.empty() ? "" : ", ") + k;
    throw InputError("unknown lab '" + id + "' (labs: " + known + ")");
}

int list_labs(const LabRegistry& labs) {
    for (const Lab* lab : labs.all()) {
        std::cout << fmt::format("{:<12} {}\n", lab->info().id, lab->info().title);
    }
    return 0;
}

namespace {
std::string range_of(const KnobSpec& k) {
    switch (k.type) {
        case KnobType::Int: return fmt::format("{:.0f}..{:.0f}", k.min, k.max);
        case KnobType::Double: return fmt::format("{:g}..{:g}", k.min, k.max);
        case KnobType::Enum: {
            std::string out;
            for (const auto& c : k.choices) out += (out.empty() ? "" : "|") + c;
            return out;
        }
        case KnobType::Bool: return "on|off";
        case KnobType::Text: return k.format.empty() ? "text" : k.format;
    }
    return "";
}
}  // namespace

int describe_lab(const LabRegistry& labs, const std::string& id, bool as_json) {
    const LabInfo& info = find_lab(labs, id).info();
    if (as_json) {
        nlohmann::json knobs = nlohmann::json::array();
        for (const KnobSpec& k : info.knobs) {
            knobs.push_back({{"name", k.name}, {"type", to_string(k.type)}, {"default", format_value(k.def)},
                             {"range", range_of(k)}, {"unit", k.unit}, {"live", k.live}, {"help", k.help}});
            if (k.max_live > 0) knobs.back()["max_live_time"] = k.max_live;
        }
        nlohmann::json actions = nlohmann::json::array();
        for (const LabAction& a : info.actions) actions.push_back({{"action", a.name}, {"kinds", a.kinds}, {"help", a.help}});
        std::cout << nlohmann::json{{"id", info.id}, {"title", info.title}, {"summary", info.summary}, {"knobs", knobs},
                                    {"actions", actions}}
                         .dump(2)
                  << '\n';
        return 0;
    }
    std::cout << info.title << " (" << info.id << ")\n" << info.summary << "\n\nKnobs:\n";
    for (const KnobSpec& k : info.knobs) {
        std::cout << fmt::format("  {:<20} {:<7} default {:<14} range {}{}{}\n      {}\n", k.name, to_string(k.type),
                                 format_value(k.def), range_of(k), k.unit.empty() ? "" : " " + k.unit,
                                 k.live ? "  (live)" : "", k.help);
        if (k.max_live > 0) std::cout << fmt::format("      live runs: at most {:g}; virtual time: up to {:g}\n", k.max_live, k.max);
    }
    std::cout << "\nFaults: kill, restart, pause, resume, slow, unslow, partition, heal (nodes);\n"
                 "        delay, jitter, drop, duplicate, cut, heal-link (links a->b or a<->b)\n";
    for (const LabAction& a : info.actions) std::cout << fmt::format("  {:<12} {}\n", a.name, a.help);
    std::cout << "\nCharts:\n";
    for (const ChartSpec& c : default_charts(find_lab(labs, id))) std::cout << fmt::format("  {:<12} {}\n", c.id, c.title);
    std::cout << "\n" << info.explain << '\n';
    return 0;
}

}  // namespace archlab::cli
