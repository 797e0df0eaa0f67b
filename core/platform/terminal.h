#pragma once
// Whether standard error is a terminal (isatty on POSIX, _isatty on Windows): progress lines
// are drawn only for a person watching, never into a file or a pipe.

namespace archlab::platform {

/// True when standard error goes to a terminal.
bool stderr_is_terminal();

}  // namespace archlab::platform
