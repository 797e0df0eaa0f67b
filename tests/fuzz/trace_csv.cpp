// Fuzz target: the CSV trace reader (core/cache/trace_reader, format "csv"), with its layout
// (key column, size column, header line, delimiter) taken from the input's first byte.
// Properties:
//  - bad input is only ever an InputError naming the trace and the line;
//  - the reader returns exactly one request per non-blank line (after the header), with the
//    stable hash of the key field (trimmed, outer double quotes dropped) and the size field,
//    and stops with an error exactly at the first line with too few fields, an empty key or a
//    size that is not a whole number.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache/cache_key.h"
#include "tests/fuzz/support/trace_file.h"
#include "tests/fuzz/support/trace_lines.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {

std::vector<std::string_view> fields(std::string_view line, char delimiter) {
    std::vector<std::string_view> out;
    for (;;) {
        const std::size_t cut = line.find(delimiter);
        std::string_view f = trim_trace_space(line.substr(0, cut));
        if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = f.substr(1, f.size() - 2);
        out.push_back(f);
        if (cut == std::string_view::npos) return out;
        line.remove_prefix(cut + 1);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static ScratchFile file("trace.csv");
    InputCursor in(data, size);
    const std::uint8_t setup = in.byte();
    cache::CsvLayout layout;
    layout.key_column = 1 + setup % 3;
    layout.size_column = (setup / 3) % 4;  // 0: none
    layout.header = (setup / 12) % 2 == 1;
    layout.delimiter = ",;\t|"[(setup / 24) % 4];
    const std::string_view bytes = in.rest();
    const TraceOutcome got = read_trace(file.write(bytes), cache::TraceFormat::csv, layout);

    std::vector<cache::TraceRequest> expected;
    bool expect_error = layout.size_column == layout.key_column || bytes.substr(0, 4) == "\x28\xb5\x2f\xfd";
    std::vector<std::string_view> lines = trace_lines(bytes);
    if (layout.header && !lines.empty()) lines.erase(lines.begin());
    const int need = std::max(layout.key_column, layout.size_column);
    for (const std::string_view line : lines) {
        if (expect_error || expected.size() == kMaxTraceRequests) break;
        if (trim_trace_space(line).empty()) continue;
        const std::vector<std::string_view> f = fields(line, layout.delimiter);
        if (static_cast<int>(f.size()) < need || f[static_cast<std::size_t>(layout.key_column - 1)].empty()) {
            expect_error = true;
            break;
        }
        cache::TraceRequest r;
        r.key = cache::stable_key_hash(f[static_cast<std::size_t>(layout.key_column - 1)]);
        if (layout.size_column > 0) {
            const auto n = trace_size(f[static_cast<std::size_t>(layout.size_column - 1)]);
            if (!n) {
                expect_error = true;
                break;
            }
            r.size = *n;
        }
        expected.push_back(r);
    }
    FUZZ_CHECK(got.failed == expect_error, got.failed ? got.error : std::string("no error"));
    FUZZ_CHECK(same_requests(got.requests, expected),
               std::to_string(got.requests.size()) + " requests, expected " + std::to_string(expected.size()));
    return 0;
}
