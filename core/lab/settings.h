#pragma once
// Knob values of one run, checked against the lab's knob specs.
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/lab/knob.h"

namespace archlab {

/// Bad input from a person: the message names what was wrong and where.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Settings {
public:
    /// Every knob at its default.
    explicit Settings(std::vector<KnobSpec> specs);

    /// Parses text for a knob ("workers", "4"); throws InputError naming the knob, the
    /// expected type/range/choices and what was given. Bool accepts on/off/true/false/1/0.
    /// Text is trimmed and passed to the knob's validator, whose reason is kept in the message.
    void set(const std::string& name, const std::string& text);
    /// Sets from a JSON value (scenario files): numbers, strings, booleans.
    void set_json(const std::string& name, const nlohmann::json& value);
    /// Sets an already typed value, checked the same way.
    void set_value(const std::string& name, const KnobValue& value);

    long long get_int(const std::string& name) const;
    double get_double(const std::string& name) const;  ///< Int knobs convert too
    const std::string& get_enum(const std::string& name) const;
    bool get_bool(const std::string& name) const;
    const std::string& get_text(const std::string& name) const;
    const KnobValue& get(const std::string& name) const;

    const std::vector<KnobSpec>& specs() const { return specs_; }
    const KnobSpec& spec(const std::string& name) const;  ///< throws InputError for an unknown knob
    nlohmann::json to_json() const;

private:
    std::vector<KnobSpec> specs_;
    std::map<std::string, KnobValue> values_;
};

}  // namespace archlab
