#include "core/platform/calendar_time.h"

namespace archlab::platform {

std::tm utc_calendar(std::time_t t) {
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &t);
#else
    ::gmtime_r(&t, &tm);
#endif
    return tm;
}

std::tm local_calendar(std::time_t t) {
    std::tm tm{};
#if defined(_WIN32)
    localtime_s(&tm, &t);
#else
    ::localtime_r(&t, &tm);
#endif
    return tm;
}

}  // namespace archlab::platform
