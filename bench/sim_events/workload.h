#pragma once
// The workload of bench_sim_events, shared by every engine it measures: N nodes, each with a
// timer that reschedules itself after an exponential interval and sends one message per firing
// to a random other node over a link with a fixed delay. Node i draws from
// mt19937_64(node_seed(kSeed, i, Node)) in every engine, at each firing the destination first,
// then the next interval, so every engine runs the very same events.
// Kept to C++17: the ns-3 peer includes it, and ns-3.37's headers do not build as C++20.
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/runtime/seed_mix.h"

namespace archlab::bench {

inline constexpr std::uint64_t kSeed = 42;                ///< run seed
inline constexpr double kMeanIntervalNs = 1e6;            ///< mean timer interval, ns (1 ms)
inline constexpr std::int64_t kLinkDelayNs = 100'000;     ///< one-way link delay, ns (100 µs)

/// One run of one engine: wall time of its event loop and what it simulated.
struct Result {
    double wall_s = 0.0;          ///< event loop only, set-up excluded, s
    std::int64_t end_ns = 0;      ///< virtual time of the last event, ns
    std::uint64_t delivered = 0;  ///< messages delivered
};

/// Any node but `self`, uniformly.
inline NodeIndex draw_destination(std::mt19937_64& rng, NodeIndex self, NodeIndex nodes) {
    const auto d = static_cast<NodeIndex>(std::uniform_int_distribution<int>(0, nodes - 2)(rng));
    return d >= self ? static_cast<NodeIndex>(d + 1) : d;
}

/// The next timer interval, ns.
inline std::int64_t draw_interval_ns(std::mt19937_64& rng) {
    return std::llround(std::exponential_distribution<double>(1.0)(rng) * kMeanIntervalNs);
}

/// Every node's stream, for the peers (SimRuntime's nodes use Context::random(), seeded alike).
inline std::vector<std::mt19937_64> node_streams(NodeIndex nodes) {
    std::vector<std::mt19937_64> streams;
    streams.reserve(nodes);
    for (NodeIndex i = 0; i < nodes; ++i) streams.emplace_back(node_seed(kSeed, i, SeedStream::Node));
    return streams;
}

}  // namespace archlab::bench
