#pragma once
// A scenario file: lab + settings + seed + duration + fault timeline, as plain JSON.
//   {"lab": "queueing", "seed": 1, "duration": "20s",
//    "settings": {"workers": 4, "dispatch": "shared-queue"},
//    "faults": [{"at": "5s", "action": "kill", "target": "worker-2"}]}
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/fault_event.h"

namespace archlab {

struct Scenario {
    std::string lab;
    std::optional<std::uint64_t> seed;
    std::optional<Nanos> duration;
    std::vector<std::pair<std::string, std::string>> settings_text;  ///< knob -> value as text, in file order
    std::vector<std::string> settings_where;  ///< "FILE:LINE:COL" of each setting's value, same order
    std::vector<FaultEvent> faults;

    /// Reads and checks a scenario file. Throws InputError: unreadable file, malformed JSON,
    /// numbers out of range, unknown fields, wrong types; each as "FILE:LINE:COL: ..." (the
    /// position of the value at fault) and naming the field.
    static Scenario load_file(const std::string& path);
    static Scenario parse(const std::string& text, const std::string& source_name);
};

}  // namespace archlab
