#pragma once
// A lab's knob: typed, with default, range, unit and a one-line explanation.
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace archlab {

enum class KnobType { Int, Double, Enum, Bool, Text };

const char* to_string(KnobType t);

/// A knob's value; the alternative matches the knob's type (Int, Double, Enum=string, Bool, Text=string).
using KnobValue = std::variant<long long, double, std::string, bool>;

struct KnobSpec {
    std::string name;                  ///< as typed on the command line: "arrival_rps"
    KnobType type = KnobType::Int;
    KnobValue def;                     ///< default value
    double min = 0.0;                  ///< Int/Double: inclusive range
    double max = 0.0;                  ///< in virtual time; see max_live
    std::vector<std::string> choices;  ///< Enum: allowed values
    std::string unit;                  ///< "req/s", "ms", "" ...
    std::string help;                  ///< one line, shown as tooltip and in `describe`
    bool live = false;                 ///< true: applies while running; false: restarts the cluster
    std::string format;                ///< Text: what the text looks like, "equal or 3,1,1,1" (describe, placeholder)
    /// Text: checks a (trimmed) value; throws InputError saying what is wrong in it, e.g.
    /// "item 2 'x' is not a positive whole number". Empty: any one-line text is taken.
    std::function<void(const std::string&)> validate;
    double max_live = 0.0;             ///< Int/Double: a lower limit for live runs (a desktop's threads and sockets); 0 = max
};

/// Text form of a value: "1400", "2.5", "exp", "on"/"off".
std::string format_value(const KnobValue& v);

/// Short builders for a lab's knob list (used with `using knobs::num; using knobs::choice;`).
namespace knobs {
/// The same knob with a lower limit for live runs (KnobSpec::max_live).
KnobSpec max_live(KnobSpec spec, double live_max);
/// A number knob; an Int knob's default is rounded to a whole number.
KnobSpec num(std::string name, KnobType type, double def, double min, double max, std::string unit,
             std::string help, bool live = false);
/// A knob that takes one of `choices`.
KnobSpec choice(std::string name, std::vector<std::string> choices, std::string def, std::string help,
                bool live = false);
}  // namespace knobs

}  // namespace archlab
