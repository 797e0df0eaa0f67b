#pragma once
// Streaming readers of key traces: one request at a time, nothing held but a read buffer.
//   text            one key per line, an optional size in bytes after a space ("key 4096");
//                   blank lines are skipped; a key is hashed with stable_key_hash()
//   csv             comma-separated; the key and optional size columns are 1-based
//   oracle-general  libCacheSim's binary format: packed little-endian 24-byte records
//                   (uint32 time s, uint64 object id, uint32 size bytes, int64 next access),
//                   plain or zstd-compressed (.zst); records of size 0 are skipped and counted,
//                   as libCacheSim skips them
// A truncated or malformed trace throws archlab::InputError naming the file, the line or the
// 1-based record, and what is wrong.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/cache/cache_key.h"

namespace archlab::cache {

enum class TraceFormat { text, csv, oracle_general };

/// "text", "csv", "oracle-general" (also "oracleGeneral"); InputError otherwise.
TraceFormat parse_trace_format(std::string_view name);
const char* to_string(TraceFormat format);

/// Where the key and size live in a CSV trace.
struct CsvLayout {
    int key_column = 1;     ///< 1-based
    int size_column = 0;    ///< 1-based; 0 = no size column (every size 1)
    bool header = false;    ///< skip the first line
    char delimiter = ',';   ///< field separator
};

/// One request of a trace.
struct TraceRequest {
    CacheKey key = 0;        ///< object id, or the stable hash of a text key
    std::uint64_t size = 1;  ///< object size, bytes (1 when the trace has no sizes)
};

class TraceReader {
public:
    virtual ~TraceReader() = default;
    /// The next request; false at the end of the trace. Throws InputError on a bad record.
    virtual bool next(TraceRequest& out) = 0;
    /// Requests returned so far.
    virtual std::uint64_t requests_read() const = 0;
    /// Records left out because their object size is 0 (oracle-general only, as libCacheSim does).
    virtual std::uint64_t zero_size_skipped() const { return 0; }
};

/// Opens a trace; throws InputError when the file cannot be opened or the layout is invalid.
std::unique_ptr<TraceReader> open_trace(const std::string& path, TraceFormat format, const CsvLayout& csv = {});

/// Size of one oracleGeneral record, bytes.
constexpr std::size_t kOracleRecordBytes = 24;

}  // namespace archlab::cache
