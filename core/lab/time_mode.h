#pragma once
// Which clock a run lives on. Live: real threads, 127.0.0.1 TCP and the wall clock. Virtual: the
// same node code on the simulated runtime, deterministic, as fast as the CPU allows or paced.
#include <string>

namespace archlab {

enum class TimeMode { Live, Virtual };

inline const char* to_string(TimeMode m) { return m == TimeMode::Live ? "live" : "virtual"; }

/// "live" or "virtual"; throws InputError naming `what` otherwise.
TimeMode parse_time_mode(const std::string& text, const std::string& what);

/// Virtual seconds per wall second for a paced virtual run; kMaxSpeed runs as fast as the CPU
/// allows; 0 holds the run (paused) until the speed is raised again.
inline constexpr double kMaxSpeed = 0.0 - 1.0;

/// "max", or a positive number such as "1", "10", "0.5"; throws InputError naming `what`.
double parse_speed(const std::string& text, const std::string& what);
std::string format_speed(double speed);

class Settings;
/// Live runs keep to ranges a desktop can run (KnobSpec::max_live); virtual runs take the full
/// range. Throws InputError naming the knob, its value and both limits.
void check_time_mode_limits(const Settings& settings, TimeMode mode);

}  // namespace archlab
