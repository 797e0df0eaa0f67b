#pragma once
// Emulated service time (a job's hold times a work factor, a slow node's extra time per message)
// as durations that are safe for any input: no double-to-integer overflow, no time point
// overflow when added to now. Both runtimes can use these.
#include <chrono>
#include <cmath>
#include <cstdint>

#include "core/runtime/clock.h"

namespace archlab {

/// Longest emulated service time a single hold or per-message delay may take.
inline constexpr Nanos kMaxEmulatedTime = std::chrono::hours(1);

/// d limited to [0, kMaxEmulatedTime].
constexpr Nanos clamp_emulated(Nanos d) {
    if (d.count() <= 0) return Nanos(0);
    return d > kMaxEmulatedTime ? kMaxEmulatedTime : d;
}

/// hold x factor, rounded to whole nanoseconds and limited to [0, kMaxEmulatedTime]. A factor
/// that is not a positive number (zero, negative, NaN) counts as 1; an infinite one gives the
/// limit. The product is clamped as a double, before any conversion to an integer.
inline Nanos scaled_hold(Nanos hold, double factor) {
    if (hold.count() <= 0) return Nanos(0);
    if (!(factor > 0.0)) factor = 1.0;  // also catches NaN
    const double limit_ns = static_cast<double>(kMaxEmulatedTime.count());
    const double ns = static_cast<double>(hold.count()) * factor;  // inf for huge factors: fine
    if (!(ns < limit_ns)) return kMaxEmulatedTime;
    return Nanos(std::llround(ns));
}

}  // namespace archlab
