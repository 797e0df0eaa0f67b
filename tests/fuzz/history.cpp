// Fuzz target: operation history readers (core/consistency), EDN maps one per line and
// jepsen.util log lines, as `archlab-cli check-history` reads them.
// Properties:
//  - bad input is only ever an InputError, whose message starts with the file's name;
//  - every operation read back is a client operation with a known type and function;
//  - written as EDN (to_edn, one per line) the operations read back the same.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/consistency/history.h"
#include "core/lab/settings.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab;
using namespace archlab::consistency;
using namespace archlab::fuzz;

namespace {

constexpr std::string_view kSource = "fuzz.edn";

bool same(const Operation& a, const Operation& b) {
    return a.process == b.process && a.type == b.type && a.f == b.f && a.key == b.key && a.value == b.value &&
           a.cas_to == b.cas_to && a.time_ns == b.time_ns;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    History h;
    try {
        h = parse_history(text, kSource);
    } catch (const InputError& e) {
        FUZZ_CHECK(std::string_view(e.what()).substr(0, kSource.size()) == kSource, e.what());
        return 0;
    }
    std::string edn;
    for (const Operation& op : h.ops) {
        FUZZ_CHECK(op.line >= 1, to_edn(op));
        edn += to_edn(op) + "\n";
    }
    History again;
    try {
        again = parse_history(edn, kSource);
    } catch (const InputError& e) {
        FUZZ_CHECK(false, std::string("written as EDN, it does not read back: ") + e.what() + "\n" + edn.substr(0, 400));
    }
    FUZZ_CHECK(again.ops.size() == h.ops.size(), std::to_string(again.ops.size()) + " of " + std::to_string(h.ops.size()));
    for (std::size_t i = 0; i < h.ops.size(); ++i) FUZZ_CHECK(same(again.ops[i], h.ops[i]), to_edn(h.ops[i]) + " / " + to_edn(again.ops[i]));
    return 0;
}
