#pragma once
// Answers a step's prediction question from what the run measured: a series column folded over
// the step (mean, max, min or last of the rows whose interval ends inside it; blank rows skipped)
// or a field of summary.json; and sets a guess beside it.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/lab/guided_plan.h"
#include "core/lab/scenario_step.h"
#include "core/metrics/series.h"

namespace archlab {

/// A guess for a question: a number, or the index of a choice.
struct Guess {
    double number = 0.0;
    std::size_t choice = 0;
};

/// A question answered.
struct Answer {
    std::optional<double> measured;       ///< nullopt: the run has no data for it (every row blank)
    std::optional<std::size_t> choice;    ///< choice questions: the choice the measured value picks
    std::string measured_text;            ///< "412 ms", "choice 2: about half (48.0%)", "no data" (format_measured)
    std::optional<Guess> guess;
    std::string guess_text;               ///< "" without a guess
    std::string verdict;                  ///< "close", "off by +85%", "right", "wrong"; "" without a guess
};

/// Checks the question's series column exists in the run's columns. Throws InputError at the
/// question's FILE:LINE:COL naming the columns there are.
void check_figure_columns(const Prediction& q, const std::vector<std::string>& columns);

/// The figure over a step of the run, scaled; nullopt when no row of the step has data (or the
/// summary lacks the field, or it is not a number).
std::optional<double> measure_figure(const Figure& f, const StepSpan& step, const SeriesSnapshot& series,
                                     const nlohmann::json& summary);

/// Reads a guess as a person types it: a number within the question's range, or a choice by its
/// number (1-based) or label. Throws InputError saying what is taken.
Guess parse_guess(const Prediction& q, const std::string& text);

/// The answer with the guess beside it (when given).
Answer answer_question(const Prediction& q, std::optional<double> measured, std::optional<Guess> guess);

/// Every step's question answered from a finished run of the plan (nullopt for a step that asks
/// none), with the guesses given by step index beside them.
std::vector<std::optional<Answer>> answer_steps(const Scenario& scenario, const GuidedPlan& plan,
                                                const SeriesSnapshot& series, const nlohmann::json& summary,
                                                const std::map<std::size_t, Guess>& guesses = {});

/// "412 ms", "0.48", "12.3 %": a figure as the room reads it, three significant digits.
std::string format_figure(double value, const std::string& unit);

/// A question's measured value as the room reads it, wherever it is shown (the CLI, the Guide
/// panel, summary.json's measured_text, the report): in the question's unit, or, for a ratio
/// whose choices are written as percentages ("under 60%"), as a percentage ("66.5%", not 0.665).
std::string format_measured(const Prediction& q, double value);

}  // namespace archlab
