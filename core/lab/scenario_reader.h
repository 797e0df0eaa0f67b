#pragma once
// Field readers shared by the scenario file's parts (core/lab/scenario.cpp for the top level,
// scenario_steps.cpp for guided steps). Every error starts with "FILE:LINE:COL: ", the position
// of the value it is about (found again in the text by its path), and names the field.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/json_position.h"
#include "core/lab/scenario.h"
#include "core/lab/scenario_step.h"

namespace archlab {

using ojson = nlohmann::ordered_json;

/// "null", "a number", "an object" ...: what a value is, for messages.
const char* json_type_name(const ojson& v);

class ScenarioReader {
public:
    ScenarioReader(const std::string& text, std::string source) : text_(text), source_(std::move(source)) {}

    /// "FILE:LINE:COL" of the value at path (of its key with key_itself; the file alone when it
    /// cannot be found).
    std::string where(const JsonPath& path, bool key_itself = false) const;
    [[noreturn]] void fail(const JsonPath& path, const std::string& what) const;
    /// An error about a key itself (an unknown field): its position is the key's.
    [[noreturn]] void fail_key(const JsonPath& path, const std::string& what) const;
    /// An unknown key: names it, the closest known field and every field there is.
    [[noreturn]] void fail_unknown(const JsonPath& path, const std::string& context,
                                   const std::vector<std::string>& fields) const;

    std::uint64_t seed(const ojson& v) const;
    /// A positive duration: "20s" or a number of seconds; `name` is how messages call it.
    Nanos duration(const ojson& v, const JsonPath& at, const std::string& name) const;
    /// A non-empty string.
    std::string text(const ojson& v, const JsonPath& at, const std::string& name, bool may_be_empty = false) const;
    double number(const ojson& v, const JsonPath& at, const std::string& name) const;
    /// {"knob": value}: each value as text, in file order, with its position in where_each.
    std::vector<std::pair<std::string, std::string>> settings(const ojson& v, const JsonPath& at, const std::string& name,
                                                              std::vector<std::string>& where_each) const;
    std::vector<FaultEvent> faults(const ojson& v, const JsonPath& at) const;
    /// [{"at": "10s", "knob": "ttl_ms", "value": 5000}, ...]: a plain scenario's knob changes.
    std::vector<ScenarioKnobChange> knob_changes(const ojson& v, const JsonPath& at) const;
    /// The "steps" array of a guided scenario (core/lab/scenario_steps.cpp).
    std::vector<ScenarioStep> steps(const ojson& v) const;

private:
    FaultEvent fault(const ojson& f, const JsonPath& at, std::size_t index) const;
    ScenarioStep step(const ojson& v, std::size_t index, bool last) const;
    Prediction question(const ojson& v, const JsonPath& at, bool last_step) const;
    Figure figure(const ojson& v, const JsonPath& at, bool last_step) const;
    std::vector<Choice> choices(const ojson& v, const JsonPath& at) const;

    const std::string& text_;  ///< the file's text, to find positions in
    std::string source_;       ///< the file's name
};

}  // namespace archlab
