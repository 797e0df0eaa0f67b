#pragma once
// A partitioner answers one question: which shard holds a key, given the current shard set.
// Adding or removing a shard changes the structure the way that scheme rebalances (a ring
// gains points, slots move, a range splits), so a lab can ask every key's shard before and
// after and count the keys that move.
//
// Shards are named by id ("shard-0"); a "bucket" is an index into shards(), which lists the
// shards in the order they were added (removal closes the gap). Compare ids, not indices,
// across a removal.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::partition {

class Partitioner {
public:
    virtual ~Partitioner() = default;
    /// Shard ids in the order they were added.
    virtual const std::vector<std::string>& shards() const = 0;
    /// Index into shards() of the shard holding the key; throws std::logic_error with no shards.
    virtual std::size_t shard_index(std::string_view key) const = 0;
    /// Adds a shard and rebalances; throws InputError when the id is empty or taken.
    virtual void add_shard(const std::string& id) = 0;
    /// Removes a shard and rebalances its keys; throws InputError when there is no such shard.
    virtual void remove_shard(std::string_view id) = 0;

    /// Id of the shard holding the key.
    const std::string& shard_of(std::string_view key) const { return shards()[shard_index(key)]; }
};

/// The bookkeeping every partitioner shares: the shard list and its checks. A scheme only
/// answers shard_index() and updates its own structure in on_added / on_removed.
class PartitionerBase : public Partitioner {
public:
    const std::vector<std::string>& shards() const final { return shards_; }
    void add_shard(const std::string& id) final;
    void remove_shard(std::string_view id) final;
    /// Index of the shard with this id; shards().size() when there is none.
    std::size_t index_of(std::string_view id) const;

protected:
    /// Called after shards() gained `index` (always the last).
    virtual void on_added(std::size_t index) = 0;
    /// Called after the shard at `index` (id `id`) left shards(); later indices moved down one.
    virtual void on_removed(std::size_t index, const std::string& id) = 0;
    /// Throws std::logic_error when there are no shards (a key has nowhere to go).
    void require_shards() const;

private:
    std::vector<std::string> shards_;  ///< ids in the order added
};

}  // namespace archlab::partition
