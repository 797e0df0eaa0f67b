#include "core/partition/hash_slot.h"

#include <algorithm>

#include "core/lab/settings.h"
#include "core/partition/key_hash.h"
#include "core/partition/partitioners.h"

namespace archlab::partition {

std::string_view hash_tag(std::string_view key) {
    const std::size_t open = key.find('{');
    if (open == std::string_view::npos) return key;
    const std::size_t close = key.find('}', open + 1);
    if (close == std::string_view::npos || close == open + 1) return key;  // no '}', or "{}": whole key
    return key.substr(open + 1, close - open - 1);
}

std::uint32_t hash_slot(std::string_view key) { return crc16_xmodem(hash_tag(key)) % kHashSlots; }

HashSlotPartitioner::HashSlotPartitioner() : owner_(kHashSlots, 0) {}

std::size_t HashSlotPartitioner::shard_index(std::string_view key) const {
    require_shards();
    return owner_[hash_slot(key)];
}

std::size_t HashSlotPartitioner::slot_owner(std::uint32_t slot) const {
    require_shards();
    return owner_.at(slot);
}

std::size_t HashSlotPartitioner::slot_count(std::string_view shard_id) const {
    const std::size_t s = index_of(shard_id);
    return s < counts_.size() ? counts_[s] : 0;
}

void HashSlotPartitioner::move_slots(std::uint32_t first, std::uint32_t last, std::string_view shard_id) {
    if (first > last || last >= kHashSlots) {
        throw InputError("slots " + std::to_string(first) + ".." + std::to_string(last) +
                         ": need first <= last <= 16383");
    }
    const std::size_t to = index_of(shard_id);
    if (to == shards().size()) throw InputError("no shard '" + std::string(shard_id) + "' to move slots to");
    for (std::uint32_t slot = first; slot <= last; ++slot) {
        --counts_[owner_[slot]];
        owner_[slot] = to;
        ++counts_[to];
    }
}

void HashSlotPartitioner::assign_evenly() {
    const std::size_t n = shards().size();
    if (n == 0) return;
    std::fill(counts_.begin(), counts_.end(), 0);
    for (std::uint32_t slot = 0; slot < kHashSlots; ++slot) {
        owner_[slot] = static_cast<std::size_t>(slot) * n / kHashSlots;
        ++counts_[owner_[slot]];
    }
}

void HashSlotPartitioner::on_added(std::size_t index) {
    counts_.push_back(0);
    if (index == 0) {  // the first shard serves every slot
        std::fill(owner_.begin(), owner_.end(), 0);
        counts_[0] = kHashSlots;
        return;
    }
    // How many each gives: the fullest shard (the earliest on a tie) gives one slot at a time
    // until the newcomer holds its even share, 16384/N.
    const std::size_t share = kHashSlots / shards().size();
    std::vector<std::size_t> gives(counts_.size(), 0);
    for (std::size_t taken = 0; taken < share; ++taken) {
        const auto fullest = static_cast<std::size_t>(std::max_element(counts_.begin(), counts_.end()) - counts_.begin());
        --counts_[fullest];
        ++gives[fullest];
    }
    counts_[index] = share;
    // Each gives up its highest slots.
    for (std::uint32_t slot = kHashSlots; slot-- > 0;) {
        std::size_t& owner = owner_[slot];
        if (gives[owner] > 0) {
            --gives[owner];
            owner = index;
        }
    }
}

void HashSlotPartitioner::on_removed(std::size_t index, const std::string&) {
    counts_.erase(counts_.begin() + static_cast<std::ptrdiff_t>(index));
    for (std::size_t& owner : owner_) {
        if (owner == index) {
            if (counts_.empty()) {
                owner = 0;  // no shard left: nobody serves it until one is added
                continue;
            }
            owner = static_cast<std::size_t>(std::min_element(counts_.begin(), counts_.end()) - counts_.begin());
            ++counts_[owner];
        } else if (owner > index) {
            --owner;
        }
    }
}

std::unique_ptr<Partitioner> make_hash_slot() { return std::make_unique<HashSlotPartitioner>(); }

}  // namespace archlab::partition
