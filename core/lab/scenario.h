#pragma once
// A scenario file: lab + settings + seed + duration + fault timeline, as plain JSON.
//   {"lab": "queueing", "seed": 1, "duration": "20s",
//    "settings": {"workers": 4, "dispatch": "shared-queue"},
//    "faults": [{"at": "5s", "action": "kill", "target": "worker-2"}],
//    "knob_changes": [{"at": "10s", "knob": "arrival_rps", "value": 1800}]}
// knob_changes are live knobs changed at run times, as a run's summary.json records them: a
// bundle's scenario.json carries them so the file runs the bundled run again exactly.
// A guided scenario has a title and steps instead of a duration and faults: the steps play back to
// back on one run, each with its own knob changes, faults and optional prediction question
// (core/lab/scenario_step.h; played by core/lab/guided_plan.h).
//   {"lab": "caching", "title": "Cache stampede", "summary": "...", "seed": 1,
//    "settings": {...}, "steps": [{"title": ..., "text": ..., "duration": "10s", ...}, ...]}
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lab/fault_event.h"
#include "core/lab/scenario_step.h"

namespace archlab {

/// A live knob changed at a run time (a plain scenario's "knob_changes").
struct ScenarioKnobChange {
    Nanos at{0};
    std::string knob;
    std::string value;   ///< text form, as --set takes it
    std::string where;   ///< "FILE:LINE:COL" of the change, for errors found against the lab
};

struct Scenario {
    std::string lab;
    std::optional<std::uint64_t> seed;
    std::optional<Nanos> duration;
    std::vector<std::pair<std::string, std::string>> settings_text;  ///< knob -> value as text, in file order
    std::vector<std::string> settings_where;  ///< "FILE:LINE:COL" of each setting's value, same order
    std::vector<FaultEvent> faults;
    std::vector<ScenarioKnobChange> knob_changes;  ///< plain scenarios only; in file order
    std::string title;                ///< guided: the name the Guide panel lists
    std::string summary;              ///< guided: one line under the title
    std::vector<ScenarioStep> steps;  ///< guided: played back to back; empty for a plain timeline

    bool guided() const { return !steps.empty(); }
    /// The steps' durations together (0 for a plain scenario).
    Nanos steps_duration() const;

    /// Reads and checks a scenario file. Throws InputError: unreadable file, malformed JSON,
    /// numbers out of range, unknown fields, wrong types; each as "FILE:LINE:COL: ..." (the
    /// position of the value at fault) and naming the field.
    static Scenario load_file(const std::string& path);
    static Scenario parse(const std::string& text, const std::string& source_name);
};

}  // namespace archlab
