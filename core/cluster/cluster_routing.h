#pragma once
// Where a keyed command runs in a Redis cluster, decided as Redis 7.0's getNodeByQuery does, as
// a pure function of the command's keys, the map, the node asking ("self"), the client's ASKING
// flag and which keys this node holds:
//   all keys in one slot, served here and not migrating    -> execute
//   the slot served elsewhere                              -> -MOVED <slot> <ip>:<port>
//   migrating away from here, no key here                  -> -ASK <slot> <ip>:<port> (the receiver)
//   migrating away, some keys here and some not            -> -TRYAGAIN Multiple keys request during rehashing of slot
//   importing here, after ASKING                           -> execute (multi-key with a key missing: -TRYAGAIN)
//   keys in different slots                                -> -CROSSSLOT Keys in request don't hash to the same slot
//   a slot nobody serves                                   -> -CLUSTERDOWN Hash slot not served
//   not every slot served (state fail)                     -> -CLUSTERDOWN The cluster is down
// A command without keys always executes here.
//
//   const Route r = route_command(args, {1, -1, 1}, map, self, asking,
//                                 [&](std::string_view k) { return keyspace.exists(k); });
//   if (r.kind != Route::Kind::execute) return "-" + r.error(map) + "\r\n";
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/cluster/cluster_map.h"

namespace archlab::cluster {

/// Where a command's keys are, as COMMAND reports it: args[first..last] every step-th;
/// last < 0 counts from the end (-1 = the last argument). first = 0: no keys.
struct KeySpec {
    int first = 0, last = 0, step = 0;
};

/// Indexes into args of the command's keys.
std::vector<std::size_t> key_positions(std::size_t arg_count, KeySpec spec);

struct Route {
    enum class Kind { execute, moved, ask, try_again, cross_slot, slot_unserved, cluster_down };
    Kind kind = Kind::execute;
    std::uint32_t slot = 0;  ///< the keys' slot (when there are keys)
    std::size_t shard = 0;   ///< MOVED/ASK: where the client should go (index into the map's shards)

    /// Redis' error text without the leading '-' ("MOVED 12182 127.0.0.1:7003"); empty for execute.
    std::string error(const ClusterMap& map) const;
};

/// Answers: does this node hold the key now? (Asked only for a migrating or importing slot.)
using KeyHere = std::function<bool(std::string_view key)>;

Route route_command(const std::vector<std::string>& args, KeySpec spec, const ClusterMap& map, std::size_t self,
                    bool asking, const KeyHere& key_here);

}  // namespace archlab::cluster
