// Fuzz target: scenario files (core/lab/scenario), the JSON a person hands to `archlab-cli run`.
// Properties:
//  - bad input is only ever an InputError (the CLI's exit 2 with a message), never another
//    exception or a crash, and the message starts with the file's name (most with LINE:COL);
//  - a scenario that loads is whole: a lab id, a positive duration when given, a position for
//    every setting, faults within 24 h of the start;
//  - written back as JSON (faults in their text form) it loads again to the same scenario.
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
    return 0;
}
