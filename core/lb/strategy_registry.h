#pragma once
// Balancing strategies by name. Filled by one explicit call, register_builtin_strategies(),
// never by static initialisers (a static library would drop them).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/lb/strategy.h"

namespace archlab::lb {

using StrategyFactory = std::function<std::unique_ptr<Strategy>()>;

/// One registered strategy.
struct StrategyInfo {
    std::string name;      ///< as typed on the command line: "round-robin"
    std::string summary;   ///< one line for help texts
    StrategyFactory make;  ///< builds a fresh strategy (its own state)
};

class StrategyRegistry {
public:
    /// Adds a strategy; throws std::logic_error when the name is taken or empty.
    void add(std::string name, std::string summary, StrategyFactory make);
    /// Builds the named strategy; throws InputError listing the known names when unknown.
    std::unique_ptr<Strategy> create(std::string_view name) const;
    /// nullptr when no strategy has that name.
    const StrategyInfo* find(std::string_view name) const;
    /// Names in registration order.
    std::vector<std::string> names() const;

private:
    std::vector<StrategyInfo> strategies_;  ///< in registration order (few: a linear search is fine)
};

/// Registers the eight built-in strategies.
void register_builtin_strategies(StrategyRegistry& registry);

/// A registry holding every built-in strategy, made once on first use.
const StrategyRegistry& builtin_strategies();

}  // namespace archlab::lb
