#include "core/lab/guided_plan.h"

#include <algorithm>

#include "core/lab/lab.h"
#include "core/lab/settings.h"

namespace archlab {

std::size_t GuidedPlan::step_at(Nanos t) const {
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (t < spans[i].end) return i;
    }
    return spans.empty() ? 0 : spans.size() - 1;
}

GuidedPlan plan_guided_run(const Lab& lab, const Scenario& scenario) {
    if (scenario.lab != lab.info().id) {
        throw InputError("scenario of lab '" + scenario.lab + "' cannot run on lab '" + lab.info().id + "'");
    }
    if (!scenario.guided()) throw InputError("scenario '" + scenario.title + "' has no steps");
    GuidedPlan plan;
    RunRequest& r = plan.request;
    r.lab = &lab;
    r.settings = lab.default_settings();
    r.seed = scenario.seed.value_or(1);
    r.time_mode = TimeMode::Virtual;
    r.speed = kMaxSpeed;
    for (std::size_t i = 0; i < scenario.settings_text.size(); ++i) {
        try {
            r.settings.set(scenario.settings_text[i].first, scenario.settings_text[i].second);
        } catch (const InputError& e) {
            throw InputError(scenario.settings_where.at(i) + ": " + e.what());
        }
    }
    Nanos start{0};
    for (std::size_t n = 0; n < scenario.steps.size(); ++n) {
        const ScenarioStep& step = scenario.steps[n];
        for (std::size_t i = 0; i < step.set_text.size(); ++i) {
            const auto& [knob, value] = step.set_text[i];
            const std::string& where = step.set_where.at(i);
            Settings probe = r.settings;  // checks the value whatever step it belongs to
            try {
                probe.set(knob, value);
            } catch (const InputError& e) {
                throw InputError(where + ": " + e.what());
            }
            if (n == 0) {
                r.settings = std::move(probe);
            } else if (!probe.spec(knob).live) {
                throw InputError(where + ": step " + std::to_string(n + 1) + ": knob '" + knob +
                                 "' cannot change while a run goes (not a live knob); set it in 'settings' or in step 1");
            } else {
                r.knob_changes.push_back({start, knob, value});
            }
        }
        for (FaultEvent f : step.faults) {
            f.at += start;
            r.faults.push_back(std::move(f));
        }
        plan.spans.push_back({start, start + step.duration});
        start += step.duration;
    }
    r.duration = start;
    // The run controller applies its timeline in order.
    std::stable_sort(r.faults.begin(), r.faults.end(), [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
    return plan;
}

}  // namespace archlab
