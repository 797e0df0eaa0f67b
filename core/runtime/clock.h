#pragma once
// Time as node logic sees it: nanoseconds since the run started.
#include <chrono>
#include <cstdint>

namespace archlab {

using Nanos = std::chrono::nanoseconds;

constexpr Nanos from_ms(double ms) { return Nanos(static_cast<std::int64_t>(ms * 1e6)); }
constexpr double to_ms(Nanos d) { return static_cast<double>(d.count()) / 1e6; }
constexpr double to_s(Nanos d) { return static_cast<double>(d.count()) / 1e9; }

}  // namespace archlab
