#pragma once
// One step of a guided scenario: a title and a short Markdown text for the room, knob changes at
// the step's start, faults at times from the step's start, a duration, and optionally a
// prediction question tied to a figure the run measures (core/lab/prediction_answer.h).
//   {"title": "Flush the cache", "text": "...", "duration": "10s",
//    "set": {"ttl_s": 30},
//    "faults": [{"at": "2s", "action": "flush", "target": "cache-1"}],
//    "question": {"ask": "Peak database reads after the flush?", "unit": "req/s",
//                 "figure": {"series": "db_reads_per_s", "aggregate": "max"},
//                 "range": [0, 5000], "why": "Every miss goes to the database at once."}}
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/fault_event.h"

namespace archlab {

/// How a series column is folded over (part of) a step: its mean, max, min or last value.
enum class Aggregate { Mean, Max, Min, Last };
const char* to_string(Aggregate a);

/// The figure a question is about: a series column folded over the step, or a field of the
/// run's summary.json (read when the run ends, so only the last step may ask for one).
struct Figure {
    std::string series;          ///< a series.csv column, or "" for a summary field
    std::string summary;         ///< JSON pointer into summary.json ("/latency_ms/p99"), or ""
    Aggregate aggregate = Aggregate::Mean;
    Nanos from{0};               ///< series: the part of the step folded, from the step's start
    std::optional<Nanos> to;     ///< ... to here from the step's start (the step's end when unset)
    double scale = 1.0;          ///< multiplies the figure (100 turns a ratio into percent)

    /// "max of db_reads_per_s over 2s-10s of the step", "summary.json /latency_ms/p99".
    std::string describe() const;
};

/// An answer of a choice question: the figure's range it stands for, [min, max).
struct Choice {
    std::string label;
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
};

/// A question for the room before a step runs; the step's run answers it.
struct Prediction {
    std::string ask;             ///< the question, one line
    std::string unit;            ///< of the figure as scaled: "ms", "%", "req/s" ("" for none)
    std::string why;             ///< one line shown beside the answer
    Figure figure;
    double guess_min = 0.0;      ///< number questions: the guesses taken, [guess_min, guess_max]
    double guess_max = 0.0;
    double tolerance = 0.25;     ///< number questions: a guess within this fraction of the answer is close
    std::vector<Choice> choices; ///< choice questions: the answers offered, in order; empty for a number
    std::string where;           ///< "FILE:LINE:COL" of the question, for errors found at run time

    bool is_choice() const { return !choices.empty(); }
};

struct ScenarioStep {
    std::string title;
    std::string text;            ///< Markdown
    Nanos duration{0};           ///< > 0
    std::vector<std::pair<std::string, std::string>> set_text;  ///< knob -> value as text, at the step's start
    std::vector<std::string> set_where;  ///< "FILE:LINE:COL" of each value, same order
    std::vector<FaultEvent> faults;      ///< `at` counts from the step's start
    std::optional<Prediction> question;
    std::string where;           ///< "FILE:LINE:COL" of the step
};

}  // namespace archlab
