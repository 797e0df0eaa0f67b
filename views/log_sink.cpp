#include "views/log_sink.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <spdlog/spdlog.h>

#include "core/platform/calendar_time.h"

namespace archlab {

LogSink::LogSink(std::size_t capacity) : capacity_(std::max<std::size_t>(capacity, 1)) {}

void LogSink::sink_it_(const spdlog::details::log_msg& msg) {
    LogLine line;
    const std::time_t t = std::chrono::system_clock::to_time_t(msg.time);
    const std::tm local = platform::local_calendar(t);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &local);
    line.time = buf;
    const auto level = spdlog::level::to_string_view(msg.level);
    line.level.assign(level.data(), level.size());
    line.text.assign(msg.payload.data(), msg.payload.size());
    line.serious = msg.level >= spdlog::level::warn;
    lines_.push_back(std::move(line));
    while (lines_.size() > capacity_) {
        lines_.pop_front();
        ++dropped_;
    }
}

std::vector<LogLine> LogSink::take(std::size_t* dropped) {
    std::lock_guard lock(mutex_);
    std::vector<LogLine> out(std::make_move_iterator(lines_.begin()), std::make_move_iterator(lines_.end()));
    lines_.clear();
    if (dropped) *dropped = dropped_;
    dropped_ = 0;
    return out;
}

ScopedLogSink::ScopedLogSink(std::shared_ptr<LogSink> sink) : sink_(std::move(sink)) {
    // Changing a logger's sinks is not thread-safe: this runs before any run starts.
    spdlog::default_logger()->sinks().push_back(sink_);
}

ScopedLogSink::~ScopedLogSink() {
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
}

}  // namespace archlab
