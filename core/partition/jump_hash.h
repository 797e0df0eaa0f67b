#pragma once
// Jump consistent hash: John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash
// Algorithm" (Google, 2014, arXiv:1406.2294). The published algorithm exactly: the 64-bit LCG
// key = key * 2862933555777941757 + 1 and the jump computed in double, so buckets match every
// other faithful implementation (Guava's Hashing.consistentHash, ClickHouse's
// jumpConsistentHash, ...) bit for bit.
#include <cstdint>

namespace archlab::partition {

/// Bucket 0..buckets-1 of a 64-bit key; buckets must be >= 1 (0 or less returns 0).
std::int32_t jump_consistent_hash(std::uint64_t key, std::int32_t buckets);

}  // namespace archlab::partition
