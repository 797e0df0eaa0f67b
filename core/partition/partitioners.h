#pragma once
// Factories of the built-in partitioners, one file each. range and hash-slot have headers of
// their own for their extra operations (split a range, move slots).
#include <memory>

#include "core/partition/partitioner.h"

namespace archlab::partition {

std::unique_ptr<Partitioner> make_range();
std::unique_ptr<Partitioner> make_hash_mod();
/// virtual_nodes: points per shard on the ring (>= 1; throws InputError otherwise).
std::unique_ptr<Partitioner> make_consistent_hash(int virtual_nodes);
std::unique_ptr<Partitioner> make_rendezvous();
std::unique_ptr<Partitioner> make_jump();
std::unique_ptr<Partitioner> make_hash_slot();

}  // namespace archlab::partition
