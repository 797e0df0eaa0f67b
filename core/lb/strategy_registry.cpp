#include "core/lb/strategy_registry.h"

#include <stdexcept>

#include "core/lab/settings.h"
#include "core/lb/strategies.h"

namespace archlab::lb {

void StrategyRegistry::add(std::string name, std::string summary, StrategyFactory make) {
    if (name.empty() || !make) throw std::logic_error("balancing strategy needs a name and a factory");
    if (find(name) != nullptr) throw std::logic_error("balancing strategy '" + name + "' registered twice");
    strategies_.push_back(StrategyInfo{std::move(name), std::move(summary), std::move(make)});
}

const StrategyInfo* StrategyRegistry::find(std::string_view name) const {
    for (const StrategyInfo& info : strategies_) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::vector<std::string> StrategyRegistry::names() const {
    std::vector<std::string> out;
    out.reserve(strategies_.size());
    for (const StrategyInfo& info : strategies_) out.push_back(info.name);
    return out;
}

std::unique_ptr<Strategy> StrategyRegistry::create(std::string_view name) const {
    const StrategyInfo* info = find(name);
    if (info == nullptr) {
        std::string known;
        for (const StrategyInfo& s : strategies_) known += (known.empty() ? "" : ", ") + s.name;
        throw InputError("unknown balancing strategy '" + std::string(name) + "' (known: " + known + ")");
    }
    return info->make();
}

void register_builtin_strategies(StrategyRegistry& registry) {
    registry.add("round-robin", "each alive node in turn", make_round_robin);
    registry.add("weighted-round-robin", "in turn by weight, spread evenly (nginx's smooth weighted round robin)",
                 make_weighted_round_robin);
    registry.add("random", "a uniformly random alive node", make_random);
    registry.add("least-connections", "the node with the fewest requests in flight (ties at random)",
                 make_least_connections);
    registry.add("least-response-time",
                 "the lowest moving average of observed response times, scaled by requests in flight",
                 make_least_response_time);
    registry.add("power-of-two", "two random nodes; the one with fewer in flight wins", make_power_of_two);
    registry.add("consistent-hash", "a hash ring with virtual nodes, by request key (or cookie)",
                 make_consistent_hash);
    registry.add("sticky", "a cookie names the node; new users are assigned in turn and given the cookie",
                 make_sticky);
}

const StrategyRegistry& builtin_strategies() {
    static const StrategyRegistry registry = [] {
        StrategyRegistry r;
        register_builtin_strategies(r);
        return r;
    }();
    return registry;
}

}  // namespace archlab::lb
