#pragma once
// The scenario files ArchLab ships (resources/scenarios/*.json), for `archlab-cli run NAME` and
// `archlab-cli scenarios`. An installed copy lives in share/archlab/scenarios beside the
// program's bin folder (a .deb, a .tar.gz, `cmake --install`); every build also carries them
// built in (Qt resources, :/scenarios/NAME.json), which a build that was never installed uses.
#include <string>
#include <vector>

#include "core/lab/scenario.h"

namespace archlab::cli {

struct ShippedScenario {
    std::string name;   ///< file name without .json: "caching-guided-ttl-stale"
    std::string path;   ///< the installed file, or ":/scenarios/NAME.json" when built in only
};

/// The installed scenario folder ($ARCHLAB_SCENARIOS, else bin/../share/archlab/scenarios beside
/// this program), "" when there is none.
std::string installed_scenario_folder();

/// Every shipped scenario by name: the installed files, else the built-in ones.
std::vector<ShippedScenario> shipped_scenarios();

/// What `run` should open for `what`: `what` itself when it is a file or no shipped scenario has
/// that name (with or without .json), else the shipped scenario's path.
std::string resolve_scenario(const std::string& what);

/// Scenario::load_file, also for a built-in ":/scenarios/..." path.
Scenario load_scenario(const std::string& path);

/// `archlab-cli scenarios [LAB]`: name, lab, title (guided) and path of each shipped scenario.
int list_scenarios(const std::string& lab);

}  // namespace archlab::cli
