#pragma once
// `archlab-cli run GUIDED.json`: a scenario with steps plays every step headless on one run (in
// virtual time unless --time live is given) and prints, for each question, the measured value
// beside the guess given with --answer STEP=VALUE.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "app/cli/commands.h"
#include "core/lab/guided_plan.h"
#include "core/lab/prediction_answer.h"
#include "core/lab/scenario.h"

namespace archlab::cli {

struct GuidedRun {
    Scenario scenario;
    GuidedPlan plan;
    std::map<std::size_t, Guess> guesses;   ///< step index -> the room's guess (--answer)
};

/// The guided scenario named by the options, with the command line's overrides applied to its
/// request (--set on the starting knobs, --seed, --time, --speed, --fault); nullopt when the
/// options do not name a scenario file with steps. Throws InputError (FILE:LINE:COL for the file,
/// the option for the command line) when something does not fit.
std::optional<GuidedRun> load_guided_run(const LabRegistry& labs, const RunOptions& o);

/// Throws InputError when a question asks about a column the run does not have.
void check_guided_columns(const GuidedRun& g, const std::vector<std::string>& columns);

/// Every step with its question answered from the run: summary.json's "guide" object, in the
/// shape the run report shows (core/report/html_report.h) with the measured text, figure and
/// verdict beside it.
nlohmann::json answer_guided_run(const GuidedRun& g, const SeriesSnapshot& series, const nlohmann::json& summary);

/// The answers as the terminal shows them, one block per question.
std::string describe_answers(const nlohmann::json& guide);

}  // namespace archlab::cli
