#include "core/lab/run_mark.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace archlab {

std::string fault_mark_text(const std::string& action, const std::string& target, const std::string& value) {
    std::string text = action;
    if (!target.empty()) text += " " + target;
    if (!value.empty()) text += " " + value;
    return text;
}

std::vector<RunMark> marks_from_summary(const nlohmann::json& summary) {
    std::vector<RunMark> marks;
    if (!summary.is_object()) return marks;
    const auto text_of = [](const nlohmann::json& j, const char* key) {
        const auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const auto time_of = [](const nlohmann::json& j) {
        const auto it = j.find("at_s");
        return it != j.end() && it->is_number() ? it->get<double>() : -1.0;
    };
    if (const auto f = summary.find("faults"); f != summary.end() && f->is_array()) {
        for (const nlohmann::json& e : *f) {
            if (!e.is_object() || time_of(e) < 0.0) continue;
            marks.push_back({time_of(e), fault_mark_text(text_of(e, "action"), text_of(e, "target"), text_of(e, "value")), false});
        }
    }
    if (const auto k = summary.find("knob_changes"); k != summary.end() && k->is_array()) {
        for (const nlohmann::json& e : *k) {
            if (!e.is_object() || time_of(e) < 0.0) continue;
            marks.push_back({time_of(e), text_of(e, "knob") + " = " + text_of(e, "value"), true});
        }
    }
    std::stable_sort(marks.begin(), marks.end(), [](const RunMark& a, const RunMark& b) { return a.t_s < b.t_s; });
    return marks;
}

double first_fault_s(const std::vector<RunMark>& marks) {
    for (const RunMark& m : marks) {
        if (!m.knob) return m.t_s;
    }
    return -1.0;
}

}  // namespace archlab
