#include "core/lab/scenario.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/lab/json_position.h"
#include "core/lab/settings.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {

using ojson = nlohmann::ordered_json;

constexpr double kMaxDuration_s = 9e9;  ///< about 285 years: what a count of nanoseconds holds, with room

/// nlohmann's message without its "[json.exception...] parse error at line L, column C: " prefix.
std::string parse_reason(const std::string& what) {
    const std::size_t at = what.find("parse error");
    const std::size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

const char* type_name(const ojson& v) {
    if (v.is_null()) return "null";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number()) return "a number";
    if (v.is_string()) return "a string";
    if (v.is_array()) return "an array";
    return "an object";
}

/// A JSON number as a person would write it: 4, 0.25, 1e-05.
std::string number_text(const ojson& v) { return v.dump(); }

/// Scenario field readers. Every error starts with "FILE:LINE:COL: ", the position of the value
/// it is about (found again in the text by its path).
class Reader {
public:
    Reader(const std::string& text, std::string source) : text_(text), source_(std::move(source)) {}

    /// "FILE:LINE:COL" of the value at path (of its key with key_itself; the file alone when it
    /// cannot be found).
    std::string where(const JsonPath& path, bool key_itself = false) const {
        const auto offset = key_itself ? json_key_offset(text_, path) : json_value_offset(text_, path);
        if (!offset) return source_;
        const auto [line, column] = line_column(text_, *offset);
        return source_ + ":" + std::to_string(line) + ":" + std::to_string(column);
    }
    [[noreturn]] void fail(const JsonPath& path, const std::string& what) const {
        throw InputError(where(path) + ": " + what);
    }
    /// An error about a key itself (an unknown field): its position is the key's.
    [[noreturn]] void fail_key(const JsonPath& path, const std::string& what) const {
        throw InputError(where(path, true) + ": " + what);
    }

    std::uint64_t seed(const ojson& v) const {
        if (v.is_number_unsigned()) return v.get<std::uint64_t>();
        fail({"seed"}, "field 'seed' must be a non-negative integer, got " + v.dump());
    }

    Nanos duration(const ojson& v) const {
        const JsonPath at = {"duration"};
        Nanos d{0};
        if (v.is_string()) {
            d = parse_duration(v.get<std::string>(), where(at) + ": field 'duration'");
        } else if (v.is_number()) {
            const double s = v.get<double>();
            if (s > kMaxDuration_s) fail(at, "field 'duration' is too long: " + v.dump() + " seconds");
            if (s > 0) d = Nanos(std::llround(s * 1e9));
        } else {
            fail(at, std::string("field 'duration' must be a string like \"20s\" or a number of seconds, got ") + type_name(v));
        }
        if (d.count() <= 0) fail(at, "field 'duration' must be more than zero, got " + v.dump());
        return d;
    }

    std::vector<std::pair<std::string, std::string>> settings(const ojson& v, std::vector<std::string>& where_each) const {
        if (!v.is_object()) {
            fail({"settings"}, std::string("field 'settings' must be an object {\"knob\": value}, got ") + type_name(v));
        }
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [knob, value] : v.items()) {
            const JsonPath at = {"settings", knob};
            if (value.is_string()) out.emplace_back(knob, value.get<std::string>());
            else if (value.is_boolean()) out.emplace_back(knob, value.get<bool>() ? "true" : "false");
            else if (value.is_number()) out.emplace_back(knob, number_text(value));
            else fail(at, "setting '" + knob + "' must be a number, string or boolean, got " + type_name(value));
            where_each.push_back(where(at));
        }
        return out;
    }

    std::vector<FaultEvent> faults(const ojson& v) const {
        if (!v.is_array()) fail({"faults"}, std::string("field 'faults' must be an array, got ") + type_name(v));
        std::vector<FaultEvent> out;
        for (std::size_t i = 0; i < v.size(); ++i) out.push_back(fault(v[i], i));
        return out;
    }

private:
    FaultEvent fault(const ojson& f, std::size_t index) const {
        const JsonPath at = {"faults", index};
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
                     "\"5s:kill:worker-2\", got " + type_name(f));
        }
        std::string parts[4];
        static const char* const kFields[4] = {"at", "action", "target", "value"};
        for (const auto& [key, value] : f.items()) {
            const JsonPath field_at = {"faults", index, key};
            const std::string& name = key;  // clang before 16 cannot capture a structured binding
            const auto* field = std::find_if(std::begin(kFields), std::end(kFields), [&](const char* k) { return name == k; });
            if (field == std::end(kFields)) {
                fail_key(field_at, "fault " + n + ": unknown field '" + key + "' (fields: at, action, target, value)");
            }
            std::string& part = parts[field - std::begin(kFields)];
            if (value.is_string()) part = value.get<std::string>();
            else if (value.is_number() && (key == "at" || key == "value")) part = number_text(value) + (key == "at" ? "s" : "");
            else fail(field_at, "fault " + n + ": field '" + key + "' must be a string, got " + type_name(value));
        }
        for (int i = 0; i < 3; ++i) {
            if (!f.contains(kFields[i])) fail(at, "fault " + n + ": field '" + kFields[i] + "' is required");
        }
        return FaultEvent::from_parts(parts[0], parts[1], parts[2], parts[3], where(at) + ": fault " + n);
    }

    const std::string& text_;  ///< the file's text, to find positions in
    std::string source_;       ///< the file's name
};

/// How a message names the value at path: "field 'seed'", "setting 'workers'", "fault 2 field 'at'".
std::string describe(const JsonPath& path) {
    const auto key = [&](std::size_t i) { return i < path.size() ? std::get_if<std::string>(&path[i]) : nullptr; };
    const auto index = [&](std::size_t i) { return i < path.size() ? std::get_if<std::size_t>(&path[i]) : nullptr; };
    if (key(0) && *key(0) == "settings" && key(1)) return "setting '" + *key(1) + "'";
    if (key(0) && *key(0) == "faults" && index(1)) {
        const std::string fault = "fault " + std::to_string(*index(1) + 1);
        return key(2) ? fault + " field '" + *key(2) + "'" : fault;
    }
    if (key(0)) return "field '" + *key(0) + "'";
    return "a value";
}

}  // namespace

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
    const Reader r(text, source_name);
    if (!root.is_object()) r.fail({}, std::string("a scenario is a JSON object {\"lab\": ...}, got ") + type_name(root));

    static const std::vector<std::string> kFields = {"lab", "seed", "duration", "settings", "faults"};
    Scenario s;
    for (const auto& [key, value] : root.items()) {
        if (key == "lab") {
            if (!value.is_string() || value.get<std::string>().empty()) {
                r.fail({"lab"}, "field 'lab' must be a lab id like \"queueing\"");
            }
            s.lab = value.get<std::string>();
        } else if (key == "seed") {
            s.seed = r.seed(value);
        } else if (key == "duration") {
            s.duration = r.duration(value);
        } else if (key == "settings") {
            s.settings_where.clear();
            s.settings_text = r.settings(value, s.settings_where);
        } else if (key == "faults") {
            s.faults = r.faults(value);
        } else {
            const auto near = closest_match(key, kFields);
            r.fail_key({key}, "unknown field '" + key + "'" + (near ? ", did you mean '" + *near + "'?" : "") +
                                  " (fields: " + join_names(kFields) + ")");
        }
    }
    if (s.lab.empty()) r.fail({}, "field 'lab' is required (a lab id like \"queueing\")");
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
