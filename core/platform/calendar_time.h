#pragma once
// Calendar fields of a time_t in UTC or local time, thread-safe on every system (gmtime_r and
// localtime_r on POSIX, gmtime_s and localtime_s on Windows).

#include <ctime>

namespace archlab::platform {

/// The UTC calendar fields of a time_t.
std::tm utc_calendar(std::time_t t);

/// The local-time calendar fields of a time_t.
std::tm local_calendar(std::time_t t);

}  // namespace archlab::platform
