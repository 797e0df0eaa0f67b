#include "core/lab/scenario.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <nlohmann/json.hpp>

#include "core/lab/settings.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {

using ojson = nlohmann::ordered_json;

/// 1-based line and column (in characters, not bytes) of byte `index` in `text`.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t index) {
    index = std::min(index, text.size());
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < index; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {  // a UTF-8 continuation byte does not start a character
            ++column;
        }
    }
    return {line, column};
}

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

/// Scenario field readers; `where` is "FILE" and every error starts with it.
class Reader {
public:
    explicit Reader(std::string where) : where_(std::move(where)) {}

    [[noreturn]] void fail(const std::string& what) const { throw InputError(where_ + ": " + what); }

    std::uint64_t seed(const ojson& v) const {
        if (v.is_number_unsigned()) return v.get<std::uint64_t>();
        fail("field 'seed' must be a non-negative integer, got " + v.dump());
    }

    Nanos duration(const ojson& v) const {
        Nanos d{0};
        if (v.is_string()) {
            d = parse_duration(v.get<std::string>(), where_ + ": field 'duration'");
        } else if (v.is_number()) {
            const double s = v.get<double>();
            if (s > 9e9) fail("field 'duration' is too long: " + v.dump() + " seconds");
            if (s > 0) d = Nanos(std::llround(s * 1e9));
        } else {
            fail(std::string("field 'duration' must be a string like \"20s\" or a number of seconds, got ") + type_name(v));
        }
        if (d.count() <= 0) fail("field 'duration' must be more than zero, got " + v.dump());
        return d;
    }

    std::vector<std::pair<std::string, std::string>> settings(const ojson& v) const {
        if (!v.is_object()) fail(std::string("field 'settings' must be an object {\"knob\": value}, got ") + type_name(v));
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& [knob, value] : v.items()) {
            if (value.is_string()) out.emplace_back(knob, value.get<std::string>());
            else if (value.is_boolean()) out.emplace_back(knob, value.get<bool>() ? "true" : "false");
            else if (value.is_number()) out.emplace_back(knob, number_text(value));
            else fail("setting '" + knob + "' must be a number, string or boolean, got " + type_name(value));
        }
        return out;
    }

    std::vector<FaultEvent> faults(const ojson& v) const {
        if (!v.is_array()) fail(std::string("field 'faults' must be an array, got ") + type_name(v));
        std::vector<FaultEvent> out;
        for (std::size_t i = 0; i < v.size(); ++i) out.push_back(fault(v[i], i + 1));
        return out;
    }

private:
    FaultEvent fault(const ojson& f, std::size_t n) const {
        const std::string ctx = where_ + ": fault " + std::to_string(n);
        if (f.is_string()) {
            try {
                return FaultEvent::parse(f.get<std::string>());
            } catch (const InputError& e) {
                fail(e.what());
            }
        }
        if (!f.is_object()) {
            fail("fault " + std::to_string(n) + " must be an object {\"at\", \"action\", \"target\"} or a string like "
                 "\"5s:kill:worker-2\", got " + type_name(f));
        }
        std::string parts[4];
        static const char* const kFields[4] = {"at", "action", "target", "value"};
        for (const auto& [key, value] : f.items()) {
            const auto* field = std::find_if(std::begin(kFields), std::end(kFields), [&](const char* k) { return key == k; });
            if (field == std::end(kFields)) {
                throw InputError(ctx + ": unknown field '" + key + "' (fields: at, action, target, value)");
            }
            std::string& part = parts[field - std::begin(kFields)];
            if (value.is_string()) part = value.get<std::string>();
            else if (value.is_number() && (key == "at" || key == "value")) part = number_text(value) + (key == "at" ? "s" : "");
            else throw InputError(ctx + ": field '" + key + "' must be a string, got " + type_name(value));
        }
        for (int i = 0; i < 3; ++i) {
            if (!f.contains(kFields[i])) throw InputError(ctx + ": field '" + kFields[i] + "' is required");
        }
        return FaultEvent::from_parts(parts[0], parts[1], parts[2], parts[3], ctx);
    }

    std::string where_;
};

}  // namespace

Scenario Scenario::parse(const std::string& text, const std::string& source_name) {
    ojson root;
    try {
        root = ojson::parse(text);
    } catch (const ojson::parse_error& e) {
        const auto [line, column] = line_column(text, e.byte == 0 ? 0 : e.byte - 1);
        throw InputError(source_name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": malformed JSON: " + parse_reason(e.what()));
    }
    const Reader r(source_name);
    if (!root.is_object()) r.fail(std::string("a scenario is a JSON object {\"lab\": ...}, got ") + type_name(root));

    static const std::vector<std::string> kFields = {"lab", "seed", "duration", "settings", "faults"};
    Scenario s;
    for (const auto& [key, value] : root.items()) {
        if (key == "lab") {
            if (!value.is_string() || value.get<std::string>().empty()) r.fail("field 'lab' must be a lab id like \"queueing\"");
            s.lab = value.get<std::string>();
        } else if (key == "seed") {
            s.seed = r.seed(value);
        } else if (key == "duration") {
            s.duration = r.duration(value);
        } else if (key == "settings") {
            s.settings_text = r.settings(value);
        } else if (key == "faults") {
            s.faults = r.faults(value);
        } else {
            const auto near = closest_match(key, kFields);
            r.fail("unknown field '" + key + "'" + (near ? ", did you mean '" + *near + "'?" : "") +
                   " (fields: " + join_names(kFields) + ")");
        }
    }
    if (s.lab.empty()) r.fail("field 'lab' is required (a lab id like \"queueing\")");
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
