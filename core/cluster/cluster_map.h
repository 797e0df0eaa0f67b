#pragma once
// Who serves which Redis Cluster hash slot: the shards (name, node id, 127.0.0.1:port, config
// epoch), the owner of each of the 16384 slots, and the slots being migrated (from, to). It is
// a value: the lab changes its own copy and publishes it through SharedClusterMap; each node
// answers CLUSTER commands and routes keys from the snapshot it read.
//
//   ClusterMap map;
//   map.add_shard("shard-1", 7001);  map.add_shard("shard-2", 7002);  map.add_shard("shard-3", 7003);
//   map.assign_evenly();                     // 0-5460, 5461-10922, 10923-16383, as redis-cli does
//   map.begin_migration(12182, 0);           // slot 12182: shard-3 MIGRATING, shard-1 IMPORTING
//   ... move the slot's keys ...
//   map.finish_migration(12182);             // shard-1 owns it, with a new config epoch
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::cluster {

/// Number of hash slots.
inline constexpr std::uint32_t kSlots = 16384;

struct ClusterShard {
    std::string name;                ///< "shard-1"
    std::string id;                  ///< 40 lower-case hex digits, the node id
    std::string ip = "127.0.0.1";    ///< where clients connect
    std::uint16_t port = 0;          ///< its RESP port
    std::uint64_t config_epoch = 0;  ///< bumped when it takes over a slot
};

/// A slot moving between shards (indexes into shards()).
struct SlotMigration {
    std::uint32_t slot = 0;
    std::size_t from = 0;  ///< the owner, MIGRATING
    std::size_t to = 0;    ///< the receiver, IMPORTING
};

/// Slots first..last (inclusive) served by one shard.
struct SlotRange {
    std::uint32_t first = 0, last = 0;
    std::size_t shard = 0;
};

class ClusterMap {
public:
    /// A node id for a shard: 40 hex digits derived from its name and a seed, the same every run.
    static std::string node_id(std::string_view name, std::uint64_t seed = 0);

    /// Adds a shard serving no slots; its id is node_id(name, seed) unless given, its config
    /// epoch the next free one. Returns its index. Throws std::invalid_argument on a duplicate name.
    std::size_t add_shard(std::string name, std::uint16_t port, std::string id = {}, std::uint64_t seed = 0);
    /// Changes the port (a restarted node listens elsewhere).
    void set_port(std::size_t shard, std::uint16_t port);
    /// Gives slots first..last to the shard. Throws std::out_of_range for a bad slot or shard.
    void assign(std::uint32_t first, std::uint32_t last, std::size_t shard);
    /// Takes slots first..last from whoever serves them.
    void unassign(std::uint32_t first, std::uint32_t last);
    /// Every slot, in even contiguous ranges over the shards in order, as redis-cli --cluster
    /// create lays them out (3 shards: 0-5460, 5461-10922, 10923-16383).
    void assign_evenly();

    /// Starts moving a slot from its owner to `to`. Throws std::logic_error when the slot has
    /// no owner, is owned by `to` or is already moving.
    void begin_migration(std::uint32_t slot, std::size_t to);
    /// The receiver owns the slot, with a config epoch above every other (CLUSTER SETSLOT NODE).
    void finish_migration(std::uint32_t slot);
    /// The slot stays with its owner (CLUSTER SETSLOT STABLE).
    void cancel_migration(std::uint32_t slot);

    const std::vector<ClusterShard>& shards() const { return shards_; }
    /// Index of the shard named so, or nullopt.
    std::optional<std::size_t> find(std::string_view name) const;
    /// The shard serving the slot, nullopt when none.
    std::optional<std::size_t> owner(std::uint32_t slot) const;
    /// The slot's migration, or nullptr.
    const SlotMigration* migration(std::uint32_t slot) const;
    /// Every migration in progress, by slot.
    std::vector<SlotMigration> migrations() const;
    /// Contiguous runs of slots with one owner, in slot order (unassigned slots left out).
    std::vector<SlotRange> ranges() const;
    /// Slots with an owner.
    std::uint32_t slots_assigned() const;
    /// Slots the shard serves.
    std::uint32_t slot_count(std::size_t shard) const;
    /// The highest config epoch (CLUSTER INFO's cluster_current_epoch).
    std::uint64_t current_epoch() const;
    /// Every slot is served (Redis' cluster_state:ok with cluster-require-full-coverage).
    bool full_coverage() const { return slots_assigned() == kSlots; }

private:
    void check_shard(std::size_t shard) const;

    std::vector<ClusterShard> shards_;
    std::vector<int> owner_ = std::vector<int>(kSlots, -1);  ///< shard index per slot, -1 = none
    std::map<std::uint32_t, SlotMigration> migrating_;       ///< slots moving, by slot
};

/// The current map, shared between the thread that changes it and the nodes that read it.
class SharedClusterMap {
public:
    explicit SharedClusterMap(ClusterMap map = {}) : map_(std::make_shared<const ClusterMap>(std::move(map))) {}
    /// The map now; stays valid (unchanged) however the map changes afterwards.
    std::shared_ptr<const ClusterMap> snapshot() const;
    /// Publishes a new map.
    void publish(ClusterMap map);

private:
    mutable std::mutex mu_;  ///< guards map_
    std::shared_ptr<const ClusterMap> map_;
};

}  // namespace archlab::cluster
