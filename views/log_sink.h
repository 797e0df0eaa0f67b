#pragma once
// A spdlog sink for the window's event log: log calls on any thread append to a small bounded
// buffer under a mutex; the GUI thread takes the new lines on its own timer. Nothing is pushed
// into the GUI thread.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include <spdlog/sinks/base_sink.h>

namespace archlab {

/// One logged line as the event log shows it.
struct LogLine {
    std::string time;   ///< "12:03:04"
    std::string level;  ///< "info", "warning", "error" ...
    std::string text;   ///< the message
    bool serious = false; ///< warning or worse
};

class LogSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    /// capacity: lines kept between two take() calls; older ones are dropped and counted.
    explicit LogSink(std::size_t capacity = 500);

    /// Moves out every line logged since the previous call. `dropped` gets the lines lost to the bound.
    std::vector<LogLine> take(std::size_t* dropped = nullptr);

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override;
    void flush_() override {}

private:
    std::size_t capacity_;        ///< bound of lines_
    std::deque<LogLine> lines_;   ///< guarded by base_sink's mutex_
    std::size_t dropped_ = 0;     ///< lines dropped since the last take()
};

/// Adds the sink to spdlog's default logger; the returned guard removes it again.
class ScopedLogSink {
public:
    explicit ScopedLogSink(std::shared_ptr<LogSink> sink);
    ~ScopedLogSink();
    ScopedLogSink(const ScopedLogSink&) = delete;
    ScopedLogSink& operator=(const ScopedLogSink&) = delete;
    const std::shared_ptr<LogSink>& sink() const { return sink_; }

private:
    std::shared_ptr<LogSink> sink_;
};

}  // namespace archlab
