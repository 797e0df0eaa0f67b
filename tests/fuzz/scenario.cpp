// Fuzz target: scenario files (core/lab/scenario), the JSON a person hands to `archlab-cli run`.
// Properties:
//  - bad input is only ever an InputError (the CLI's exit 2 with a message), never another
//    exception or a crash, and the message starts with the file's name (most with LINE:COL);
//  - a scenario that loads is whole: a lab id, a positive duration when given, a position for
//    every setting, faults within 24 h of the start;
//  - written back as JSON (faults in their text form) it loads again to the same scenario, guided
//    steps and their questions included.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/lab/scenario.h"
#include "core/lab/settings.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {

constexpr const char* kSource = "fuzz.json";

bool same_faults(const std::vector<FaultEvent>& a, const std::vector<FaultEvent>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].at != b[i].at || a[i].action != b[i].action || a[i].target != b[i].target || a[i].value != b[i].value)
            return false;
    }
    return true;
}

std::string span_text(Nanos d) { return std::to_string(d.count()) + "ns"; }

nlohmann::ordered_json write_question(const Prediction& q) {
    nlohmann::ordered_json j;
    j["ask"] = q.ask;
    j["unit"] = q.unit;
    j["why"] = q.why;
    nlohmann::ordered_json f;
    if (!q.figure.series.empty()) {
        f["series"] = q.figure.series;
        f["aggregate"] = to_string(q.figure.aggregate);
        if (q.figure.from.count() > 0) f["from"] = span_text(q.figure.from);
        if (q.figure.to) f["to"] = span_text(*q.figure.to);
    } else {
        f["summary"] = q.figure.summary;
    }
    f["scale"] = q.figure.scale;
    j["figure"] = f;
    if (q.is_choice()) {
        nlohmann::ordered_json choices = nlohmann::ordered_json::array();
        for (const Choice& c : q.choices) {
            nlohmann::ordered_json cj = {{"label", c.label}};
            if (std::isfinite(c.min)) cj["min"] = c.min;
            if (std::isfinite(c.max)) cj["max"] = c.max;
            choices.push_back(cj);
        }
        j["choices"] = choices;
    } else {
        j["range"] = {q.guess_min, q.guess_max};
        j["tolerance"] = q.tolerance;
    }
    return j;
}

bool same_question(const Prediction& a, const Prediction& b) {
    if (a.ask != b.ask || a.unit != b.unit || a.why != b.why || a.figure.series != b.figure.series ||
        a.figure.summary != b.figure.summary || a.figure.aggregate != b.figure.aggregate || a.figure.from != b.figure.from ||
        a.figure.to != b.figure.to || a.figure.scale != b.figure.scale || a.choices.size() != b.choices.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.choices.size(); ++i) {
        if (a.choices[i].label != b.choices[i].label || a.choices[i].min != b.choices[i].min || a.choices[i].max != b.choices[i].max)
            return false;
    }
    return a.is_choice() || (a.guess_min == b.guess_min && a.guess_max == b.guess_max && a.tolerance == b.tolerance);
}

bool same_steps(const std::vector<ScenarioStep>& a, const std::vector<ScenarioStep>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].title != b[i].title || a[i].text != b[i].text || a[i].duration != b[i].duration ||
            a[i].set_text != b[i].set_text || !same_faults(a[i].faults, b[i].faults) ||
            a[i].question.has_value() != b[i].question.has_value()) {
            return false;
        }
        if (a[i].question && !same_question(*a[i].question, *b[i].question)) return false;
    }
    return true;
}

/// The scenario as a file would say it.
std::string write_back(const Scenario& s) {
    nlohmann::ordered_json j;
    j["lab"] = s.lab;
    if (s.seed) j["seed"] = *s.seed;
    if (s.duration) j["duration"] = std::to_string(s.duration->count()) + "ns";
    nlohmann::ordered_json settings = nlohmann::ordered_json::object();
    for (const auto& [knob, value] : s.settings_text) settings[knob] = value;
    if (!s.settings_text.empty()) j["settings"] = settings;
    nlohmann::ordered_json faults = nlohmann::ordered_json::array();
    for (const FaultEvent& f : s.faults) faults.push_back(f.to_string());
    if (!s.faults.empty()) j["faults"] = faults;
    if (!s.title.empty()) j["title"] = s.title;
    if (!s.summary.empty()) j["summary"] = s.summary;
    if (s.guided()) {
        nlohmann::ordered_json steps = nlohmann::ordered_json::array();
        for (const ScenarioStep& st : s.steps) {
            nlohmann::ordered_json sj = {{"title", st.title}, {"text", st.text}, {"duration", span_text(st.duration)}};
            nlohmann::ordered_json set = nlohmann::ordered_json::object();
            for (const auto& [knob, value] : st.set_text) set[knob] = value;
            if (!st.set_text.empty()) sj["set"] = set;
            nlohmann::ordered_json step_faults = nlohmann::ordered_json::array();
            for (const FaultEvent& f : st.faults) step_faults.push_back(f.to_string());
            if (!st.faults.empty()) sj["faults"] = step_faults;
            if (st.question) sj["question"] = write_question(*st.question);
            steps.push_back(sj);
        }
        j["steps"] = steps;
    }
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Scenario s;
    try {
        s = Scenario::parse(text, kSource);
    } catch (const InputError& e) {
        FUZZ_CHECK(std::string_view(e.what()).substr(0, std::string_view(kSource).size()) == kSource, e.what());
        return 0;
    }
    FUZZ_CHECK(!s.lab.empty(), std::string("no lab"));
    if (s.duration) FUZZ_CHECK(s.duration->count() > 0, std::to_string(s.duration->count()));
    FUZZ_CHECK(s.settings_where.size() == s.settings_text.size(), std::to_string(s.settings_where.size()));
    for (const std::string& w : s.settings_where) FUZZ_CHECK(w.rfind(kSource, 0) == 0, w);
    for (const FaultEvent& f : s.faults)
        FUZZ_CHECK(f.at.count() >= 0 && f.at <= std::chrono::hours(24), f.to_string());

    const std::string again_text = write_back(s);
    Scenario again;
    try {
        again = Scenario::parse(again_text, kSource);
    } catch (const InputError& e) {
        FUZZ_CHECK(false, std::string("written back, it does not load: ") + e.what() + "\n" + again_text.substr(0, 400));
    }
    FUZZ_CHECK(again.lab == s.lab && again.seed == s.seed && again.duration == s.duration, again_text.substr(0, 400));
    FUZZ_CHECK(again.settings_text == s.settings_text, again_text.substr(0, 400));
    FUZZ_CHECK(same_faults(again.faults, s.faults), again_text.substr(0, 400));
    FUZZ_CHECK(again.title == s.title && again.summary == s.summary, again_text.substr(0, 400));
    FUZZ_CHECK(same_steps(again.steps, s.steps), again_text.substr(0, 400));
    for (const ScenarioStep& st : s.steps) {
        FUZZ_CHECK(st.duration.count() > 0 && st.set_where.size() == st.set_text.size(), st.title);
        for (const FaultEvent& f : st.faults) FUZZ_CHECK(f.at < st.duration, f.to_string());
        if (st.question) FUZZ_CHECK(st.question->is_choice() || st.question->guess_min < st.question->guess_max, st.title);
    }
    return 0;
}
