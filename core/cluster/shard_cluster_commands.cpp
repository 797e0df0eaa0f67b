// CLUSTER (KEYSLOT SLOTS SHARDS NODES INFO MYID COUNTKEYSINSLOT GETKEYSINSLOT HELP) and INFO
// (server, cluster and keyspace sections) on a shard, from the map it was handed. Error texts
// are Redis 7.0's cluster.c.
#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "core/cluster/cluster_replies.h"
#include "core/cluster/shard_commands.h"
#include "core/platform/process_id.h"
#include "core/partition/hash_slot.h"
#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"

namespace archlab::cluster {

namespace {

/// CLUSTER HELP's lines for the subcommands a shard answers, worded as Redis's.
constexpr const char* kHelp[] = {
    "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "COUNTKEYSINSLOT <slot>",
    "    Return the number of keys in <slot>.",
    "GETKEYSINSLOT <slot> <count>",
    "    Return key names stored by current node in a slot.",
    "INFO",
    "    Return information about the cluster.",
    "KEYSLOT <key>",
    "    Return the hash slot for <key>.",
    "MYID",
    "    Return the node id.",
    "NODES",
    "    Return cluster configuration seen by node. Output format:",
    "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
    "SLOTS",
    "    Return information about slots range mappings. Each range is made of:",
    "    start, end, master and replicas IP addresses, ports and ids",
    "SHARDS",
    "    Return information about slot range mappings and the nodes associated with them.",
    "HELP",
    "    Prints this help.",
};

void cluster(ShardCall& c) {
    const std::string error = resp::subcommand_error(
        c.args, "CLUSTER",
        {{"keyslot", 3}, {"slots", 2}, {"shards", 2}, {"nodes", 2}, {"info", 2}, {"myid", 2},
         {"countkeysinslot", 3}, {"getkeysinslot", 4}, {"help", 2}});
    if (!error.empty()) return c.out.error(error);
    const std::string sub = resp::lower(c.args[1]);
    const ClusterMap& map = c.shard->map;
    const std::size_t self = c.shard->self;
    if (sub == "keyslot") return c.out.integer(partition::hash_slot(c.args[2]));
    if (sub == "slots") return void(c.out.buffer() += cluster_slots_reply(map));
    if (sub == "shards") return void(c.out.buffer() += cluster_shards_reply(map));
    if (sub == "nodes") return c.out.bulk(cluster_nodes_text(map, self, c.shard->keyspace.unix_ms()));
    if (sub == "info") return c.out.bulk(cluster_info_text(map, self));
    if (sub == "myid") return c.out.bulk(map.shards().at(self).id);
    if (sub == "help") {
        c.out.array(std::size(kHelp));
        for (const char* line : kHelp) c.out.simple(line);
        return;
    }
    const auto slot = resp::parse_int64(c.args[2]);
    if (!slot) return c.out.error(resp::kNotInteger);
    if (sub == "countkeysinslot") {
        if (*slot < 0 || *slot >= kSlots) return c.out.error("ERR Invalid slot");
        return c.out.integer(
            static_cast<std::int64_t>(c.shard->keyspace.count_in_slot(static_cast<std::uint32_t>(*slot))));
    }
    const auto count = resp::parse_int64(c.args[3]);  // getkeysinslot
    if (!count) return c.out.error(resp::kNotInteger);
    if (*slot < 0 || *slot >= kSlots || *count < 0) return c.out.error("ERR Invalid slot or number of keys");
    const auto keys =
        c.shard->keyspace.keys_in_slot(static_cast<std::uint32_t>(*slot), static_cast<std::size_t>(*count));
    c.out.array(keys.size());
    for (const auto& k : keys) c.out.bulk(k);
}

void line(std::string& out, const char* key, const std::string& value) {
    out += key;
    out += ':';
    out += value;
    out += "\r\n";
}

/// One INFO section's text; "" when the name is no section.
std::string info_section(ShardCall& c, const std::string& name) {
    std::string out;
    if (name == "server") {
        out += "# Server\r\n";
        line(out, "redis_version", resp::kRedisVersion);
        line(out, "server_name", "archlab-cluster-shard");
        line(out, "redis_mode", "cluster");
        line(out, "arch_bits", std::to_string(sizeof(void*) * 8));
        line(out, "process_id", std::to_string(platform::current_process_id()));
        line(out, "tcp_port", std::to_string(c.shard->map.shards().at(c.shard->self).port));
    } else if (name == "cluster") {
        out += "# Cluster\r\n";
        line(out, "cluster_enabled", "1");
    } else if (name == "keyspace") {
        out += "# Keyspace\r\n";
        const std::size_t keys = c.shard->keyspace.size();
        if (keys > 0) {
            out += "db0:keys=" + std::to_string(keys) + ",expires=" + std::to_string(c.shard->keyspace.expiring()) +
                   ",avg_ttl=0\r\n";
        }
    }
    return out;
}

/// INFO [section ...]: default, all and everything are every section, in Redis' order.
void info(ShardCall& c) {
    std::vector<std::string> wanted;
    for (std::size_t i = 1; i < c.args.size(); ++i) {
        const std::string s = resp::lower(c.args[i]);
        if (s == "default" || s == "all" || s == "everything") wanted = {"server", "cluster", "keyspace"};
        else wanted.push_back(s);
    }
    if (c.args.size() == 1) wanted = {"server", "cluster", "keyspace"};
    std::string text;
    for (const char* section : {"server", "cluster", "keyspace"}) {
        if (std::find(wanted.begin(), wanted.end(), section) == wanted.end()) continue;
        const std::string part = info_section(c, section);
        if (!text.empty()) text += "\r\n";
        text += part;
    }
    c.out.bulk(text);
}

}  // namespace

void add_shard_cluster_commands(std::vector<ShardCommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"cluster", -2, "", 0, 0, 0, false, cluster},
        {"info", -1, "loading stale", 0, 0, 0, false, info},
    });
}

}  // namespace archlab::cluster
