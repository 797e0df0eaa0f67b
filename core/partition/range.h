#pragma once
// Range partitioning: the key space, all byte strings in lexicographic order, is cut by
// sorted split points, and each shard serves one contiguous range [lower, next lower). Keys
// stay in order, so a range query touches only the shards its range overlaps; the cost is
// that split points must follow the data, or a few shards hold most keys.
//
// Without data, add_shard() halves the widest range, width measured on the first 8 bytes of
// the bounds read as a big-endian number. With data, split_at_median() moves the upper half
// of one shard's keys to a new shard: the usual way a range store grows (split a full range).
// Removing a shard merges its range into the range below it (the one above, for the first).
#include <string>
#include <string_view>
#include <vector>

#include "core/partition/partitioner.h"

namespace archlab::partition {

class RangePartitioner : public PartitionerBase {
public:
    /// One contiguous range of keys and the shard serving it.
    struct Range {
        std::string lower;  ///< smallest key in the range (the first range's is "")
        std::size_t shard;  ///< index into shards()
    };

    std::size_t shard_index(std::string_view key) const override;

    /// Splits the shard's range at the median of those `keys` it holds (others are ignored)
    /// and adds `new_shard` serving the upper half: keys >= the median key. Returns the split
    /// key. Throws InputError when the shard holds fewer than two distinct keys among them,
    /// or an id is unknown or taken.
    std::string split_at_median(std::string_view shard_id, std::vector<std::string> keys, const std::string& new_shard);
    /// Adds `new_shard` serving the shard's keys >= split_key: a split decided before (replayed
    /// from a record of the splits made). Throws InputError when split_key is not inside the
    /// shard's range above its lower bound, or an id is unknown or taken.
    void split_at(std::string_view shard_id, const std::string& split_key, const std::string& new_shard);

    /// The ranges in key order.
    const std::vector<Range>& ranges() const { return ranges_; }

protected:
    void on_added(std::size_t index) override;
    void on_removed(std::size_t index, const std::string& id) override;

private:
    /// Position in ranges_ of the range holding the key.
    std::size_t range_of(std::string_view key) const;

    std::vector<Range> ranges_;  ///< sorted by lower; ranges_[0].lower is ""
    std::string pending_lower_;  ///< split_at_median(): where the next added shard's range starts ("" = halve the widest)
};

}  // namespace archlab::partition
