#include "core/platform/process_usage.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <sys/resource.h>
#endif

namespace archlab::platform {

#if defined(_WIN32)

namespace {
/// A FILETIME duration (100 ns ticks) in ns.
std::uint64_t filetime_ns(const FILETIME& t) {
    const std::uint64_t ticks = (static_cast<std::uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
    return ticks * 100;
}
}  // namespace

CpuTimes process_cpu_times() {
    FILETIME created, exited, kernel, user;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return {};
    return {filetime_ns(user), filetime_ns(kernel)};
}

CpuTimes children_cpu_times() { return {}; }

long process_context_switches() { return -1; }

#else

namespace {
std::uint64_t timeval_ns(const timeval& tv) {
    return static_cast<std::uint64_t>(tv.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(tv.tv_usec) * 1'000ULL;
}

CpuTimes usage_of(int who) {
    rusage u{};
    if (getrusage(who, &u) != 0) return {};
    return {timeval_ns(u.ru_utime), timeval_ns(u.ru_stime)};
}
}  // namespace

CpuTimes process_cpu_times() { return usage_of(RUSAGE_SELF); }

CpuTimes children_cpu_times() { return usage_of(RUSAGE_CHILDREN); }

long process_context_switches() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_nvcsw + ru.ru_nivcsw;
}

#endif

}  // namespace archlab::platform
