#include "core/partition/partitioner.h"

#include <stdexcept>

#include "core/lab/settings.h"

namespace archlab::partition {

void PartitionerBase::add_shard(const std::string& id) {
    if (id.empty()) throw InputError("a shard needs a non-empty id");
    if (index_of(id) != shards_.size()) throw InputError("shard '" + id + "' is already there");
    shards_.push_back(id);
    on_added(shards_.size() - 1);
}

void PartitionerBase::remove_shard(std::string_view id) {
    const std::size_t index = index_of(id);
    if (index == shards_.size()) throw InputError("no shard '" + std::string(id) + "' to remove");
    const std::string gone = shards_[index];
    shards_.erase(shards_.begin() + static_cast<std::ptrdiff_t>(index));
    on_removed(index, gone);
}

std::size_t PartitionerBase::index_of(std::string_view id) const {
    for (std::size_t i = 0; i < shards_.size(); ++i) {
        if (shards_[i] == id) return i;
    }
    return shards_.size();
}

void PartitionerBase::require_shards() const {
    if (shards_.empty()) throw std::logic_error("partitioner has no shards: a key has nowhere to go");
}

}  // namespace archlab::partition
