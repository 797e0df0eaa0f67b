#include "app/cli/storm_command.h"

#include <algorithm>
#include <iostream>

#include "app/cli/commands.h"
#include "core/lab/fault_storm.h"

namespace archlab::cli {

namespace {
void check_spare(const Lab& lab, const Settings& settings, const std::vector<std::string>& spare) {
    if (spare.empty()) return;
    const StormCast all = storm_cast(lab, settings);
    for (const std::string& n : spare) {
        const bool known = std::any_of(all.nodes.begin(), all.nodes.end(), [&](const auto& m) { return m.name == n; });
        if (!known) throw InputError("--spare '" + n + "': the " + lab.info().id + " lab has no such node to spare");
    }
}
}  // namespace

void add_storm(RunRequest& request, std::uint64_t seed, const std::vector<std::string>& spare) {
    check_spare(*request.lab, request.settings, spare);
    const StormCast cast = storm_cast(*request.lab, request.settings, spare);
    std::vector<FaultEvent> storm = fault_storm(cast, request.duration, seed);
    request.faults.insert(request.faults.end(), storm.begin(), storm.end());
    std::stable_sort(request.faults.begin(), request.faults.end(),
                     [](const FaultEvent& a, const FaultEvent& b) { return a.at < b.at; });
}

int print_storm(const LabRegistry& labs, const StormOptions& o) {
    const Lab& lab = find_lab(labs, o.lab);
    Settings settings = lab.default_settings();
    for (const std::string& set : o.sets) {
        const auto eq = set.find('=');
        if (eq == std::string::npos || eq == 0) throw InputError("--set '" + set + "': expected KNOB=VALUE");
        settings.set(set.substr(0, eq), set.substr(eq + 1));
    }
    const Nanos duration = parse_duration(o.duration, "--duration");
    check_spare(lab, settings, o.spare);
    for (const FaultEvent& f : fault_storm(storm_cast(lab, settings, o.spare), duration, o.seed)) {
        std::cout << f.to_string() << '\n';
    }
    return 0;
}

}  // namespace archlab::cli
