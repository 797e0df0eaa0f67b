#include "labs/load_balancing/lb_lab.h"

#include "core/lb/pool_knobs.h"
#include "core/lb/strategy_registry.h"
#include "labs/load_balancing/lb_run.h"
#include "labs/load_balancing/lb_weights.h"

namespace archlab::lblab {

namespace {
using knobs::choice;
using knobs::max_live;
using knobs::num;

/// Free text, checked item by item here; its count against `nodes` is checked when a run starts.
KnobSpec weight_list() {
    KnobSpec k;
    k.name = "weights";
    k.type = KnobType::Text;
    k.def = std::string("equal");
    k.format = "equal, or one whole number 1.." + std::to_string(kMaxWeight) + " per node: 5,1,1,2";
    k.help = "Weights of node-1, node-2 ... for weighted-round-robin, one per node (equal: all 1)";
    k.validate = [](const std::string& text) { parse_weight_list(text); };
    return k;
}

/// The first kMaxLiveNodes nodes: any one of them teaches the same, and a thousand choices fit no menu.
std::vector<std::string> slow_node_choices() {
    std::vector<std::string> out = {"none"};
    for (int i = 1; i <= kMaxLiveNodes; ++i) out.push_back(app_node_id(i));
    return out;
}
}  // namespace

LoadBalancingLab::LoadBalancingLab() {
    info_.id = "load-balancing";
    info_.title = "Load balancing and discovery";
    info_.summary = "A balancer in front of app nodes, eight strategies, and a discovery service that "
                    "takes silent nodes out by heartbeat.";
    info_.explain = load_balancing_explain();
    const auto I = KnobType::Int;
    const auto D = KnobType::Double;
    info_.knobs = {
        choice("strategy", lb::builtin_strategies().names(), "round-robin",
               "How the balancer picks the node for each request", true),
        max_live(num("nodes", I, 4, 1, kMaxNodes, "",
                     "App nodes behind the balancer (node-1..N; up to 16 live, 1000 in virtual time)"),
                 kMaxLiveNodes),
        num("arrival_rps", D, 200, 1, 5000, "req/s", "Requests per second the client sends (Poisson, open loop)", true),
        num("service_ms", D, 5, 0.1, 1000, "ms", "Mean time an app node spends on one request (exponential)"),
        num("threads_per_node", I, 8, 1, 64, "", "Requests one app node serves at once"),
        choice("slow_node", slow_node_choices(), "none", "One app node (of node-1..16) that is slower than the others"),
        num("slow_factor", D, 10, 1, 100, "x", "How many times longer the slow node takes per request"),
        weight_list(),
        num("users", I, 500, 1, 100000, "", "Distinct users in the workload (keys for consistent-hash, cookies for sticky)"),
    };
    for (KnobSpec& k : lb::pool_knobs()) info_.knobs.push_back(std::move(k));  // heartbeat, detection, timeout
}

std::unique_ptr<LabRun> LoadBalancingLab::build(const RunEnv& env, const Settings& settings) const {
    return std::make_unique<LbRun>(env, settings);
}

}  // namespace archlab::lblab
