// Fuzz target: fault timeline entries (core/lab/fault_event), as given with --fault
// ("5s:kill:worker-2") and as the parts of a scenario's object form.
// Input: the text form on the first line; the four parts (at, action, target, value) on the
// next four lines.
// Properties:
//  - bad input is only ever an InputError;
//  - an accepted event is within bounds: at most 24 h in, an action of the known lists, a link
//    target for a link action and a node target otherwise;
//  - its text form (to_string) parses back to the same event, and so does its JSON form
//    (at_s, action, target, value) through from_parts;
//  - parse_duration agrees with the event's time for the same text.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/lab/fault_event.h"
#include "core/lab/settings.h"
#include "tests/fuzz/support/fuzz_check.h"

using namespace archlab;
using namespace archlab::fuzz;

namespace {

bool same(const FaultEvent& a, const FaultEvent& b) {
    return a.at == b.at && a.action == b.action && a.target == b.target && a.value == b.value;
}

void check_event(const FaultEvent& f, const std::string& from) {
    FUZZ_CHECK(f.at.count() >= 0 && f.at <= std::chrono::hours(24), from);
    const auto& nodes = node_actions();
    const bool link = is_link_action(f.action);
    FUZZ_CHECK(link || std::find(nodes.begin(), nodes.end(), f.action) != nodes.end(), from);
    FUZZ_CHECK(!f.target.empty() || takes_no_target(f.action), from);  // add-shard may name no node
    FUZZ_CHECK(link == (f.target.find("->") != std::string::npos), from + " -> target " + f.target);

    const std::string text = f.to_string();
    try {
        FUZZ_CHECK(same(FaultEvent::parse(text), f), from + " -> " + text);
    } catch (const InputError& e) {
        FUZZ_CHECK(false, from + " -> " + text + " does not parse back: " + e.what());
    }
    const nlohmann::json j = f.to_json();
    try {
        // What a run summary records, read back the way a scenario's object form is read.
        const FaultEvent back = FaultEvent::from_parts(std::to_string(f.at.count()) + "ns", j["action"].get<std::string>(), j["target"].get<std::string>(),
                                                       j["value"].get<std::string>(), "json");
        FUZZ_CHECK(same(back, f), from + " -> " + j.dump());
    } catch (const InputError& e) {
        FUZZ_CHECK(false, from + " -> " + j.dump() + " does not read back: " + e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    InputCursor in(data, size);
    const std::string text(in.until('\n'));
    try {
        const FaultEvent f = FaultEvent::parse(text);
        check_event(f, "'" + text + "'");
        const std::string at = text.substr(0, text.find(':'));
        FUZZ_CHECK(parse_duration(at, "at") == f.at, text);
    } catch (const InputError&) {
    }
    std::string parts[4];
    for (std::string& p : parts) p = std::string(in.until('\n'));
    try {
        const FaultEvent f = FaultEvent::from_parts(parts[0], parts[1], parts[2], parts[3], "fault 1");
        check_event(f, "parts '" + parts[0] + "' '" + parts[1] + "' '" + parts[2] + "' '" + parts[3] + "'");
    } catch (const InputError&) {
    }
    return 0;
}
