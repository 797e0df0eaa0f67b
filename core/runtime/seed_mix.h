#pragma once
// How a run seed becomes per-node random streams, so every runtime derives them the same way.
#include <cstdint>

#include "core/runtime/message.h"

namespace archlab {

/// Which of a node's random streams a seed is for.
enum class SeedStream : std::uint64_t {
    Node = 0,       ///< Context::random(): the node logic's own draws
    Transport = 1,  ///< the transport's draws for messages this node sends (drop, jitter ...)
};

/// SplitMix64 finaliser: spreads nearby inputs over the whole 64-bit range.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// Seed of one node's stream: splitmix64(splitmix64(run_seed) ^ (index << 8 | stream)).
constexpr std::uint64_t node_seed(std::uint64_t run_seed, NodeIndex index, SeedStream stream) {
    const std::uint64_t salt = (std::uint64_t{index} << 8) | static_cast<std::uint64_t>(stream);
    return splitmix64(splitmix64(run_seed) ^ salt);
}

}  // namespace archlab
