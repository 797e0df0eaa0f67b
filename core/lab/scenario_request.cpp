#include "core/lab/scenario_request.h"

#include <algorithm>

#include "core/lab/lab.h"
#include "core/lab/settings.h"

namespace archlab {

RunRequest request_from_scenario(const Lab& lab, const Scenario& scenario) {
    if (scenario.lab != lab.info().id) {
        throw InputError("scenario of lab '" + scenario.lab + "' cannot run on lab '" + lab.info().id + "'");
    }
    if (scenario.guided()) throw InputError("scenario '" + scenario.title + "' has steps: it is a guided run (core/lab/guided_plan.h)");
    RunRequest r;
    r.lab = &lab;
    r.settings = lab.default_settings();
    for (std::size_t i = 0; i < scenario.settings_text.size(); ++i) {
        try {
            r.settings.set(scenario.settings_text[i].first, scenario.settings_text[i].second);
        } catch (const InputError& e) {
            throw InputError(scenario.settings_where.at(i) + ": " + e.what());  // FILE:LINE:COL
        }
    }
    for (const ScenarioKnobChange& k : scenario.knob_changes) {
        Settings probe = r.settings;  // checks the value against the knob's range now, not mid-run
        try {
            probe.set(k.knob, k.value);
        } catch (const InputError& e) {
            throw InputError(k.where + ": " + e.what());
        }
        if (!probe.spec(k.knob).live) {
            throw InputError(k.where + ": knob '" + k.knob + "' cannot change while a run goes (not a live knob); set it in 'settings'");
        }
        r.knob_changes.push_back({k.at, k.knob, k.value});
    }
    // The run controller applies each timeline in order; equal times keep the file's order.
    std::stable_sort(r.knob_changes.begin(), r.knob_changes.end(), [](const KnobChange& a, const KnobChange& b) { return a.at < b.at; });
    r.faults = scenario.faults;
    r.seed = scenario.seed.value_or(1);
    r.duration = scenario.duration.value_or(Nanos(0));
    return r;
}

}  // namespace archlab
