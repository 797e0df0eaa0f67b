#pragma once
// Factories of the built-in eviction policies, one per file. Use them through the registry
// (policy_registry.h); they are declared here so the registry can list them.
#include <memory>

#include "core/cache/cache_policy.h"

namespace archlab::cache {

/// Least recently used: a hit moves the key to the front; the back leaves.
std::unique_ptr<CachePolicy> make_lru(const PolicyConfig& config);
/// Least frequently used, O(1) with frequency buckets; ties: the least recently used leaves.
std::unique_ptr<CachePolicy> make_lfu(const PolicyConfig& config);
/// First in, first out: a hit changes nothing; the oldest insert leaves.
std::unique_ptr<CachePolicy> make_fifo(const PolicyConfig& config);
/// A uniformly random resident key leaves (config.pick, or a generator seeded with config.seed).
std::unique_ptr<CachePolicy> make_random(const PolicyConfig& config);
/// Adaptive Replacement Cache (Megiddo & Modha, FAST 2003): T1, T2, ghosts B1, B2, adaptive p.
std::unique_ptr<CachePolicy> make_arc(const PolicyConfig& config);
/// S3-FIFO (Yang et al., SOSP 2023): small FIFO, main FIFO with reinsertion, ghost FIFO.
std::unique_ptr<CachePolicy> make_s3fifo(const PolicyConfig& config);

}  // namespace archlab::cache
