#include "labs/queueing/request_work.h"

#include <zlib.h>
#include <zstd.h>

#include <filesystem>

#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

namespace archlab::queueing {

std::string compress(Compression c, const std::string& data) {
    switch (c) {
        case Compression::None:
            return data;
        case Compression::Zlib: {
            uLongf size = compressBound(static_cast<uLong>(data.size()));
            std::string out(size, '\0');
            compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(data.data()),
                      static_cast<uLong>(data.size()), Z_DEFAULT_COMPRESSION);
            out.resize(size);
            return out;
        }
        case Compression::Zstd: {
            std::string out(ZSTD_compressBound(data.size()), '\0');
            const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
            out.resize(ZSTD_isError(n) ? 0 : n);
            return out;
        }
    }
    return data;
}

RequestWork::RequestWork(const QueueingConfig& cfg, const std::string& log_dir)
    : sync_(cfg.log_sync), compression_(cfg.compression), payload_bytes_(cfg.payload_bytes) {
    std::filesystem::create_directories(log_dir);
    log_path_ = (std::filesystem::path(log_dir) / "requests.log").string();
    if (sync_) {
        sync_file_ = std::make_unique<platform::SyncedAppendFile>(log_path_, "request log");
    } else {
        // A private thread pool so the lab's logger never shares a queue with the app's.
        auto pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
        auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log_path_, true);
        async_ = std::make_shared<spdlog::async_logger>("requests", sink, pool,
                                                        spdlog::async_overflow_policy::block);
        async_->set_pattern("%v");
        pool_ = pool;
    }
}

RequestWork::~RequestWork() {
    if (!async_) return;
    async_->flush();  // queued behind the lines still waiting
    // The pool's destructor writes what is queued (the flush too) and joins its thread; only
    // then may the logger and its file sink go. Dropped the other way round, the logger's
    // last reference could fall on the writer thread, or on this one while the writer still
    // holds the sink's mutex.
    pool_.reset();
}

std::string RequestWork::make_payload(std::uint64_t request_id) const {
    // Text-like content (repetitive, as JSON responses are) so compression has real work.
    std::string out;
    out.reserve(static_cast<std::size_t>(payload_bytes_) + 64);
    std::uint64_t x = request_id * 0x9E3779B97F4A7C15ULL;
    while (out.size() < static_cast<std::size_t>(payload_bytes_)) {
        x ^= x >> 13; x *= 0xff51afd7ed558ccdULL; x ^= x >> 29;
        fmt::format_to(std::back_inserter(out), "{{\"id\":{},\"price\":{},\"name\":\"item-{}\"}},",
                       x % 100000, x % 9973, x % 512);
    }
    out.resize(static_cast<std::size_t>(payload_bytes_));
    return out;
}

void RequestWork::log_line(const std::string& line) {
    if (sync_) {
        std::lock_guard lock(fd_mu_);
        sync_file_->append(line);
        bytes_ += line.size();
    } else {
        async_->info(std::string_view(line.data(), line.size() - 1));  // the sink adds the newline
        std::lock_guard lock(fd_mu_);
        bytes_ += line.size() + 1;
    }
}

std::string RequestWork::run(std::uint64_t request_id, int worker) {
    std::string payload = make_payload(request_id);
    std::string body = compress(compression_, payload);
    log_line(fmt::format("request {} worker-{} bytes {} sent {}\n", request_id, worker, payload.size(), body.size()));
    return body;
}

std::uint64_t RequestWork::log_bytes() const {
    std::lock_guard lock(fd_mu_);
    return bytes_;
}

}  // namespace archlab::queueing
