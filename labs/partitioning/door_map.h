#pragma once
// The Redis Cluster map the shards' RESP doors answer by, built from the lab's own map (hash-slot
// strategy): every shard node in it with its RESP port (spare shards serve no slot), each slot
// owned as the committed version says, and while a rebalance runs, every slot whose owner differs
// in the target version marked migrating from its committed owner to its target owner. Redis'
// ASK rule then holds: a key the source still has is served there, a key it no longer has is
// answered -ASK to the target.
#include <cstdint>
#include <vector>

#include "core/cluster/cluster_map.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

/// ports[k - 1] is shard-k's RESP port. Throws InputError when a version is not hash-slot.
cluster::ClusterMap cluster_map_of(const MapVersion& committed, const MapVersion* target,
                                   const std::vector<std::uint16_t>& ports);

}  // namespace archlab::partlab
