#pragma once
// Eviction policies by name. Filled by one explicit call at start-up,
// register_builtin_policies(), never by static initialisers (a static library would drop them).
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache/cache_policy.h"

namespace archlab::cache {

using PolicyFactory = std::function<std::unique_ptr<CachePolicy>(const PolicyConfig&)>;

/// One registered policy.
struct PolicyInfo {
    std::string name;     ///< as typed on the command line: "lru"
    std::string summary;  ///< one line for help texts and the lab's knob
    PolicyFactory make;   ///< builds a policy for a capacity
};

class PolicyRegistry {
public:
    /// Adds a policy; throws std::logic_error when the name is taken or empty.
    void add(std::string name, std::string summary, PolicyFactory make);
    /// Builds the named policy; throws InputError listing the known names when unknown.
    std::unique_ptr<CachePolicy> create(std::string_view name, const PolicyConfig& config) const;
    /// nullptr when no policy has that name.
    const PolicyInfo* find(std::string_view name) const;
    /// Names in registration order.
    std::vector<std::string> names() const;
    const std::vector<PolicyInfo>& all() const { return policies_; }

private:
    std::vector<PolicyInfo> policies_;  ///< in registration order (few: a linear search is fine)
};

/// Registers lru, lfu, fifo, random, arc and s3fifo.
void register_builtin_policies(PolicyRegistry& registry);

/// A registry holding every built-in policy, made once on first use.
const PolicyRegistry& builtin_policies();

}  // namespace archlab::cache
