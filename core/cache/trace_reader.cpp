#include "core/cache/trace_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <new>
#include <vector>

#include <zstd.h>

#include "core/lab/settings.h"

namespace archlab::cache {

TraceFormat parse_trace_format(std::string_view name) {
    if (name == "text" || name == "txt") return TraceFormat::text;
    if (name == "csv") return TraceFormat::csv;
    if (name == "oracle-general" || name == "oracleGeneral") return TraceFormat::oracle_general;
    throw InputError("unknown trace format '" + std::string(name) + "' (known: text, csv, oracle-general)");
}

const char* to_string(TraceFormat format) {
    switch (format) {
        case TraceFormat::text: return "text";
        case TraceFormat::csv: return "csv";
        case TraceFormat::oracle_general: return "oracle-general";
    }
    return "?";
}

namespace {

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// The largest object size a text or CSV trace may give, bytes (1 TiB). Sizes are summed into
/// 64-bit totals (bytes requested, missed, unique); with this bound those need 16 million
/// requests of the largest size to overflow, instead of two.
constexpr std::uint64_t kMaxObjectBytes = std::uint64_t(1) << 40;

/// A whole number of bytes up to kMaxObjectBytes; false when malformed or larger.
bool parse_size(std::string_view text, std::uint64_t& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && out <= kMaxObjectBytes;
}

/// The first four bytes of a zstd frame (RFC 8878), as public cache traces are shipped.
constexpr unsigned char kZstdMagic[4] = {0x28, 0xb5, 0x2f, 0xfd};

/// True when the file starts with a zstd frame; leaves the stream at its start.
bool starts_with_zstd(std::ifstream& in) {
    unsigned char head[4] = {};
    in.read(reinterpret_cast<char*>(head), sizeof head);
    const bool zstd = in.gcount() == sizeof head && std::memcmp(head, kZstdMagic, sizeof head) == 0;
    in.clear();
    in.seekg(0);
    return zstd;
}

/// A trace file's bytes, read plainly or through zstd when the file is compressed (the
/// oracleGeneral traces of cache research come as .zst, and libCacheSim reads them so).
class TraceBytes {
public:
    explicit TraceBytes(const std::string& path) : in_(path, std::ios::binary) {
        if (!in_) throw InputError("cannot open trace '" + path + "'");
        if (starts_with_zstd(in_)) {
            dctx_ = ZSTD_createDCtx();
            if (dctx_ == nullptr) throw std::bad_alloc();
            // 64 KiB reads, not ZSTD_DStreamInSize()'s 128 KiB: any size works, and opening a
            // trace stays cheap (a fuzz target opens four per input).
            packed_.resize(kPackedChunkBytes);
        }
    }
    ~TraceBytes() { ZSTD_freeDCtx(dctx_); }
    TraceBytes(const TraceBytes&) = delete;
    TraceBytes& operator=(const TraceBytes&) = delete;

    /// Fills `out` with up to n bytes; fewer only at the end of the data. Errors (InputError)
    /// say what is wrong, not where: the caller knows the record. Bytes decoded before a
    /// truncation are returned first; the error comes with the next call.
    std::size_t read(unsigned char* out, std::size_t n) {
        if (dctx_ == nullptr) {
            in_.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
            if (in_.bad()) throw InputError("read error");
            return static_cast<std::size_t>(in_.gcount());
        }
        if (truncated_) throw InputError("the zstd data is truncated (the file ends inside a frame)");
        std::size_t got = 0;
        while (got < n) {
            if (input_.pos == input_.size && !file_done_) refill();
            ZSTD_outBuffer output{out + got, n - got, 0};
            const std::size_t consumed_before = input_.pos;
            const std::size_t ret = ZSTD_decompressStream(dctx_, &output, &input_);
            if (ZSTD_isError(ret)) {
                throw InputError(std::string("bad zstd data: ") + ZSTD_getErrorName(ret));
            }
            got += output.pos;
            const bool progressed = output.pos > 0 || input_.pos != consumed_before;
            if (progressed) frame_open_ = ret != 0;  // 0: a frame ended and all of it is out
            if (!progressed && input_.pos == input_.size && file_done_) break;
        }
        if (got < n && frame_open_) {
            truncated_ = true;
            if (got == 0) return read(out, n);  // throws
        }
        return got;
    }

private:
    void refill() {
        in_.read(packed_.data(), static_cast<std::streamsize>(packed_.size()));
        if (in_.bad()) throw InputError("read error");
        input_ = {packed_.data(), static_cast<std::size_t>(in_.gcount()), 0};
        file_done_ = input_.size == 0;
    }

