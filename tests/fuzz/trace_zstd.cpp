// Fuzz target: zstd-compressed oracleGeneral traces (core/cache/trace_reader), as cache
// research ships them (.oracleGeneral.zst).
// The input is the plain records; the target compresses them (level, frame count and, with
// the checksum on, where a copy is cut short or has a byte flipped, all from the input's hash).
// Properties:
//  - the compressed file reads exactly as the plain one: same requests, same skipped records,
//    same verdict; also when the records are split over two frames;
//  - a compressed file cut short gives a prefix of those requests and then an InputError
//    (unless the cut falls exactly between frames);
//  - a corrupted one gives only an InputError or requests, never a crash or a hang;
//  - the raw input as a zstd file (it starts with the magic number then) is safe the same way.
#include <zstd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/support/oracle_records.h"
#include "tests/fuzz/support/trace_file.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {

std::string compress(std::string_view plain, int level) {
    // One context for the whole run: making one per frame costs more than the compression.
    static ZSTD_CCtx* const cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(plain.size()), '\0');
    const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), plain.data(), plain.size());
    FUZZ_CHECK(!ZSTD_isError(n), std::string("ZSTD_compress2: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

bool is_prefix(const std::vector<cache::TraceRequest>& part, const std::vector<cache::TraceRequest>& whole) {
    if (part.size() > whole.size()) return false;
    return same_requests(part, std::vector<cache::TraceRequest>(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(part.size())));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile file("trace.oracleGeneral.zst");
    const std::string_view plain(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = input_hash(plain);
    const auto next = [&h] { return h = h * 6364136223846793005ULL + 1442695040888963407ULL, h >> 33; };

    // The raw input: a zstd file when it starts with the magic number, else plain records.
    read_trace(file.write(plain), cache::TraceFormat::oracle_general);

    const OracleExpectation expected = expect_oracle(plain, kMaxTraceRequests);
    const int level = 1 + static_cast<int>(next() % 5);
    std::string packed;
    std::size_t frame_end = 0;
    if (next() % 2 == 0 || plain.size() < 2) {
        packed = compress(plain, level);
        frame_end = packed.size();
    } else {  // two frames, split anywhere (inside a record too)
        const std::size_t split = 1 + next() % (plain.size() - 1);
        packed = compress(plain.substr(0, split), level);
        frame_end = packed.size();
        packed += compress(plain.substr(split), level);
    }
    const TraceOutcome got = read_trace(file.write(packed), cache::TraceFormat::oracle_general);
    FUZZ_CHECK(got.failed == expected.error, got.failed ? got.error : std::string("no error"));
    FUZZ_CHECK(same_requests(got.requests, expected.requests),
               std::to_string(got.requests.size()) + " requests, expected " + std::to_string(expected.requests.size()));
    if (!got.failed) FUZZ_CHECK(got.skipped == expected.skipped, std::to_string(got.skipped));

    // Cut short: a prefix of the requests, then an error (a cut right after the first frame is a
    // whole, shorter file).
    const std::size_t cut = next() % packed.size();
    const TraceOutcome cut_short = read_trace(file.write(std::string_view(packed).substr(0, cut)),
                                              cache::TraceFormat::oracle_general);
    FUZZ_CHECK(is_prefix(cut_short.requests, expected.requests), "cut at " + std::to_string(cut));
    if (cut != frame_end && cut >= 4) FUZZ_CHECK(cut_short.failed, "cut at " + std::to_string(cut) + " read without error");

    // One byte flipped: anything but a crash.
    std::string corrupt = packed;
    corrupt[next() % corrupt.size()] ^= static_cast<char>(1 + next() % 255);
    read_trace(file.write(corrupt), cache::TraceFormat::oracle_general);
    return 0;
}
