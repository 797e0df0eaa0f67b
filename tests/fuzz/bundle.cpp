// Fuzz target: run bundle files (core/bundle/bundle_io), the zip a person imports from another
// machine. Properties:
//  - bad input is only ever an InputError (the CLI's exit 2 with a message), never another
//    exception or a crash, and the message starts with the file's name;
//  - a bundle that reads is whole: one or two runs, each with a series whose rows have a
//    value per column in time order, a topology whose rows have a state per node;
//  - its report is one HTML document, and written back and read again it gives the same series.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/bundle/bundle_codec.h"
#include "core/bundle/bundle_io.h"
#include "core/lab/settings.h"
#include "core/report/html_report.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {
constexpr const char* kName = "fuzz.archlab";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RunBundle b;
    try {
        b = read_bundle_bytes(std::vector<unsigned char>(data, data + size), kName);
    } catch (const InputError& e) {
        FUZZ_CHECK(std::string_view(e.what()).substr(0, std::string_view(kName).size()) == kName, e.what());
        return 0;
    }
    FUZZ_CHECK(!b.runs.empty() && b.runs.size() <= 2, std::to_string(b.runs.size()));
    for (const BundledRun& r : b.runs) {
        double last = -INFINITY;
        for (const SeriesRow& row : r.series.rows) {
            FUZZ_CHECK(row.values.size() == r.series.columns.size(), std::to_string(row.values.size()));
            FUZZ_CHECK(std::isfinite(row.t_s) && row.t_s >= last, std::to_string(row.t_s));
            last = row.t_s;
        }
        for (const TopologyRow& row : r.topology.rows) {
            FUZZ_CHECK(row.states.size() == r.topology.nodes.size(), row.states);
        }
        // The series back to CSV and read again: the same rows.
        const SeriesSnapshot again = series_from_csv(series_to_csv(r.series), "again");
        FUZZ_CHECK(again.rows.size() == r.series.rows.size(), std::to_string(again.rows.size()));
    }
    const std::string html = html_report(b);
    FUZZ_CHECK(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"), html.substr(0, 200));
    FUZZ_CHECK(html.find("<script") == std::string::npos, std::string("a script in the report"));
    return 0;
}
