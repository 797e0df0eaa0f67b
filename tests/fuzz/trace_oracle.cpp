// Fuzz target: the oracleGeneral trace reader (core/cache/trace_reader, format
// "oracle-general"), on plain files.
// Properties:
//  - bad input is only ever an InputError naming the trace and the record;
//  - the reader returns every record of non-zero size, in order, with its id and size, counts
//    the size-0 records it skips, and ends with an error exactly when a next-access time is
//    below -1 or the file ends inside a record (after every whole record before it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/support/oracle_records.h"
#include "tests/fuzz/support/trace_file.h"

using namespace archlab;
using namespace archlab::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile file("trace.oracleGeneral.bin");
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    // A file that starts with zstd's magic number is read as zstd: the zstd target covers that.
    if (bytes.substr(0, 4) == "\x28\xb5\x2f\xfd") bytes.remove_prefix(1);
    const TraceOutcome got = read_trace(file.write(bytes), cache::TraceFormat::oracle_general);
    const OracleExpectation expected = expect_oracle(bytes, kMaxTraceRequests);
    FUZZ_CHECK(got.failed == expected.error, got.failed ? got.error : std::string("no error"));
    if (got.failed) FUZZ_CHECK(got.error.find("' record ") != std::string::npos, got.error);
    FUZZ_CHECK(same_requests(got.requests, expected.requests),
               std::to_string(got.requests.size()) + " requests, expected " + std::to_string(expected.requests.size()));
    if (!got.failed) FUZZ_CHECK(got.skipped == expected.skipped, std::to_string(got.skipped));
    return 0;
}
