#include "core/lab/knob.h"

#include <charconv>
#include <cmath>
#include <type_traits>

namespace archlab {

const char* to_string(KnobType t) {
    switch (t) {
        case KnobType::Int: return "int";
        case KnobType::Double: return "double";
        case KnobType::Enum: return "enum";
        case KnobType::Bool: return "bool";
        case KnobType::Text: return "text";
    }
    return "?";
}

namespace {
/// Shortest text that reads back as the same double: "2.5", "1000", "1e-07".
std::string shortest(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}
}  // namespace

std::string format_value(const KnobValue& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, long long>) return std::to_string(x);
            else if constexpr (std::is_same_v<T, double>) return shortest(x);
            else if constexpr (std::is_same_v<T, bool>) return x ? "on" : "off";
            else return x;
        },
        v);
}

namespace knobs {

KnobSpec max_live(KnobSpec spec, double live_max) {
    spec.max_live = live_max;
    return spec;
}

KnobSpec num(std::string name, KnobType type, double def, double min, double max, std::string unit,
             std::string help, bool live) {
    KnobSpec k;
    k.name = std::move(name);
    k.type = type;
    k.def = type == KnobType::Int ? KnobValue(static_cast<long long>(def)) : KnobValue(def);
    k.min = min;
    k.max = max;
    k.unit = std::move(unit);
    k.help = std::move(help);
    k.live = live;
    return k;
}

KnobSpec choice(std::string name, std::vector<std::string> choices, std::string def, std::string help, bool live) {
    KnobSpec k;
    k.name = std::move(name);
    k.type = KnobType::Enum;
    k.def = std::move(def);
    k.choices = std::move(choices);
    k.help = std::move(help);
    k.live = live;
    return k;
}

}  // namespace knobs

}  // namespace archlab
