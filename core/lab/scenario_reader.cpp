#include "core/lab/scenario_reader.h"

#include <algorithm>
#include <cmath>

#include "core/lab/settings.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {
constexpr double kMaxDuration_s = 9e9;  ///< about 285 years: what a count of nanoseconds holds, with room

/// A JSON number as a person would write it: 4, 0.25, 1e-05.
std::string number_text(const ojson& v) { return v.dump(); }
}  // namespace

const char* json_type_name(const ojson& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

std::string ScenarioReader::where(const JsonPath& path, bool key_itself) const {
    const auto offset = key_itself ? json_key_offset(text_, path) : json_value_offset(text_, path);
    if (!offset) return source_;
    const auto [line, column] = line_column(text_, *offset);
    return source_ + ":" + std::to_string(line) + ":" + std::to_string(column);
}

void ScenarioReader::fail(const JsonPath& path, const std::string& what) const {
    throw InputError(where(path) + ": " + what);
}

void ScenarioReader::fail_key(const JsonPath& path, const std::string& what) const {
    throw InputError(where(path, true) + ": " + what);
}

void ScenarioReader::fail_unknown(const JsonPath& path, const std::string& context,
                                  const std::vector<std::string>& fields) const {
    const std::string& key = std::get<std::string>(path.back());
    const auto near = closest_match(key, fields);
    fail_key(path, context + "unknown field '" + key + "'" + (near ? ", did you mean '" + *near + "'?" : "") +
                       " (fields: " + join_names(fields) + ")");
}

std::uint64_t ScenarioReader::seed(const ojson& v) const {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    fail({"seed"}, "field 'seed' must be a non-negative integer, got " + v.dump());
}

Nanos ScenarioReader::duration(const ojson& v, const JsonPath& at, const std::string& name) const {
    Nanos d{0};
    if (v.is_string()) {
        d = parse_duration(v.get<std::string>(), where(at) + ": " + name);
    } else if (v.is_number()) {
        const double s = v.get<double>();
        if (s > kMaxDuration_s) fail(at, name + " is too long: " + v.dump() + " seconds");
        if (s > 0) d = Nanos(std::llround(s * 1e9));
    } else {
        fail(at, name + " must be a string like \"20s\" or a number of seconds, got " + json_type_name(v));
    }
    if (d.count() <= 0) fail(at, name + " must be more than zero, got " + v.dump());
    return d;
}

std::string ScenarioReader::text(const ojson& v, const JsonPath& at, const std::string& name, bool may_be_empty) const {
    if (!v.is_string()) fail(at, name + " must be a string, got " + json_type_name(v));
    std::string s = v.get<std::string>();
    if (!may_be_empty && s.empty()) fail(at, name + " must not be empty");
    return s;
}

double ScenarioReader::number(const ojson& v, const JsonPath& at, const std::string& name) const {
    if (!v.is_number()) fail(at, name + " must be a number, got " + json_type_name(v));
    return v.get<double>();
}

std::vector<std::pair<std::string, std::string>> ScenarioReader::settings(const ojson& v, const JsonPath& at,
                                                                          const std::string& name,
                                                                          std::vector<std::string>& where_each) const {
    if (!v.is_object()) fail(at, name + " must be an object {\"knob\": value}, got " + json_type_name(v));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [knob, value] : v.items()) {
        JsonPath knob_at = at;
        knob_at.emplace_back(knob);
        if (value.is_string()) out.emplace_back(knob, value.get<std::string>());
        else if (value.is_boolean()) out.emplace_back(knob, value.get<bool>() ? "true" : "false");
        else if (value.is_number()) out.emplace_back(knob, number_text(value));
        else fail(knob_at, "setting '" + knob + "' must be a number, string or boolean, got " + json_type_name(value));
        where_each.push_back(where(knob_at));
    }
    return out;
}

std::vector<FaultEvent> ScenarioReader::faults(const ojson& v, const JsonPath& at) const {
    if (!v.is_array()) fail(at, std::string("field 'faults' must be an array, got ") + json_type_name(v));
    std::vector<FaultEvent> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        JsonPath fault_at = at;
        fault_at.emplace_back(i);
        out.push_back(fault(v[i], fault_at, i));
    }
    return out;
}

