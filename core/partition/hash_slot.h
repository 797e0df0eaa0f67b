#pragma once
// Redis Cluster hash slots. A key's slot is CRC16-XMODEM(k) mod 16384, where k is the key's
// hash tag when it has one, else the whole key. The hash tag is the text between the first
// '{' and the first '}' after it, used only when that text is non-empty:
//   "{user1000}.following" -> "user1000"   "foo{}{bar}" -> whole key   "foo{{bar}}zap" -> "{bar"
// (as keyHashSlot in Redis's src/cluster.c). Slots, not keys, are assigned to shards: adding
// a shard moves whole slots to it, and move_slots() reshards by hand.
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/partition/partitioner.h"

namespace archlab::partition {

/// Number of hash slots in a Redis cluster.
inline constexpr std::uint32_t kHashSlots = 16384;

/// The bytes a key's slot is computed from: its hash tag, or the whole key.
std::string_view hash_tag(std::string_view key);
/// The key's slot, 0..16383.
std::uint32_t hash_slot(std::string_view key);

class HashSlotPartitioner : public PartitionerBase {
public:
    HashSlotPartitioner();

    std::size_t shard_index(std::string_view key) const override;

    /// Index into shards() of the shard serving the slot (slot < 16384, at least one shard).
    std::size_t slot_owner(std::uint32_t slot) const;
    /// How many slots the shard serves.
    std::size_t slot_count(std::string_view shard_id) const;
    /// Gives slots first..last (inclusive) to the shard; throws InputError for a bad range or id.
    void move_slots(std::uint32_t first, std::uint32_t last, std::string_view shard_id);
    /// Reassigns every slot in even contiguous ranges over the shards in order (shard i of N
    /// gets slots [i*16384/N, (i+1)*16384/N)), as a fresh cluster is laid out.
    void assign_evenly();

protected:
    /// The new shard takes slots one at a time from whichever shard has most (its highest
    /// slot) until it has its even share, 16384/N: only those slots' keys move.
    void on_added(std::size_t index) override;
    /// The removed shard's slots go one at a time to whichever shard has fewest.
    void on_removed(std::size_t index, const std::string& id) override;

private:
    std::vector<std::size_t> owner_;   ///< shard index serving each slot (16384 entries)
    std::vector<std::size_t> counts_;  ///< slots per shard, as shards()
};

}  // namespace archlab::partition
