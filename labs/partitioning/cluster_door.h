#pragma once
// The shards' Redis Cluster door (hash-slot strategy, live time): one AsyncRespServer per shard
// node on 127.0.0.1, answering as a Redis Cluster node (core/cluster's ShardCommands) over that
// shard's OutsideKeyspace, every keyed command run on the shard node's own thread (posted with
// Runtime::post). All doors read one cluster map, rebuilt from the MapBook (door_map.h) whenever
// the lab's map changes: a rebalance begins (slots migrating: -ASK) or commits (-MOVED).
//
// The lab's migration moves the lab's rows; the door moves the outside keys itself. On every
// map change each shard looks at the slots it holds outside keys in and, for a slot migrating
// away or served elsewhere, copies each key to the new owner and then deletes its own copy if the
// key did not change meanwhile (else copies again). So a key is always on the source until the
// target has it: reads through any door find it, during a migration too.
//
//   ClusterDoor door(runtime, book, dbs);
//   door.start();        // ports open, map published; door.endpoints() lists them
//   ...
//   door.stop();         // before the runtime stops
#include <memory>
#include <vector>

#include "core/cluster/cluster_map.h"
#include "core/lab/lab.h"
#include "core/runtime/runtime.h"
#include "core/storage/sqlite_pool.h"
#include "labs/partitioning/shard_map.h"

namespace archlab::partlab {

class ClusterDoor {
public:
    /// dbs[k - 1] is shard-k's database (its resp_kv table prepared).
    ClusterDoor(Runtime& runtime, std::shared_ptr<MapBook> book, std::vector<std::shared_ptr<SqlitePool>> dbs);
    ~ClusterDoor();
    ClusterDoor(const ClusterDoor&) = delete;
    ClusterDoor& operator=(const ClusterDoor&) = delete;

    /// Opens every shard's port and publishes the map. Throws std::runtime_error when a port cannot open.
    void start();
    /// Closes the ports and stops following the map. Idempotent.
    void stop();
    /// One per shard node while open: "redis", 127.0.0.1:PORT, "redis-cli -c -p PORT".
    std::vector<ServiceEndpoint> endpoints() const;
    /// The map the doors answer by now.
    std::shared_ptr<const cluster::ClusterMap> map() const;

    struct State;  ///< shared with the tasks posted to the shard nodes (cluster_door.cpp)

private:
    std::shared_ptr<State> st_;
};

}  // namespace archlab::partlab
