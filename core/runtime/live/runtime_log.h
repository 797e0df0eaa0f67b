#pragma once
// The live runtime's logger, "runtime": connection trouble at debug level, faults at info.
#include <spdlog/logger.h>

namespace archlab::live {

/// The "runtime" logger: the one registered under that name, else one made on first use that
/// writes to the default logger's sinks with the global level.
spdlog::logger& runtime_log();

}  // namespace archlab::live
