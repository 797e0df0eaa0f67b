#include "core/resp/store_config.h"

#include <functional>
#include <utility>

#include "core/resp/command_args.h"

namespace archlab::resp {

namespace {

using cache::CapacityUnit;

/// Redis names mapped onto ours; volatile-* (evict only keys with a TTL) has no equivalent here.
const std::pair<const char*, const char*> kRedisPolicies[] = {
    {"allkeys-lru", "lru"}, {"allkeys-lfu", "lfu"}, {"allkeys-random", "random"}};

/// One capacity change: the policy, capacity and unit to reconfigure to.
struct Change {
    std::string policy;
    std::uint64_t capacity;
    CapacityUnit unit;
};

}  // namespace

std::uint64_t store_maxmemory(const cache::CacheStoreStats& stats) {
    return stats.unit == CapacityUnit::bytes && stats.capacity < kUnlimitedCapacity ? stats.capacity : 0;
}

std::uint64_t store_maxentries(const cache::CacheStoreStats& stats) {
    return stats.unit == CapacityUnit::entries && stats.capacity < kUnlimitedCapacity ? stats.capacity : 0;
}

std::optional<std::string> policy_from_redis_name(const cache::PolicyRegistry& registry, std::string_view name) {
    const std::string wanted = lower(name);
    for (const auto& [redis, ours] : kRedisPolicies) {
        if (wanted == redis && registry.find(ours) != nullptr) return std::string(ours);
    }
    if (registry.find(wanted) != nullptr) return wanted;
    return std::nullopt;
}

std::string redis_policy_name(std::string_view ours) {
    for (const auto& [redis, name] : kRedisPolicies) {
        if (ours == name) return redis;
    }
    return std::string(ours);
}

std::string accepted_policy_names(const cache::PolicyRegistry& registry) {
    std::string out;
    for (const auto& [redis, ours] : kRedisPolicies) out += std::string(out.empty() ? "" : ", ") + redis;
    for (const auto& name : registry.names()) {
        if (redis_policy_name(name) == name) out += ", " + name;  // ours without a Redis name
    }
    return out;
}

void config_get(SharedCacheStore& store, const ServerCounters& counters, const std::vector<std::string>& patterns,
                RespWriter& out) {
    const auto st = store.locked([](CacheStore& s, Nanos) { return s.stats(); });
    const std::pair<const char*, std::string> params[] = {
        {"maxmemory", std::to_string(store_maxmemory(st))},
        {"maxmemory-policy", redis_policy_name(st.policy)},
        {"maxentries", std::to_string(store_maxentries(st))},
        {"save", ""},
        {"appendonly", "no"},
        {"databases", "1"},
        {"port", std::to_string(counters.tcp_port.load())},
        {"bind", "127.0.0.1"},
    };
    std::vector<const std::pair<const char*, std::string>*> matched;
    for (const auto& param : params) {
        for (const auto& pattern : patterns) {
            if (glob_match(pattern, param.first)) {
                matched.push_back(&param);
                break;
            }
        }
    }
    out.array(matched.size() * 2);
    for (const auto* param : matched) {
        out.bulk(param->first);
        out.bulk(param->second);
    }
}

void config_set(SharedCacheStore& store, const std::vector<std::string>& pairs, RespWriter& out) {
    const auto st = store.locked([](CacheStore& s, Nanos) { return s.stats(); });
    Change change{st.policy, st.capacity, st.unit};
    const auto failed = [&](const std::string& name, const std::string& why) {
        out.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    };
    for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
        const std::string name = lower(pairs[i]);
        const std::string& value = pairs[i + 1];
        if (name == "maxmemory" || name == "maxentries") {
            const auto n = parse_memory(value);
            if (!n) return failed(name, "argument must be a memory value");
            if (*n >= kUnlimitedCapacity) return failed(name, "argument is too large");
            change.capacity = *n == 0 ? kUnlimitedCapacity : *n;
            change.unit = name == "maxmemory" ? CapacityUnit::bytes : CapacityUnit::entries;
        } else if (name == "maxmemory-policy") {
            const auto policy = policy_from_redis_name(store.registry(), value);
            if (!policy) {
                return failed(name, "argument(s) must be one of the following: " +
                                        accepted_policy_names(store.registry()));
            }
            change.policy = *policy;
        } else {
            return out.error("ERR Unknown option or number of arguments for CONFIG SET - '" + pairs[i] + "'");
        }
    }
    store.locked([&](CacheStore& s, Nanos) { s.reconfigure(change.policy, change.capacity, change.unit); });
    out.simple("OK");
}

}  // namespace archlab::resp
