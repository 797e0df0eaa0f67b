#pragma once
// Process identity: this process's id and whether another process still runs (getpid and
// kill(pid, 0) on POSIX; GetCurrentProcessId and OpenProcess on Windows).

#include <cstdint>

namespace archlab::platform {

/// This process's id.
std::int64_t current_process_id();

/// True while a process with this id exists (also one we may not signal or inspect).
bool process_exists(std::int64_t pid);

}  // namespace archlab::platform