std::vector<ScenarioKnobChange> ScenarioReader::knob_changes(const ojson& v, const JsonPath& at) const {
    if (!v.is_array()) fail(at, std::string("field 'knob_changes' must be an array, got ") + json_type_name(v));
    std::vector<ScenarioKnobChange> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        JsonPath change_at = at;
        change_at.emplace_back(i);
        const std::string n = "knob change " + std::to_string(i + 1);
        const ojson& k = v[i];
        if (!k.is_object()) fail(change_at, n + " must be an object {\"at\", \"knob\", \"value\"}, got " + json_type_name(k));
        ScenarioKnobChange c;
        c.where = where(change_at);
        for (const auto& [key, value] : k.items()) {
            JsonPath field_at = change_at;
            field_at.emplace_back(key);
            if (key == "at") {
                if (value.is_string()) c.at = parse_duration(value.get<std::string>(), where(field_at) + ": " + n + " field 'at'");
                else if (value.is_number() && value.get<double>() >= 0 && value.get<double>() <= kMaxDuration_s) c.at = Nanos(std::llround(value.get<double>() * 1e9));
                else fail(field_at, n + ": field 'at' must be a time like \"10s\" or a number of seconds, got " + value.dump());
            } else if (key == "knob") {
                c.knob = text(value, field_at, n + ": field 'knob'");
            } else if (key == "value") {
                if (value.is_string()) c.value = value.get<std::string>();
                else if (value.is_boolean()) c.value = value.get<bool>() ? "true" : "false";
                else if (value.is_number()) c.value = number_text(value);
                else fail(field_at, n + ": field 'value' must be a number, string or boolean, got " + json_type_name(value));
            } else {
                fail_key(field_at, n + ": unknown field '" + key + "' (fields: at, knob, value)");
            }
        }
        for (const char* required : {"at", "knob", "value"}) {
            if (!k.contains(required)) fail(change_at, n + ": field '" + required + "' is required");
        }
        if (c.at > std::chrono::hours(24)) fail(change_at, n + ": at most 24h into the run");
        out.push_back(std::move(c));
    }
    return out;
}

FaultEvent ScenarioReader::fault(const ojson& f, const JsonPath& at, std::size_t index) const {
    const std::string n = std::to_string(index + 1);
    if (f.is_string()) {
        try {
            return FaultEvent::parse(f.get<std::string>());
        } catch (const InputError& e) {
            fail(at, e.what());
        }
    }
    if (!f.is_object()) {
        fail(at, "fault " + n + " must be an object {\"at\", \"action\", \"target\"} or a string like "
                 "\"5s:kill:worker-2\", got " + json_type_name(f));
    }
    std::string parts[4];
    static const char* const kFields[4] = {"at", "action", "target", "value"};
    for (const auto& [key, value] : f.items()) {
        JsonPath field_at = at;
        field_at.emplace_back(key);
        const std::string& name = key;  // clang before 16 cannot capture a structured binding
        const auto* field = std::find_if(std::begin(kFields), std::end(kFields), [&](const char* k) { return name == k; });
        if (field == std::end(kFields)) {
            fail_key(field_at, "fault " + n + ": unknown field '" + key + "' (fields: at, action, target, value)");
        }
        std::string& part = parts[field - std::begin(kFields)];
        if (value.is_string()) part = value.get<std::string>();
        else if (value.is_number() && (key == "at" || key == "value")) part = number_text(value) + (key == "at" ? "s" : "");
        else fail(field_at, "fault " + n + ": field '" + key + "' must be a string, got " + json_type_name(value));
    }
    for (int i = 0; i < 3; ++i) {
        if (!f.contains(kFields[i])) fail(at, "fault " + n + ": field '" + kFields[i] + "' is required");
    }
    return FaultEvent::from_parts(parts[0], parts[1], parts[2], parts[3], where(at) + ": fault " + n);
}

}  // namespace archlab
