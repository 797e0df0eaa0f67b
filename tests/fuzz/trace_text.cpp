// Fuzz target: the text trace reader (core/cache/trace_reader, format "text"): one key per
// line, an optional size in bytes after a space or tab.
// Properties:
//  - bad input is only ever an InputError naming the trace and the line;
//  - the reader returns exactly the requests of the non-blank lines, in order, with the key's
//    stable hash and the size written (1 when none), and stops with an error exactly at the
//    first line that is not KEY [SIZE] (a zstd-compressed file is refused at once).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/cache/cache_key.h"
#include "tests/fuzz/support/trace_file.h"
#include "tests/fuzz/support/trace_lines.h"

using namespace archlab;
using namespace archlab::fuzz;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile file("trace.txt");
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const TraceOutcome got = read_trace(file.write(bytes), cache::TraceFormat::text);

    std::vector<cache::TraceRequest> expected;
    bool expect_error = bytes.substr(0, 4) == "\x28\xb5\x2f\xfd";
    for (const std::string_view raw : trace_lines(bytes)) {
        if (expect_error || expected.size() == kMaxTraceRequests) break;
        const std::string_view line = trim_trace_space(raw);
        if (line.empty()) continue;
        const std::size_t gap = line.find_first_of(" \t");
        cache::TraceRequest r;
        r.key = cache::stable_key_hash(line.substr(0, gap));
        if (gap != std::string_view::npos) {
            const std::string_view field = trim_trace_space(line.substr(gap));
            const auto n = trace_size(field);
            if (field.find_first_of(" \t") != std::string_view::npos || !n) {
                expect_error = true;
                break;
            }
            r.size = *n;
        }
        expected.push_back(r);
    }
    FUZZ_CHECK(got.failed == expect_error, got.failed ? got.error : std::string("no error"));
    if (got.failed) FUZZ_CHECK(got.error.find("trace '") == 0, got.error);
    FUZZ_CHECK(same_requests(got.requests, expected),
               std::to_string(got.requests.size()) + " requests, expected " + std::to_string(expected.size()));
    return 0;
}
