#include "core/lab/fault_storm.h"

#include <algorithm>

#include "core/lab/run_controller.h"

namespace archlab {

StormCast storm_cast(const Lab& lab, const Settings& settings, const std::vector<std::string>& spare) {
    // A short virtual run shows which links carry traffic; links that never do would make a
    // storm of faults nobody feels.
    RunRequest req;
    req.lab = &lab;
    req.settings = settings;
    req.seed = 1;
    req.duration = std::chrono::seconds(2);
    req.time_mode = TimeMode::Virtual;
    RunController run(req, nullptr);
    run.start();
    run.wait();
    const ClusterView view = run.cluster();

    StormCast cast;
    const auto spared = [&](const NodeView& n) {
        return n.kind == "client" || std::find(spare.begin(), spare.end(), n.name) != spare.end();
    };
    for (const NodeView& n : view.nodes) {
        if (!spared(n)) cast.nodes.push_back({n.name, n.kind});
    }
    for (const LinkView& l : view.links) {
        if (l.stats.sent == 0 || l.stats.from == kNoNode || l.stats.to == kNoNode) continue;
        const NodeView& a = view.nodes[static_cast<std::size_t>(l.stats.from)];
        const NodeView& b = view.nodes[static_cast<std::size_t>(l.stats.to)];
        // A spared node's links are spared too; a client's are fair game (its requests can be late).
        const auto named = [&](const NodeView& n) { return std::find(spare.begin(), spare.end(), n.name) != spare.end(); };
        if (!named(a) && !named(b)) cast.links.emplace_back(a.name, b.name);
    }
    std::sort(cast.links.begin(), cast.links.end());
    cast.actions = lab.info().actions;
    return cast;
}

}  // namespace archlab