    static constexpr std::size_t kPackedChunkBytes = 64 * 1024;  ///< compressed bytes read at a time

    std::ifstream in_;                ///< the file
    ZSTD_DCtx* dctx_ = nullptr;       ///< set when the file is zstd-compressed
    std::vector<char> packed_;        ///< compressed bytes read from the file
    ZSTD_inBuffer input_{nullptr, 0, 0};  ///< what of packed_ is not yet decompressed
    bool file_done_ = false;          ///< the file has no more bytes
    bool frame_open_ = false;         ///< the last frame has not ended yet
    bool truncated_ = false;          ///< the file ended inside a frame: the next read throws
};

/// Common part of the line-based readers: the file, the line number, error messages.
class LineReader : public TraceReader {
public:
    explicit LineReader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
        if (!in_) throw InputError("cannot open trace '" + path + "'");
        if (starts_with_zstd(in_)) {
            throw InputError("trace '" + path + "' is zstd-compressed: decompress it first (zstd -d), or give " +
                             "--format oracle-general if it is an oracleGeneral trace");
        }
    }
    std::uint64_t requests_read() const override { return requests_; }

protected:
    /// The next line without its end of line; false at the end.
    bool read_line() {
        if (!std::getline(in_, line_)) {
            if (in_.bad()) throw InputError("trace '" + path_ + "': read error after line " + std::to_string(line_no_));
            return false;
        }
        ++line_no_;
        return true;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw InputError("trace '" + path_ + "' line " + std::to_string(line_no_) + ": " + what);
    }

    std::string path_;             ///< for messages
    std::ifstream in_;             ///< the trace file
    std::string line_;             ///< the current line
    std::uint64_t line_no_ = 0;    ///< 1-based number of the current line
    std::uint64_t requests_ = 0;   ///< requests returned so far
};

class TextTraceReader final : public LineReader {
public:
    using LineReader::LineReader;

    bool next(TraceRequest& out) override {
        while (read_line()) {
            const std::string_view line = trim(line_);
            if (line.empty()) continue;
            const std::size_t gap = line.find_first_of(" \t");
            const std::string_view key = line.substr(0, gap);
            out.key = stable_key_hash(key);
            out.size = 1;
            if (gap != std::string_view::npos) {
                const std::string_view size = trim(line.substr(gap));
                if (size.find_first_of(" \t") != std::string_view::npos) {
                    fail("expected 'KEY [SIZE]', found more than two fields");
                }
                if (!parse_size(size, out.size)) {
                    fail("size '" + std::string(size) + "' is not a whole number of bytes up to 1 TiB (1099511627776)");
                }
            }
            ++requests_;
            return true;
        }
        return false;
    }
};

class CsvTraceReader final : public LineReader {
public:
    CsvTraceReader(const std::string& path, const CsvLayout& layout) : LineReader(path), layout_(layout) {
        if (layout.key_column < 1) throw InputError("CSV key column must be 1 or more (columns count from 1)");
        if (layout.size_column < 0) throw InputError("CSV size column must be 0 (none) or more");
        if (layout.size_column == layout.key_column) throw InputError("CSV key and size columns must differ");
        if (layout_.header && !read_line()) return;  // an empty file: no requests
    }

    bool next(TraceRequest& out) override {
        while (read_line()) {
            if (trim(line_).empty()) continue;
            split(line_);
            const int need = std::max(layout_.key_column, layout_.size_column);
            if (static_cast<int>(fields_.size()) < need) {
                fail("has " + std::to_string(fields_.size()) + " column(s), the " +
                     (need == layout_.key_column ? "key" : "size") + " column is " + std::to_string(need));
            }
            const std::string_view key = fields_[static_cast<std::size_t>(layout_.key_column - 1)];
            if (key.empty()) fail("empty key in column " + std::to_string(layout_.key_column));
            out.key = stable_key_hash(key);
            out.size = 1;
            if (layout_.size_column > 0) {
                const std::string_view size = fields_[static_cast<std::size_t>(layout_.size_column - 1)];
                if (!parse_size(size, out.size)) {
                    fail("size '" + std::string(size) + "' in column " + std::to_string(layout_.size_column) +
                         " is not a whole number of bytes up to 1 TiB (1099511627776)");
                }
            }
            ++requests_;
            return true;
        }
        return false;
    }

private:
    /// Splits into trimmed fields; a field wrapped in double quotes loses them.
    void split(std::string_view line) {
        fields_.clear();
        for (;;) {
            const std::size_t cut = line.find(layout_.delimiter);
            std::string_view field = trim(line.substr(0, cut));
            if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
            fields_.push_back(field);
            if (cut == std::string_view::npos) break;
            line.remove_prefix(cut + 1);
        }
    }

