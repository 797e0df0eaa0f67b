#include "labs/partitioning/door_map.h"

#include "core/lab/settings.h"
#include "core/partition/hash_slot.h"
#include "labs/partitioning/part_config.h"

namespace archlab::partlab {

namespace {
const partition::HashSlotPartitioner& slots_of(const MapVersion& v) {
    const auto* p = dynamic_cast<const partition::HashSlotPartitioner*>(&v.partitioner());
    if (!p) throw InputError("the cluster door needs the hash-slot strategy (this map is " + v.strategy() + ")");
    return *p;
}

/// Index in the cluster map of the shard serving the slot in this version: shard-k is k - 1.
std::size_t owner_index(const MapVersion& v, const partition::HashSlotPartitioner& p, std::uint32_t slot) {
    const std::string& id = v.shards()[p.slot_owner(slot)];
    return std::size_t(std::stoi(id.substr(id.rfind('-') + 1)) - 1);
}
}  // namespace

cluster::ClusterMap cluster_map_of(const MapVersion& committed, const MapVersion* target,
                                   const std::vector<std::uint16_t>& ports) {
    cluster::ClusterMap map;
    for (std::size_t i = 0; i < ports.size(); ++i) map.add_shard(shard_name(int(i) + 1), ports[i]);
    const auto& now = slots_of(committed);
    const partition::HashSlotPartitioner* next = target ? &slots_of(*target) : nullptr;
    // Runs of slots with one owner, assigned a run at a time.
    std::uint32_t first = 0;
    std::size_t run_owner = owner_index(committed, now, 0);
    for (std::uint32_t s = 1; s <= cluster::kSlots; ++s) {
        const std::size_t o = s < cluster::kSlots ? owner_index(committed, now, s) : run_owner + 1;
        if (o == run_owner) continue;
        map.assign(first, s - 1, run_owner);
        first = s;
        run_owner = o;
    }
    if (next) {
        for (std::uint32_t s = 0; s < cluster::kSlots; ++s) {
            const std::size_t to = owner_index(*target, *next, s);
            if (to != *map.owner(s)) map.begin_migration(s, to);
        }
    }
    return map;
}

}  // namespace archlab::partlab
