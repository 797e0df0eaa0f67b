#pragma once
// Keys as the eviction policies see them: 64-bit numbers. Text keys are hashed to 64 bits with
// a stable hash (the same key gives the same number on every machine and every run).
#include <cstdint>
#include <string_view>

namespace archlab::cache {

/// A cache key: an object id from a trace, or the stable hash of a text key.
using CacheKey = std::uint64_t;

/// FNV-1a 64 of the bytes, then a final avalanche mix: stable across platforms and runs.
constexpr CacheKey stable_key_hash(std::string_view text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a 64 offset basis
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;  // FNV-1a 64 prime
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

/// Hash for hash maps keyed by CacheKey: trace ids are often sequential, so mix the bits
/// (splitmix64 finaliser) rather than using the identity hash.
struct CacheKeyHash {
    std::size_t operator()(CacheKey key) const noexcept {
        key += 0x9e3779b97f4a7c15ULL;
        key = (key ^ (key >> 30)) * 0xbf58476d1ce4e5b9ULL;
        key = (key ^ (key >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<std::size_t>(key ^ (key >> 31));
    }
};

}  // namespace archlab::cache