    CsvLayout layout_;                      ///< key and size columns
    std::vector<std::string_view> fields_;  ///< the current line's fields (view into line_)
};

class OracleTraceReader final : public TraceReader {
public:
    explicit OracleTraceReader(const std::string& path) : path_(path), bytes_(path) {
        buffer_.resize(kBufferRecords * kOracleRecordBytes);
    }

    bool next(TraceRequest& out) override {
        for (;;) {
            if (pos_ == filled_ && !refill()) return false;
            const unsigned char* r = buffer_.data() + pos_;
            pos_ += kOracleRecordBytes;
            ++records_;
            // Layout: u32 time at 0, u64 id at 4, u32 size at 12, i64 next access at 16.
            out.key = load_le(r + 4, 8);
            out.size = load_le(r + 12, 4);
            const std::uint64_t next_raw = load_le(r + 16, 8);
            std::int64_t next_access = 0;
            std::memcpy(&next_access, &next_raw, sizeof next_access);
            if (next_access < -1) {
                throw InputError("trace '" + path_ + "' record " + std::to_string(records_) + ": next-access time " +
                                 std::to_string(next_access) + " is invalid (-1 or a non-negative time expected)");
            }
            // A request of size 0 names no object; libCacheSim drops these by default too, so
            // figures stay comparable with its published ones.
            if (out.size == 0) {
                ++skipped_;
                continue;
            }
            ++requests_;
            return true;
        }
    }

    std::uint64_t requests_read() const override { return requests_; }
    std::uint64_t zero_size_skipped() const override { return skipped_; }

private:
    // 48 KiB a refill: reads stay large, and opening a trace stays cheap (a fuzz target opens
    // four per input; 192 KiB buffers made its time mostly page faults and zeroing).
    static constexpr std::size_t kBufferRecords = 2048;  ///< records read per refill

    static std::uint64_t load_le(const unsigned char* p, int bytes) {
        std::uint64_t v = 0;
        for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
        return v;
    }

    /// Reads the next block of whole records. A partial record at the end of the file is
    /// reported once every whole record before it has been returned.
    bool refill() {
        if (partial_bytes_ != 0) {
            throw InputError("trace '" + path_ + "' record " + std::to_string(records_ + 1) + " is truncated: " +
                             std::to_string(partial_bytes_) + " of " + std::to_string(kOracleRecordBytes) +
                             " bytes (an oracleGeneral file is a whole number of 24-byte records)");
        }
        std::size_t got = 0;
        try {
            got = bytes_.read(buffer_.data(), buffer_.size());
        } catch (const InputError& e) {
            throw InputError("trace '" + path_ + "' record " + std::to_string(records_ + 1) + ": " + e.what());
        }
        pos_ = 0;
        filled_ = got - got % kOracleRecordBytes;
        partial_bytes_ = got % kOracleRecordBytes;
        if (filled_ == 0 && partial_bytes_ != 0) return refill();  // throws
        return filled_ > 0;
    }

    std::string path_;                    ///< for messages
    TraceBytes bytes_;                    ///< the file, decompressed when it is zstd
    std::vector<unsigned char> buffer_;   ///< a block of whole records
    std::size_t pos_ = 0;                 ///< next record's offset in buffer_, bytes
    std::size_t filled_ = 0;              ///< valid bytes in buffer_
    std::size_t partial_bytes_ = 0;       ///< bytes of a truncated last record, reported next
    std::uint64_t records_ = 0;           ///< records read, skipped ones included (for messages)
    std::uint64_t requests_ = 0;          ///< requests returned so far
    std::uint64_t skipped_ = 0;           ///< records of size 0 left out
};

}  // namespace

std::unique_ptr<TraceReader> open_trace(const std::string& path, TraceFormat format, const CsvLayout& csv) {
    switch (format) {
        case TraceFormat::text: return std::make_unique<TextTraceReader>(path);
        case TraceFormat::csv: return std::make_unique<CsvTraceReader>(path, csv);
        case TraceFormat::oracle_general: return std::make_unique<OracleTraceReader>(path);
    }
    throw InputError("unknown trace format");
}

}  // namespace archlab::cache
