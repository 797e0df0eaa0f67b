// Fuzz target: knob values (core/lab/settings), as typed with --set, in the window's knob panel
// and in a scenario's "settings", against a knob whose type, range and choices come from the
// input too (and the load-balancing lab's `weights` list for a text knob).
// Input: one byte of knob type and set-up, a line of enum choices (comma-separated), then one
// value per line; a value that reads as JSON is also set through the scenario path (set_json).
// Properties:
//  - bad input is only ever an InputError, and it leaves the knob's value as it was;
//  - an accepted value has the knob's type, lies in its range, is one of its choices, or is
//    one line of trimmed text the knob's validator took;
//  - its text form (format_value) and its JSON form (to_json) set it again to the same value.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/knob.h"
#include "core/lab/settings.h"
#include "labs/load_balancing/lb_weights.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {

/// Range ends a knob may declare, extremes included.
constexpr double kBounds[] = {0.0, 1.0, -1.0, 0.5, 100.0, 1e6, -1e6, 9.2e18, -9.2e18, 1.7e308, -1.7e308, 4.9e-324};

KnobSpec make_spec(InputCursor& in) {
    const std::uint8_t setup = in.byte();
    KnobSpec k;
    k.name = "knob";
    k.type = static_cast<KnobType>(setup % 5);
    const std::string choices_line(in.until('\n'));
    double a = kBounds[in.pick(std::size(kBounds))], b = kBounds[in.pick(std::size(kBounds))];
    if (a > b) std::swap(a, b);
    const bool ranged = (setup >> 3) & 1;
    switch (k.type) {
    case KnobType::Int:
        if (ranged) {
            // An Int knob's range is whole numbers a long long holds (labs declare small ones).
            a = std::clamp(std::ceil(a), -9.2e18, 9.2e18), b = std::clamp(std::floor(b), -9.2e18, 9.2e18);
            if (a > b) a = b = 0.0;
            k.min = a, k.max = b;
        }
        k.def = static_cast<long long>(k.min);
        break;
    case KnobType::Double:
        if (ranged) k.min = a, k.max = b;
        k.def = k.min;
        break;
    case KnobType::Enum:
        for (std::size_t at = 0; at <= choices_line.size();) {
            const std::size_t comma = std::min(choices_line.find(',', at), choices_line.size());
            // A lab declares its choices as plain words: no outer spaces or control bytes.
            const std::string c = choices_line.substr(at, comma - at);
            const auto plain = [](char ch) { return std::isgraph(static_cast<unsigned char>(ch)) || ch < 0; };
            if (!c.empty() && plain(c.front()) && plain(c.back())) k.choices.push_back(c);
            at = comma + 1;
        }
        if (k.choices.empty()) k.choices = {"a", "b"};
        k.def = k.choices.front();
        break;
    case KnobType::Bool: k.def = false; break;
    case KnobType::Text:
        k.def = std::string();
        if (ranged) k.validate = [](const std::string& text) { lblab::parse_weight_list(text); };
        break;
    }
    return k;
}

void check_value(const KnobSpec& k, const KnobValue& v, const std::string& given) {
    switch (k.type) {
    case KnobType::Int: {
        const auto* n = std::get_if<long long>(&v);
        FUZZ_CHECK(n != nullptr, given);
        if (k.min != 0.0 || k.max != 0.0)
            FUZZ_CHECK(static_cast<double>(*n) >= k.min && static_cast<double>(*n) <= k.max, given);
        break;
    }
    case KnobType::Double: {
        const auto* x = std::get_if<double>(&v);
        FUZZ_CHECK(x != nullptr && std::isfinite(*x), given);
        if (k.min != 0.0 || k.max != 0.0) FUZZ_CHECK(*x >= k.min && *x <= k.max, given);
        break;
    }
    case KnobType::Enum: {
        const auto* s = std::get_if<std::string>(&v);
        FUZZ_CHECK(s != nullptr && std::find(k.choices.begin(), k.choices.end(), *s) != k.choices.end(), given);
        break;
    }
    case KnobType::Bool: FUZZ_CHECK(std::holds_alternative<bool>(v), given); break;
    case KnobType::Text: {
        const auto* s = std::get_if<std::string>(&v);
        FUZZ_CHECK(s != nullptr, given);
        for (const char c : *s) FUZZ_CHECK(!std::iscntrl(static_cast<unsigned char>(c)), given);
        FUZZ_CHECK(s->empty() || (!std::isspace(static_cast<unsigned char>(s->front())) &&
                                  !std::isspace(static_cast<unsigned char>(s->back()))),
                   given);
        if (k.validate) k.validate(*s);
        break;
    }
    }
}

/// Sets `given` through `set`; on success checks the value and both ways of setting it again.
template <typename Set>
void try_set(Settings& settings, const KnobSpec& k, const std::string& given, Set set) {
    const KnobValue before = settings.get(k.name);
    try {
        set();
    } catch (const InputError&) {
        FUZZ_CHECK(settings.get(k.name) == before, "a refused value changed the knob: " + given);
        return;
    }
    const KnobValue value = settings.get(k.name);
    check_value(k, value, given);
    const std::string text = format_value(value);
    try {
        settings.set(k.name, text);
        FUZZ_CHECK(settings.get(k.name) == value, given + " -> '" + text + "' -> " + format_value(settings.get(k.name)));
        settings.set_json(k.name, settings.to_json()[k.name]);
        FUZZ_CHECK(settings.get(k.name) == value, given + " -> " + settings.to_json().dump());
    } catch (const InputError& e) {
        FUZZ_CHECK(false, given + " was taken, but not again as '" + text + "': " + e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    InputCursor in(data, size);
    const KnobSpec k = make_spec(in);
    Settings settings({k});
    check_value(k, settings.get(k.name), "the default");
    while (!in.empty()) {
        const std::string given(in.until('\n'));
        try_set(settings, k, "'" + given + "'", [&] { settings.set(k.name, given); });
        const nlohmann::json j = nlohmann::json::parse(given, nullptr, false);
        if (!j.is_discarded()) try_set(settings, k, "json " + given, [&] { settings.set_json(k.name, j); });
    }
    return 0;
}
