#pragma once
// The trace readers open files by path: a fuzz target writes each input to one scratch file of
// its own (in $TMPDIR, named by the process id), removed when the program ends.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache/trace_reader.h"
#include "core/lab/settings.h"
#include "tests/fuzz/support/fuzz_check.h"

namespace archlab::fuzz {

class ScratchFile {
public:
    explicit ScratchFile(const std::string& name)
        : path_((std::filesystem::temp_directory_path() /
                 ("archlab-fuzz-" + std::to_string(::getpid()) + "-" + name)).string()) {}
    ~ScratchFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;

    /// Replaces the file's bytes; returns its path.
    const std::string& write(std::string_view bytes) {
        std::ofstream out(path_, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.close();
        FUZZ_CHECK(out.good(), "cannot write the scratch file " + path_);
        return path_;
    }

private:
    std::string path_;  ///< the scratch file
};

/// What reading a whole trace gave: the requests, and the error that ended it early if any.
struct TraceOutcome {
    std::vector<cache::TraceRequest> requests;
    bool failed = false;        ///< an InputError ended the reading
    std::string error;          ///< its message
    std::uint64_t skipped = 0;  ///< zero_size_skipped() at the end
};

/// Most requests a target reads from one input (a small zstd file can unpack to gigabytes).
inline constexpr std::size_t kMaxTraceRequests = 200000;

/// Opens and reads the trace at path to its end, its first error or kMaxTraceRequests; checks
/// that requests_read() counts what next() returned.
inline TraceOutcome read_trace(const std::string& path, cache::TraceFormat format, const cache::CsvLayout& csv = {}) {
    TraceOutcome o;
    try {
        const std::unique_ptr<cache::TraceReader> reader = cache::open_trace(path, format, csv);
        cache::TraceRequest r;
        while (o.requests.size() < kMaxTraceRequests && reader->next(r)) {
            o.requests.push_back(r);
            FUZZ_CHECK(reader->requests_read() == o.requests.size(), std::to_string(reader->requests_read()));
        }
        o.skipped = reader->zero_size_skipped();
    } catch (const InputError& e) {
        o.failed = true;
        o.error = e.what();
    }
    return o;
}

inline bool same_requests(const std::vector<cache::TraceRequest>& a, const std::vector<cache::TraceRequest>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].key != b[i].key || a[i].size != b[i].size) return false;
    }
    return true;
}

}  // namespace archlab::fuzz
