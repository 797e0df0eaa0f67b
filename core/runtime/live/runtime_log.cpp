#include "core/runtime/live/runtime_log.h"

#include <spdlog/spdlog.h>

namespace archlab::live {

spdlog::logger& runtime_log() {
    static const std::shared_ptr<spdlog::logger> log = [] {
        if (auto existing = spdlog::get("runtime")) return existing;
        const auto& sinks = spdlog::default_logger()->sinks();
        auto made = std::make_shared<spdlog::logger>("runtime", sinks.begin(), sinks.end());
        try {
            spdlog::initialize_logger(made);  // registers it and applies the global level
        } catch (const spdlog::spdlog_ex&) {
            if (auto raced = spdlog::get("runtime")) return raced;  // someone registered it meanwhile
        }
        return made;
    }();
    return *log;
}

}  // namespace archlab::live
