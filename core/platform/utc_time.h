#pragma once
// Calendar time in UTC, thread-safe on every system (gmtime_r on POSIX, gmtime_s on Windows).

#include <ctime>

namespace archlab::platform {

/// The UTC calendar fields of a time_t.
std::tm utc_calendar(std::time_t t);

}  // namespace archlab::platform
