#pragma once
// A guided run's record: every step with its question, the room's guess and the value the run
// measured, in the shape summary.json carries under "guide" and a bundle's guide.json holds (the
// run report reads it: core/report/html_report.h). The CLI writes it after a whole run; the
// window writes it into the stored run once a guided run ends, after as many steps as it played.
#include <cstddef>
#include <cstdint>
#include <map>

#include <nlohmann/json.hpp>

#include "core/lab/guided_plan.h"
#include "core/lab/prediction_answer.h"
#include "core/lab/scenario.h"
#include "core/metrics/series.h"

namespace archlab {

class RunStore;

/// The "guide" object of a run of `plan` that reached run time `reached` (Nanos::max() for a
/// whole run): each step's title, text, span and, for a question, the ask, unit, figure, why,
/// the measured value and text and, when the room gave one, the guess with its verdict. A step
/// the run did not reach the end of says "played": false and has no measured value.
nlohmann::json guide_record(const Scenario& scenario, const GuidedPlan& plan, const SeriesSnapshot& series,
                            const nlohmann::json& summary, const std::map<std::size_t, Guess>& guesses,
                            Nanos reached = Nanos::max());

/// Adds the guide to the stored run's summary (as "guide", beside the figures the run wrote), so
/// the History and a bundle exported from it carry the room's answers. False when the store has
/// no such run or it has no summary yet; std::runtime_error when the store cannot write.
bool store_guide_record(RunStore& store, std::int64_t run, const nlohmann::json& guide);

}  // namespace archlab
