#include "core/lab/scenario.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/lab/json_position.h"
#include "core/lab/scenario_reader.h"
#include "core/lab/settings.h"

namespace archlab {

namespace {

/// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix.
std::string parse_reason(const std::string& what) {
    const std::size_t at = what.find("parse error");
    const std::size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

/// How a message names the value at path: "field 'seed'", "setting 'workers'", "fault 2 field 'at'",
/// "step 3 field 'duration'".
std::string describe(const JsonPath& path) {
    const auto key = [&](std::size_t i) { return i < path.size() ? std::get_if<std::string>(&path[i]) : nullptr; };
    const auto index = [&](std::size_t i) { return i < path.size() ? std::get_if<std::size_t>(&path[i]) : nullptr; };
    if (key(0) && *key(0) == "settings" && key(1)) return "setting '" + *key(1) + "'";
    if (key(0) && *key(0) == "faults" && index(1)) {
        const std::string fault = "fault " + std::to_string(*index(1) + 1);
        return key(2) ? fault + " field '" + *key(2) + "'" : fault;
    }
    if (key(0) && *key(0) == "knob_changes" && index(1)) {
        const std::string change = "knob change " + std::to_string(*index(1) + 1);
        return key(2) ? change + " field '" + *key(2) + "'" : change;
    }
    if (key(0) && *key(0) == "steps" && index(1)) {
        const std::string step = "step " + std::to_string(*index(1) + 1);
        return key(2) ? step + " field '" + *key(2) + "'" : step;
    }
    if (key(0)) return "field '" + *key(0) + "'";
    return "a value";
}

}  // namespace

Nanos Scenario::steps_duration() const {
    Nanos total{0};
    for (const ScenarioStep& s : steps) total += s.duration;
    return total;
}

Scenario Scenario::parse(const std::string& text, const std::string& source_name) {
    ojson root;
    try {
        root = ojson::parse(text);
    } catch (const ojson::parse_error& e) {
        const auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
        throw InputError(source_name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": malformed JSON: " + parse_reason(e.what()));
    } catch (const ojson::out_of_range& e) {  // a number no double holds: 1e999
        const auto overflow = find_number_overflow(text);
        if (!overflow) throw InputError(source_name + ": " + parse_reason(e.what()));
        const auto [line, column] = line_column(text, overflow->offset);
        throw InputError(source_name + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                         describe(overflow->path) + ": the number " + overflow->text + " is out of range");
    }
    const ScenarioReader r(text, source_name);
    if (!root.is_object()) r.fail({}, std::string("a scenario is a JSON object {\"lab\": ...}, got ") + json_type_name(root));

    static const std::vector<std::string> kFields = {"lab", "seed", "duration", "settings", "faults", "knob_changes",
                                                     "title", "summary", "steps"};
    Scenario s;
    for (const auto& [key, value] : root.items()) {
        if (key == "lab") {
            if (!value.is_string() || value.get<std::string>().empty()) {
                r.fail({"lab"}, "field 'lab' must be a lab id like \"queueing\"");
            }
            s.lab = value.get<std::string>();
        } else if (key == "title") {
            s.title = r.text(value, {key}, "field 'title'");
        } else if (key == "summary") {
            s.summary = r.text(value, {key}, "field 'summary'", true);
        } else if (key == "seed") {
            s.seed = r.seed(value);
        } else if (key == "duration") {
            s.duration = r.duration(value, {key}, "field 'duration'");
        } else if (key == "settings") {
            s.settings_where.clear();
            s.settings_text = r.settings(value, {key}, "field 'settings'", s.settings_where);
        } else if (key == "faults") {
            s.faults = r.faults(value, {key});
        } else if (key == "knob_changes") {
            s.knob_changes = r.knob_changes(value, {key});
        } else if (key == "steps") {
            s.steps = r.steps(value);
        } else {
            r.fail_unknown({key}, "", kFields);
        }
    }
    if (s.lab.empty()) r.fail({}, "field 'lab' is required (a lab id like \"queueing\")");
    if (s.guided()) {
        // One timeline: the steps' own durations and faults make it, so the top level has none.
        if (root.contains("duration")) r.fail_key({"duration"}, "field 'duration': a guided scenario lasts as long as its steps together");
        if (root.contains("faults")) r.fail_key({"faults"}, "field 'faults': in a guided scenario faults belong to the steps");
        if (root.contains("knob_changes")) {
            r.fail_key({"knob_changes"}, "field 'knob_changes': in a guided scenario knob changes are the steps' 'set'");
        }
        if (s.title.empty()) r.fail({}, "field 'title' is required in a guided scenario (the Guide panel lists it)");
        if (s.steps_duration() > std::chrono::hours(24)) r.fail({"steps"}, "field 'steps': the steps last more than 24h together");
    }
    return s;
}

Scenario Scenario::load_file(const std::string& path) {
    const auto fail = [&path](int err) {
        throw InputError("cannot read scenario '" + path + "': " + std::strerror(err));
    };
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) fail(errno);
    std::string text;
    char buf[65536];
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
        text.append(buf, n);
        if (n < sizeof buf) break;
    }
    if (std::ferror(f.get())) fail(errno);
    return parse(text, path);
}

}  // namespace archlab
