#pragma once
// The shard map and its history. A map version is a partitioner (core/partition) rebuilt by
// replaying the operations that made it (shards added, removed, split; slots moved), so every
// version stays readable while a newer one is being moved to. The versions live in a MapBook,
// the lab's config store (what config servers are to MongoDB): a node that has learned an
// epoch from a message reads that version from the book. Which epoch a node knows, and when it
// learns a newer one, travels only in messages.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/partition/partitioner.h"

namespace archlab::partlab {

/// One change of the map.
struct MapOp {
    enum class Kind : std::uint8_t { Add, Remove, Split, MoveSlots, LayoutSlots };
    Kind kind = Kind::Add;
    std::string shard;        ///< Add, Remove: that shard; Split: the shard split; MoveSlots: the receiver
    std::string new_shard;    ///< Split: the shard that takes the upper part
    std::string split_key;    ///< Split: first key of the upper part
    std::uint32_t slot_first = 0, slot_last = 0;  ///< MoveSlots: inclusive
    /// "add-shard shard-5", "split shard-1 at k0000000500 -> shard-6", ...
    std::string describe() const;
};

/// One version of the map: which shard owns each key.
class MapVersion {
public:
    /// Replays ops on a fresh partitioner of the strategy; throws InputError when one does not apply.
    MapVersion(std::uint64_t epoch, const std::string& strategy, int vnodes, std::vector<MapOp> ops);

    std::uint64_t epoch() const { return epoch_; }
    const std::string& strategy() const { return strategy_; }
    const std::vector<std::string>& shards() const { return p_->shards(); }
    bool has(const std::string& shard) const;
    const std::string& owner(const std::string& key) const { return p_->shard_of(key); }
    /// Shards whose part of the key space overlaps [lo, hi): with range, only those whose ranges
    /// do; with every hash scheme, all of them (a hash scatters neighbouring keys).
    std::vector<std::string> shards_for_range(const std::string& lo, const std::string& hi) const;
    const std::vector<MapOp>& ops() const { return ops_; }
    const partition::Partitioner& partitioner() const { return *p_; }
    /// hash-slot: slots the shard serves (0 for other strategies).
    std::size_t slot_count(const std::string& shard) const;
    /// hash-slot: the highest run of at most `count` contiguous slots the shard serves, as
    /// {first, last}; {1, 0} when it serves none.
    std::pair<std::uint32_t, std::uint32_t> top_slots(const std::string& shard, std::uint32_t count) const;

private:
    std::uint64_t epoch_;
    std::string strategy_;
    std::vector<MapOp> ops_;
    std::unique_ptr<partition::Partitioner> p_;
};

using MapPtr = std::shared_ptr<const MapVersion>;

/// A rebalance asked for (by the timeline or the window), not yet started.
struct RebalanceRequest {
    std::string action;  ///< "add-shard", "remove-shard", "split", "move-slots"
    std::string target;  ///< the shard, or "" / a non-shard node where the action needs none
    std::string text() const { return target.empty() ? action : action + ":" + target; }
};

/// The config store: every version by epoch, which one is committed, which one a migration is
/// moving to, and the rebalances waiting their turn. Any thread.
class MapBook {
public:
    MapBook(std::string strategy, int vnodes, std::vector<MapOp> initial);

    MapPtr version(std::uint64_t epoch) const;   ///< nullptr when there is none
    MapPtr committed() const;
    std::uint64_t committed_epoch() const;
    /// The epoch a migration moves to, 0 when none runs.
    std::uint64_t target_epoch() const;
    /// Builds the next version (committed ops + op) as the migration target; throws InputError
    /// when the op does not apply. Only with no migration running.
    MapPtr begin(const MapOp& op);
    /// The target becomes the committed map.
    void commit();

    /// The committed version and the migration target (nullptr when none), read together.
    std::pair<MapPtr, MapPtr> current() const;
    /// Called (on the thread that changed it, outside the book's lock) after every begin() and
    /// commit(): the RESP door republishes its cluster map. One listener; {} removes it.
    void set_on_change(std::function<void()> fn);

    void push_request(RebalanceRequest r);
    /// The oldest waiting request, if any.
    bool pop_request(RebalanceRequest& out);

private:
    mutable std::mutex mu_;
    std::string strategy_;
    int vnodes_;
    std::vector<MapPtr> versions_;       ///< versions_[e - 1] is epoch e
    std::uint64_t committed_ = 1;
    std::uint64_t target_ = 0;
    std::deque<RebalanceRequest> waiting_;
    mutable std::mutex listen_mu_;       ///< guards on_change_ (held while it runs)
    std::function<void()> on_change_;

    void changed();
};

/// The share of keys a rebalance should move in theory, given each shard's keys before it
/// (by shard id, as the sources reported them): consistent-hash, rendezvous, jump and hash-slot
/// move about 1/(N+1) on an add; hash-mod about N/(N+1); a range split half the split shard's
/// keys; a removal the removed shard's keys (hash-mod: (N-1)/N; jump: every bucket from the
/// removed one up renumbers, (N-i)/N). NaN when there were no keys.
double expected_moved_fraction(const MapVersion& from, const MapVersion& to, const MapOp& op,
                               const std::vector<std::pair<std::string, std::uint64_t>>& keys_before);

}  // namespace archlab::partlab
