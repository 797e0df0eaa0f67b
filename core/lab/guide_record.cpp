#include "core/lab/guide_record.h"

#include "core/store/run_store.h"

namespace archlab {

namespace {

/// The question's fields, answered (the flat shape the run report reads): a choice's guess and
/// answer as their labels.
void add_question(nlohmann::json& j, const Prediction& q, const std::optional<Answer>& answer,
                  const std::optional<Guess>& guess) {
    j["question"] = q.ask;
    j["unit"] = q.is_choice() ? "" : q.unit;
    j["figure"] = q.figure.describe();
    j["why"] = q.why;
    if (q.is_choice()) {
        nlohmann::json labels = nlohmann::json::array();
        for (const Choice& c : q.choices) labels.push_back(c.label);
        j["choices"] = labels;
    }
    const Answer a = answer ? *answer : answer_question(q, std::nullopt, guess);
    if (answer) {
        j["measured_text"] = a.measured_text;
        j["measured_value"] = a.measured ? nlohmann::json(*a.measured) : nlohmann::json(nullptr);
        j["measured"] = !a.measured ? nlohmann::json(nullptr)
                        : q.is_choice() ? nlohmann::json(a.measured_text)
                                        : nlohmann::json(*a.measured);
    } else {
        j["measured_text"] = "not played";
        j["measured_value"] = nullptr;
        j["measured"] = nullptr;
    }
    if (a.guess) {
        j["guess"] = q.is_choice() ? nlohmann::json(q.choices[a.guess->choice].label) : nlohmann::json(a.guess->number);
        j["guess_text"] = a.guess_text;
        j["verdict"] = answer ? a.verdict : std::string();
    }
}

}  // namespace

nlohmann::json guide_record(const Scenario& scenario, const GuidedPlan& plan, const SeriesSnapshot& series,
                            const nlohmann::json& summary, const std::map<std::size_t, Guess>& guesses, Nanos reached) {
    const std::vector<std::optional<Answer>> answers = answer_steps(scenario, plan, series, summary, guesses);
    nlohmann::json steps = nlohmann::json::array();
    for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
        const ScenarioStep& st = scenario.steps[i];
        const StepSpan& span = plan.spans.at(i);
        const bool played = span.end <= reached;
        nlohmann::json j = {{"step", i + 1}, {"title", st.title}, {"text", st.text}, {"start_s", to_s(span.start)},
                            {"end_s", to_s(span.end)}, {"played", played}};
        if (st.question) {
            const auto guess = guesses.find(i);
            add_question(j, *st.question, played ? answers[i] : std::nullopt,
                         guess == guesses.end() ? std::nullopt : std::optional<Guess>(guess->second));
        }
        steps.push_back(j);
    }
    return {{"title", scenario.title}, {"summary", scenario.summary}, {"steps", steps}};
}

bool store_guide_record(RunStore& store, std::int64_t run, const nlohmann::json& guide) {
    std::optional<RunRecord> record = store.load_run(run);
    if (!record || !record->summary.is_object()) return false;
    record->summary["guide"] = guide;
    return store.set_summary(run, record->summary);
}

}  // namespace archlab
