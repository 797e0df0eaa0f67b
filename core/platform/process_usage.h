#pragma once
// What the operating system counts for this process: CPU time and context switches. One
// implementation per system (getrusage on Linux and macOS, GetProcessTimes on Windows), so the
// core and the labs ask here instead of calling a POSIX-only function.

#include <cstdint>

namespace archlab::platform {

/// CPU time spent in user and kernel mode, nanoseconds.
struct CpuTimes {
    std::uint64_t user_ns = 0;    ///< user mode, ns
    std::uint64_t system_ns = 0;  ///< kernel mode, ns
};

/// This process's CPU time so far (every thread); zeros where the system cannot tell.
CpuTimes process_cpu_times();

/// CPU time of this process's ended and waited-for children (getrusage RUSAGE_CHILDREN);
/// zeros on Windows, which keeps no such sum.
CpuTimes children_cpu_times();

/// Voluntary plus involuntary context switches of this process so far; -1 where the system does
/// not count them per process (Windows).
long process_context_switches();

}  // namespace archlab::platform
