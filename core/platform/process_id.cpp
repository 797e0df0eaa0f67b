#include "core/platform/process_id.h"

#if defined(_WIN32)
#include <windows.h>
#else
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace archlab::platform {

#if defined(_WIN32)

std::int64_t current_process_id() { return static_cast<std::int64_t>(GetCurrentProcessId()); }

bool process_exists(std::int64_t pid) {
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(pid));
    if (h == nullptr) return GetLastError() == ERROR_ACCESS_DENIED;  // exists, not ours to open
    DWORD code = 0;
    const bool running = GetExitCodeProcess(h, &code) && code == STILL_ACTIVE;
    CloseHandle(h);
    return running;
}

#else

std::int64_t current_process_id() { return static_cast<std::int64_t>(::getpid()); }

bool process_exists(std::int64_t pid) {
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

#endif

}  // namespace archlab::platform
