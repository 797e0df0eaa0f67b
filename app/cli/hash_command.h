#pragma once
// `archlab-cli hash --algo NAME --buckets N KEY...`: the bucket of each key under one
// partitioner, one per line, to check the partitioners against other implementations.
//
// jump: keys are unsigned 64-bit numbers (decimal or 0x hex) fed to the algorithm as they are.
// hash-slot: prints the Redis Cluster slot 0..16383 (--buckets may be left out, or be 16384).
// Others: string keys; buckets are shards "shard-0".."shard-{N-1}" added in order.
#include <string>
#include <vector>

namespace archlab::cli {

struct HashOptions {
    std::string algo;               ///< partitioner name (see core/partition/partitioner_registry.h)
    std::string buckets;            ///< as typed, checked by hash_keys(); "" = not given
    int virtual_nodes = 160;        ///< consistent-hash: points per shard
    std::vector<std::string> keys;  ///< as typed
};

/// Prints one bucket per key. Exit code: 0 done, 2 bad input (one line on stderr).
int hash_keys(const HashOptions& options);

}  // namespace archlab::cli
