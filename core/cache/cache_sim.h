#pragma once
// Trace replay at full speed: a trace read once into memory, then replayed through every
// policy x capacity, one fresh policy per configuration. Results are plain values.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/cache/cache_policy.h"
#include "core/cache/policy_registry.h"
#include "core/cache/trace_reader.h"

namespace archlab::cache {

/// A whole trace in memory.
struct LoadedTrace {
    std::vector<CacheKey> keys;          ///< request i's key
    std::vector<std::uint64_t> sizes;    ///< request i's object size, bytes
    std::uint64_t total_bytes = 0;       ///< sum of sizes over all requests
    std::uint64_t unique_keys = 0;       ///< distinct keys
    std::uint64_t unique_bytes = 0;      ///< sum of sizes over distinct keys (first size seen)
    std::uint64_t zero_size_skipped = 0; ///< records of size 0 the reader left out
    std::size_t requests() const { return keys.size(); }
};

/// Reads every request; with ignore_size every object counts 1 (byte or entry).
LoadedTrace load_trace(TraceReader& reader, bool ignore_size);

/// One replay configuration.
struct SimConfig {
    std::string policy;                         ///< registry name
    std::uint64_t capacity = 0;                 ///< in entries or bytes
    CapacityUnit unit = CapacityUnit::entries;  ///< what capacity counts
    std::uint64_t seed = 1;                     ///< for the random policy
};

/// What one replay measured.
struct SimResult {
    std::string policy;                         ///< registry name
    std::uint64_t capacity = 0;                 ///< in entries or bytes
    CapacityUnit unit = CapacityUnit::entries;  ///< what capacity counts
    std::uint64_t requests = 0;                 ///< requests replayed
    std::uint64_t hits = 0;                     ///< requests found resident
    std::uint64_t misses = 0;                   ///< requests not found (too-large objects included)
    std::uint64_t bytes_requested = 0;          ///< sum of request sizes, bytes
    std::uint64_t bytes_missed = 0;             ///< sum of missed request sizes, bytes
    std::uint64_t evictions = 0;                ///< entries evicted
    std::uint64_t not_admitted = 0;             ///< misses on objects larger than the cache
    double seconds = 0.0;                       ///< wall time of the replay loop, seconds

    double hit_ratio() const { return requests == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(requests); }
    double miss_ratio() const { return requests == 0 ? 0.0 : static_cast<double>(misses) / static_cast<double>(requests); }
    double byte_miss_ratio() const {
        return bytes_requested == 0 ? 0.0 : static_cast<double>(bytes_missed) / static_cast<double>(bytes_requested);
    }
    double requests_per_s() const { return seconds <= 0.0 ? 0.0 : static_cast<double>(requests) / seconds; }
};

/// Replays the trace through a fresh policy built from the registry.
SimResult replay(const LoadedTrace& trace, const PolicyRegistry& registry, const SimConfig& config);

/// Every policy x capacity, policy-major, capacities in the order given.
std::vector<SimResult> replay_all(const LoadedTrace& trace, const PolicyRegistry& registry,
                                  const std::vector<std::string>& policies, const std::vector<std::uint64_t>& capacities,
                                  CapacityUnit unit, std::uint64_t seed = 1);

/// Capacities from text: "1000", "64K", "1.5M", "2G" (K/M/G = 1024^n, case-insensitive, an
/// optional trailing B or iB); each a positive whole number after scaling. A plain number
/// between 0 and 1 is that fraction of `working_set` (distinct objects, or their bytes), at
/// least 1; with working_set 0 a fraction is an error. Every element may itself be a
/// comma-separated list. Throws InputError naming the bad value.
std::vector<std::uint64_t> parse_capacities(const std::vector<std::string>& texts, std::uint64_t working_set = 0);

/// Policy names from text, comma lists allowed; "all" = every registered policy. Throws
/// InputError for an unknown name.
std::vector<std::string> parse_policy_names(const std::vector<std::string>& texts, const PolicyRegistry& registry);

}  // namespace archlab::cache
