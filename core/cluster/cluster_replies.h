#pragma once
// The replies of the CLUSTER commands that describe the map, shaped as Redis 7.0.15 sends them
// (tests compare them with replies captured from a real cluster). Nodes appear in map order
// (Redis lists them in its dictionary's order, which clients do not rely on).
//
//   std::string bytes = cluster_slots_reply(map);                   // complete RESP reply
//   std::string text = cluster_nodes_text(map, self, now_unix_ms);  // to send as a bulk string
#include <cstdint>
#include <string>

#include "core/cluster/cluster_map.h"

namespace archlab::cluster {

/// CLUSTER SLOTS: an array of [first, last, [ip, port, id, []]] per contiguous range, in slot order.
std::string cluster_slots_reply(const ClusterMap& map);
/// CLUSTER SHARDS: per shard ["slots", [first, last, ...], "nodes", [[id, port, ip, endpoint,
/// role, replication-offset, health]]].
std::string cluster_shards_reply(const ClusterMap& map);
/// CLUSTER NODES' text: one line per node, "id ip:port@bus flags master ping pong epoch link
/// ranges", the bus port being port + 10000 as Redis's default; self is flagged myself and lists
/// its migrating "[slot->-id]" and importing "[slot-<-id]" slots. now_unix_ms fills the pong field.
std::string cluster_nodes_text(const ClusterMap& map, std::size_t self, std::int64_t now_unix_ms);
/// CLUSTER INFO's text, from self's point of view. No cluster bus runs, so the message counters
/// are zero (Redis lists only the message types it has counted, and the totals).
std::string cluster_info_text(const ClusterMap& map, std::size_t self);

}  // namespace archlab::cluster
