#pragma once
// CONFIG GET / CONFIG SET over a SharedCacheStore: maxmemory (bytes), maxentries (our entry
// count limit), maxmemory-policy (Redis' allkeys-* names or ours), plus a few read-only values
// redis-benchmark asks for (save, appendonly).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/resp/resp_writer.h"
#include "core/resp/server_counters.h"
#include "core/resp/shared_cache_store.h"

namespace archlab::resp {

/// The capacity that stands for "no limit" (maxmemory 0): large, yet safe to add to.
inline constexpr std::uint64_t kUnlimitedCapacity = std::uint64_t{1} << 62;

/// maxmemory as Redis reports it: the byte capacity, 0 when unlimited or counted in entries.
std::uint64_t store_maxmemory(const cache::CacheStoreStats& stats);
/// maxentries: the entry capacity, 0 when unlimited or counted in bytes.
std::uint64_t store_maxentries(const cache::CacheStoreStats& stats);

/// Our registry name for a Redis or registry policy name ("allkeys-lru" -> "lru"); nullopt when
/// it names no policy we have (volatile-*, noeviction, typos).
std::optional<std::string> policy_from_redis_name(const cache::PolicyRegistry& registry, std::string_view name);
/// The name Redis gives our policy where one fits ("lru" -> "allkeys-lru"), else our own name
/// ("s3fifo"): what CONFIG GET maxmemory-policy and INFO answer.
std::string redis_policy_name(std::string_view ours);
/// "allkeys-lru, allkeys-lfu, allkeys-random, lru, lfu, ...": for error messages.
std::string accepted_policy_names(const cache::PolicyRegistry& registry);

/// CONFIG GET pattern...: name/value pairs of every parameter matching any pattern.
void config_get(SharedCacheStore& store, const ServerCounters& counters, const std::vector<std::string>& patterns,
                RespWriter& out);
/// CONFIG SET name value [name value ...]: checks every pair first, then applies them in order.
void config_set(SharedCacheStore& store, const std::vector<std::string>& pairs, RespWriter& out);

}  // namespace archlab::resp
