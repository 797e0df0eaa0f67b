#include "core/lab/time_mode.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "core/lab/settings.h"

namespace archlab {

namespace {
constexpr double kSlowestSpeed = 0.01;   ///< virtual s per wall s; slower is a pause in all but name
constexpr double kFastestPaced = 1e6;    ///< beyond this, pacing means nothing: use "max"
}  // namespace

TimeMode parse_time_mode(const std::string& text, const std::string& what) {
    if (text == "live") return TimeMode::Live;
    if (text == "virtual") return TimeMode::Virtual;
    throw InputError(what + " '" + text + "': expected live or virtual");
}

double parse_speed(const std::string& text, const std::string& what) {
    if (text == "max") return kMaxSpeed;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v) || v < kSlowestSpeed ||
        v > kFastestPaced) {
        throw InputError(what + " '" + text + "': expected max, or virtual seconds per wall second from " +
                         fmt::format("{} to {:g}", kSlowestSpeed, kFastestPaced) + " (1 = real time, 10 = ten times faster)");
    }
    return v;
}

void check_time_mode_limits(const Settings& settings, TimeMode mode) {
    if (mode == TimeMode::Virtual) return;
    for (const KnobSpec& k : settings.specs()) {
        if (k.max_live <= 0 || (k.type != KnobType::Int && k.type != KnobType::Double)) continue;
        const double v = k.type == KnobType::Int ? static_cast<double>(settings.get_int(k.name)) : settings.get_double(k.name);
        if (v > k.max_live) {
            throw InputError(fmt::format("{}={:g}: live runs allow at most {:g} (threads and sockets on this machine); "
                                         "virtual time (--time virtual) allows up to {:g}",
                                         k.name, v, k.max_live, k.max));
        }
    }
}

std::string format_speed(double speed) {
    if (speed < 0) return "max";
    if (speed == 0) return "paused";
    return fmt::format("{:g}x", speed);
}

}  // namespace archlab
