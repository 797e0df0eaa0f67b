#pragma once
// The real work a request does on its worker thread, besides the emulated CPU time:
// its log line (synchronous: write and fdatasync on this thread; asynchronous: handed to a
// background logger) and its response body (compressed with zlib or zstd, or not).
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/platform/synced_append_file.h"
#include "labs/queueing/queueing_config.h"

namespace spdlog {
class logger;
namespace details { class thread_pool; }
}

namespace archlab::queueing {

class RequestWork {
public:
    /// log_dir: where the request log goes (created). Throws std::runtime_error when it cannot.
    RequestWork(const QueueingConfig& cfg, const std::string& log_dir);
    ~RequestWork();
    RequestWork(const RequestWork&) = delete;
    RequestWork& operator=(const RequestWork&) = delete;

    /// Logs the request and returns its response body. Thread-safe.
    std::string run(std::uint64_t request_id, int worker);

    /// Bytes written to the log so far.
    std::uint64_t log_bytes() const;

private:
    std::string make_payload(std::uint64_t request_id) const;
    void log_line(const std::string& line);

    bool sync_;
    Compression compression_;
    int payload_bytes_;
    std::string log_path_;
    std::unique_ptr<platform::SyncedAppendFile> sync_file_;  ///< sync mode: the log file
    mutable std::mutex fd_mu_;                         ///< sync mode: one writer at a time, as with a shared file
    std::shared_ptr<spdlog::details::thread_pool> pool_;  ///< async mode: the background writer thread
    std::shared_ptr<spdlog::logger> async_;    ///< async mode: spdlog's background thread writes
    std::uint64_t bytes_ = 0;
};

/// Compresses data; none returns it unchanged.
std::string compress(Compression c, const std::string& data);

}  // namespace archlab::queueing
