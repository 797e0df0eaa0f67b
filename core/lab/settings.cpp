#include "core/lab/settings.h"

#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/lab/ascii_case.h"
#include "core/lab/suggest.h"

namespace archlab {

namespace {

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

/// A knob with min == max == 0 declares no range.
bool has_range(const KnobSpec& k) { return !(k.min == 0.0 && k.max == 0.0); }

/// What the knob takes, for "expected ...": "an integer from 1 to 32", "one of a, b".
std::string expected(const KnobSpec& k) {
    const std::string unit = k.unit.empty() ? "" : " " + k.unit;
    switch (k.type) {
        case KnobType::Int:
            if (!has_range(k)) return "an integer";
            return "an integer from " + format_value(static_cast<long long>(k.min)) + " to " +
                   format_value(static_cast<long long>(k.max)) + unit;
        case KnobType::Double:
            if (!has_range(k)) return "a number";
            return "a number from " + format_value(k.min) + " to " + format_value(k.max) + unit;
        case KnobType::Enum: return "one of " + join_names(k.choices);
        case KnobType::Bool: return "on or off (or true/false, yes/no, 1/0)";
        case KnobType::Text: return k.format.empty() ? "one line of text" : k.format;
    }
    return "a value";
}

[[noreturn]] void reject(const KnobSpec& k, const std::string& got, const std::string& hint = "") {
    throw InputError("knob '" + k.name + "': expected " + expected(k) + ", got '" + got + "'" + hint);
}

/// Whole text is an integer: "12", "-3", "+4"; not "12.5", "1e3" or "12abc".
std::optional<long long> parse_int(const std::string& s) {
    const char* b = s.data();
    const char* e = b + s.size();
    if (b != e && *b == '+') ++b;
    long long v = 0;
    const auto res = std::from_chars(b, e, v);
    if (b == e || res.ec != std::errc() || res.ptr != e) return std::nullopt;
    return v;
}

/// Whole text is a finite decimal number: "2", "0.5", ".5", "1e3"; not "nan", "inf", "1,5".
std::optional<double> parse_double(const std::string& s) {
    const char* b = s.data();
    const char* e = b + s.size();
    if (b != e && *b == '+') ++b;
    double v = 0.0;
    const auto res = std::from_chars(b, e, v, std::chars_format::general);
    if (b == e || res.ec != std::errc() || res.ptr != e || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<bool> parse_bool(const std::string& s) {
    const std::string l = ascii_lower(s);
    if (l == "on" || l == "true" || l == "1" || l == "yes") return true;
    if (l == "off" || l == "false" || l == "0" || l == "no") return false;
    return std::nullopt;
}

KnobValue check_int(const KnobSpec& k, const KnobValue& v) {
    std::optional<long long> n;
    if (const auto* i = std::get_if<long long>(&v)) n = *i;
    else if (const auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d) && std::trunc(*d) == *d && std::fabs(*d) < 9.2e18) n = static_cast<long long>(*d);
    } else if (const auto* s = std::get_if<std::string>(&v)) n = parse_int(trim(*s));
    if (!n) reject(k, format_value(v));
    if (has_range(k) && (static_cast<double>(*n) < k.min || static_cast<double>(*n) > k.max)) reject(k, format_value(v));
    return *n;
}

KnobValue check_double(const KnobSpec& k, const KnobValue& v) {
    std::optional<double> x;
    if (const auto* i = std::get_if<long long>(&v)) x = static_cast<double>(*i);
    else if (const auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d)) x = *d;
    } else if (const auto* s = std::get_if<std::string>(&v)) x = parse_double(trim(*s));
    if (!x) reject(k, format_value(v));
    if (has_range(k) && (*x < k.min || *x > k.max)) reject(k, format_value(v));
    return *x;
}

KnobValue check_enum(const KnobSpec& k, const KnobValue& v) {
    const auto* s = std::get_if<std::string>(&v);
    if (!s) reject(k, format_value(v));
    const std::string t = ascii_lower(trim(*s));
    for (const std::string& c : k.choices) {
        if (ascii_lower(c) == t) return c;  // the spelling the lab declared
    }
    const auto near = closest_match(trim(*s), k.choices);
    reject(k, *s, near ? " (did you mean '" + *near + "'?)" : "");
}

KnobValue check_bool(const KnobSpec& k, const KnobValue& v) {
    std::optional<bool> b;
    if (const auto* x = std::get_if<bool>(&v)) b = *x;
    else if (const auto* i = std::get_if<long long>(&v)) {
        if (*i == 0 || *i == 1) b = *i == 1;
    } else if (const auto* s = std::get_if<std::string>(&v)) b = parse_bool(trim(*s));
    if (!b) reject(k, format_value(v));
    return *b;
}

