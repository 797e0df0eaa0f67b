#include "core/cache/policy_registry.h"

#include <stdexcept>

#include "core/cache/policies.h"
#include "core/lab/settings.h"

namespace archlab::cache {

void PolicyRegistry::add(std::string name, std::string summary, PolicyFactory make) {
    if (name.empty() || !make) throw std::logic_error("cache policy needs a name and a factory");
    if (find(name) != nullptr) throw std::logic_error("cache policy '" + name + "' registered twice");
    policies_.push_back(PolicyInfo{std::move(name), std::move(summary), std::move(make)});
}

const PolicyInfo* PolicyRegistry::find(std::string_view name) const {
    for (const PolicyInfo& info : policies_) {
        if (info.name == name) return &info;
    }
    return nullptr;
}

std::vector<std::string> PolicyRegistry::names() const {
    std::vector<std::string> out;
    out.reserve(policies_.size());
    for (const PolicyInfo& info : policies_) out.push_back(info.name);
    return out;
}

std::unique_ptr<CachePolicy> PolicyRegistry::create(std::string_view name, const PolicyConfig& config) const {
    const PolicyInfo* info = find(name);
    if (info == nullptr) {
        std::string known;
        for (const PolicyInfo& p : policies_) known += (known.empty() ? "" : ", ") + p.name;
        throw InputError("unknown cache policy '" + std::string(name) + "' (known: " + known + ")");
    }
    return info->make(config);
}

void register_builtin_policies(PolicyRegistry& registry) {
    registry.add("lru", "least recently used leaves", make_lru);
    registry.add("lfu", "least frequently used leaves (ties: least recently used)", make_lfu);
    registry.add("fifo", "oldest insert leaves; hits change nothing", make_fifo);
    registry.add("random", "a random resident key leaves (seeded)", make_random);
    registry.add("arc", "Adaptive Replacement Cache: balances recency and frequency with ghost lists", make_arc);
    registry.add("s3fifo", "S3-FIFO: small, main and ghost FIFO queues; scan-resistant", make_s3fifo);
}

const PolicyRegistry& builtin_policies() {
    static const PolicyRegistry registry = [] {
        PolicyRegistry r;
        register_builtin_policies(r);
        return r;
    }();
    return registry;
}

}  // namespace archlab::cache
