#include "app/cli/guided_run.h"

#include <filesystem>

#include <fmt/format.h>

#include "app/cli/scenario_files.h"
#include "core/lab/guide_record.h"
#include "core/lab/settings.h"
#include "core/lab/time_mode.h"

namespace archlab::cli {

namespace {

bool names_file(const std::string& what) {
    return what.find('/') != std::string::npos || what.ends_with(".json") || std::filesystem::exists(what);
}

/// --answer STEP=VALUE, checked against the step's question.
std::map<std::size_t, Guess> read_answers(const Scenario& s, const std::vector<std::string>& answers) {
    std::map<std::size_t, Guess> out;
    for (const std::string& a : answers) {
        const std::string what = "--answer '" + a + "'";
        const auto eq = a.find('=');
        std::size_t step = 0;
        try {
            std::size_t used = 0;
            step = eq == std::string::npos ? 0 : std::stoul(a.substr(0, eq), &used);
            if (used != eq) step = 0;
        } catch (const std::exception&) {
            step = 0;
        }
        if (step == 0) throw InputError(what + ": expected STEP=VALUE, STEP counted from 1");
        if (step > s.steps.size()) {
            throw InputError(what + ": the scenario has " + std::to_string(s.steps.size()) + " steps");
        }
        const ScenarioStep& st = s.steps[step - 1];
        if (!st.question) throw InputError(what + ": step " + std::to_string(step) + " asks no question");
        try {
            out[step - 1] = parse_guess(*st.question, a.substr(eq + 1));
        } catch (const InputError& e) {
            throw InputError(what + ": " + e.what());
        }
    }
    return out;
}

}  // namespace

std::optional<GuidedRun> load_guided_run(const LabRegistry& labs, const RunOptions& o) {
    if (o.replay && !o.answers.empty()) throw InputError("--answer: only with a guided scenario, not with --replay");
    if (o.replay || o.what.empty() || !names_file(o.what)) return std::nullopt;
    Scenario s = load_scenario(o.what);
    if (!s.guided()) {
        if (!o.answers.empty()) throw InputError("--answer: " + o.what + " has no steps to answer");
        return std::nullopt;
    }
    if (o.duration) throw InputError("--duration: a guided scenario lasts as long as its steps together");
    if (o.storm) throw InputError("--storm: a guided scenario's faults are its steps' own");
    const Lab& lab = find_lab(labs, s.lab);
    GuidedRun g{s, plan_guided_run(lab, s), {}};
    RunRequest& r = g.plan.request;
    for (const std::string& set : o.sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError("--set '" + set + "': expected KNOB=VALUE");
        r.settings.set(set.substr(0, eq), set.substr(eq + 1));
    }
    for (const std::string& f : o.faults) r.faults.push_back(FaultEvent::parse(f));
    std::stable_sort(r.faults.begin(), r.faults.end(), [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
    if (o.seed) r.seed = *o.seed;
    // Questions are answered by measurement: virtual time gives the same answers on any machine.
    r.time_mode = o.time.empty() ? TimeMode::Virtual : parse_time_mode(o.time, "--time");
    r.speed = parse_speed(o.speed, "--speed");
    if (r.time_mode == TimeMode::Live && o.speed != "max") {
        throw InputError("--speed '" + o.speed + "': only virtual time can be paced (drop --time live)");
    }
    g.guesses = read_answers(s, o.answers);
    return g;
}

void check_guided_columns(const GuidedRun& g, const std::vector<std::string>& columns) {
    for (const ScenarioStep& st : g.scenario.steps) {
        if (st.question) check_figure_columns(*st.question, columns);
    }
}

nlohmann::json answer_guided_run(const GuidedRun& g, const SeriesSnapshot& series, const nlohmann::json& summary) {
    return guide_record(g.scenario, g.plan, series, summary, g.guesses);
}

std::string describe_answers(const nlohmann::json& guide) {
    std::string out = fmt::format("guided scenario: {}\n", guide.at("title").get<std::string>());
    for (const nlohmann::json& st : guide.at("steps")) {
        out += fmt::format("  step {} ({:.0f}s-{:.0f}s) {}\n", st.at("step").get<int>(), st.at("start_s").get<double>(),
                           st.at("end_s").get<double>(), st.at("title").get<std::string>());
        if (!st.contains("question")) continue;
        out += fmt::format("    question: {}\n", st.at("question").get<std::string>());
        out += fmt::format("    measured: {}   [{}]\n", st.at("measured_text").get<std::string>(),
                           st.at("figure").get<std::string>());
        if (st.contains("guess_text")) {
            const std::string verdict = st.at("verdict").get<std::string>();
            out += fmt::format("    guess:    {}{}\n", st.at("guess_text").get<std::string>(),
                               verdict.empty() ? "" : "   (" + verdict + ")");
        }
        out += fmt::format("    why:      {}\n", st.at("why").get<std::string>());
    }
    return out;
}

}  // namespace archlab::cli