KnobValue check_text(const KnobSpec& k, const KnobValue& v) {
    if (std::holds_alternative<bool>(v)) reject(k, format_value(v));
    // A number in a scenario file ("weights": 5) reads as its text.
    const std::string text = trim(format_value(v));
    for (const char c : text) {
        if (std::iscntrl(static_cast<unsigned char>(c))) {
            throw InputError("knob '" + k.name + "': the text holds a control character (line break, tab ...); "
                             "expected " + expected(k));
        }
    }
    if (k.validate) {
        try {
            k.validate(text);
        } catch (const InputError& e) {
            throw InputError("knob '" + k.name + "': '" + text + "' \u2014 " + e.what());
        }
    }
    return text;
}

/// The value converted to the knob's type, or InputError.
KnobValue check(const KnobSpec& k, const KnobValue& v) {
    switch (k.type) {
        case KnobType::Int: return check_int(k, v);
        case KnobType::Double: return check_double(k, v);
        case KnobType::Enum: return check_enum(k, v);
        case KnobType::Bool: return check_bool(k, v);
        case KnobType::Text: return check_text(k, v);
    }
    reject(k, format_value(v));
}

[[noreturn]] void wrong_type(const KnobSpec& k, const char* asked) {
    throw std::logic_error("knob '" + k.name + "' is " + to_string(k.type) + ", read as " + asked);
}

}  // namespace

Settings::Settings(std::vector<KnobSpec> specs) : specs_(std::move(specs)) {
    for (const KnobSpec& k : specs_) {
        if (values_.count(k.name)) throw std::invalid_argument("knob '" + k.name + "' is declared twice");
        try {
            values_.emplace(k.name, check(k, k.def));
        } catch (const InputError& e) {
            throw std::invalid_argument(std::string("bad default: ") + e.what());
        }
    }
}

const KnobSpec& Settings::spec(const std::string& name) const {
    for (const KnobSpec& k : specs_) {
        if (k.name == name) return k;
    }
    std::vector<std::string> names;
    for (const KnobSpec& k : specs_) names.push_back(k.name);
    if (names.empty()) throw InputError("unknown knob '" + name + "': this lab has no knobs");
    const auto near = closest_match(name, names);
    throw InputError("unknown knob '" + name + "' for this lab" + (near ? ", did you mean '" + *near + "'?" : "") +
                     " (knobs: " + join_names(names) + ")");
}

void Settings::set(const std::string& name, const std::string& text) { set_value(name, KnobValue(text)); }

void Settings::set_value(const std::string& name, const KnobValue& value) {
    const KnobSpec& k = spec(name);
    values_[k.name] = check(k, value);
}

void Settings::set_json(const std::string& name, const nlohmann::json& value) {
    const KnobSpec& k = spec(name);
    KnobValue v;
    if (value.is_boolean()) v = value.get<bool>();
    else if (value.is_number_unsigned() && value.get<unsigned long long>() > LLONG_MAX) reject(k, value.dump());
    else if (value.is_number_integer()) v = value.get<long long>();
    else if (value.is_number_float()) v = value.get<double>();
    else if (value.is_string()) v = value.get<std::string>();
    else reject(k, value.dump());
    values_[k.name] = check(k, v);
}

const KnobValue& Settings::get(const std::string& name) const { return values_.at(spec(name).name); }

long long Settings::get_int(const std::string& name) const {
    const KnobSpec& k = spec(name);
    if (k.type != KnobType::Int) wrong_type(k, "int");
    return std::get<long long>(values_.at(name));
}

double Settings::get_double(const std::string& name) const {
    const KnobSpec& k = spec(name);
    if (k.type == KnobType::Int) return static_cast<double>(std::get<long long>(values_.at(name)));
    if (k.type != KnobType::Double) wrong_type(k, "double");
    return std::get<double>(values_.at(name));
}

const std::string& Settings::get_enum(const std::string& name) const {
    const KnobSpec& k = spec(name);
    if (k.type != KnobType::Enum) wrong_type(k, "enum");
    return std::get<std::string>(values_.at(name));
}

bool Settings::get_bool(const std::string& name) const {
    const KnobSpec& k = spec(name);
    if (k.type != KnobType::Bool) wrong_type(k, "bool");
    return std::get<bool>(values_.at(name));
}

const std::string& Settings::get_text(const std::string& name) const {
    const KnobSpec& k = spec(name);
    if (k.type != KnobType::Text) wrong_type(k, "text");
    return std::get<std::string>(values_.at(name));
}

nlohmann::json Settings::to_json() const {
    nlohmann::json out = nlohmann::json::object();
    for (const KnobSpec& k : specs_) {
        std::visit([&](const auto& x) { out[k.name] = x; }, values_.at(k.name));
    }
    return out;
}

}  // namespace archlab
