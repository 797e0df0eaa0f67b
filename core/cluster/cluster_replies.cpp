#include "core/cluster/cluster_replies.h"

#include <initializer_list>
#include <string_view>

#include "core/resp/resp_writer.h"

namespace archlab::cluster {

using resp::RespWriter;

std::string cluster_slots_reply(const ClusterMap& map) {
    std::string bytes;
    RespWriter out(bytes);
    const auto ranges = map.ranges();
    out.array(ranges.size());
    for (const SlotRange& r : ranges) {
        const ClusterShard& s = map.shards()[r.shard];
        out.array(3);
        out.integer(r.first);
        out.integer(r.last);
        out.array(4);
        out.bulk(s.ip);
        out.integer(s.port);
        out.bulk(s.id);
        out.array(0);  // Redis 7: the node's extra networking metadata (hostname), none here
    }
    return bytes;
}

std::string cluster_shards_reply(const ClusterMap& map) {
    std::string bytes;
    RespWriter out(bytes);
    const auto ranges = map.ranges();
    out.array(map.shards().size());
    for (std::size_t i = 0; i < map.shards().size(); ++i) {
        const ClusterShard& s = map.shards()[i];
        out.array(4);
        out.bulk("slots");
        std::size_t mine = 0;
        for (const SlotRange& r : ranges) mine += r.shard == i ? 1 : 0;
        out.array(2 * mine);
        for (const SlotRange& r : ranges) {
            if (r.shard != i) continue;
            out.integer(r.first);
            out.integer(r.last);
        }
        out.bulk("nodes");
        out.array(1);
        out.array(14);
        out.bulk("id");
        out.bulk(s.id);
        out.bulk("port");
        out.integer(s.port);
        out.bulk("ip");
        out.bulk(s.ip);
        out.bulk("endpoint");
        out.bulk(s.ip);
        out.bulk("role");
        out.bulk("master");
        out.bulk("replication-offset");
        out.integer(0);
        out.bulk("health");
        out.bulk("online");
    }
    return bytes;
}

std::string cluster_nodes_text(const ClusterMap& map, std::size_t self, std::int64_t now_unix_ms) {
    const auto ranges = map.ranges();
    std::string text;
    for (std::size_t i = 0; i < map.shards().size(); ++i) {
        const ClusterShard& s = map.shards()[i];
        const bool myself = i == self;
        // Redis shows its own pong time rounded to the second, its peers' to the millisecond.
        const std::int64_t pong = myself ? now_unix_ms / 1000 * 1000 : now_unix_ms;
        const auto add = [&text](std::initializer_list<std::string_view> parts) {
            for (const std::string_view p : parts) text.append(p);
        };
        add({s.id, " ", s.ip, ":", std::to_string(s.port), "@", std::to_string(s.port + 10000),
             myself ? " myself,master" : " master", " - 0 ", std::to_string(pong), " ",
             std::to_string(s.config_epoch), " connected"});
        for (const SlotRange& r : ranges) {
            if (r.shard != i) continue;
            add({" ", std::to_string(r.first)});
            if (r.last != r.first) add({"-", std::to_string(r.last)});
        }
        if (myself) {
            for (const SlotMigration& m : map.migrations()) {
                if (m.from == i) add({" [", std::to_string(m.slot), "->-", map.shards()[m.to].id, "]"});
                else if (m.to == i) add({" [", std::to_string(m.slot), "-<-", map.shards()[m.from].id, "]"});
            }
        }
        text += "\n";
    }
    return text;
}

std::string cluster_info_text(const ClusterMap& map, std::size_t self) {
    std::size_t serving = 0;  // shards with at least one slot: Redis' cluster_size
    for (std::size_t i = 0; i < map.shards().size(); ++i) serving += map.slot_count(i) > 0 ? 1 : 0;
    const auto line = [](std::string& out, const char* key, const std::string& value) {
        out += key;
        out += ':';
        out += value;
        out += "\r\n";
    };
    const std::uint32_t assigned = map.slots_assigned();
    std::string text;
    line(text, "cluster_state", map.full_coverage() ? "ok" : "fail");
    line(text, "cluster_slots_assigned", std::to_string(assigned));
    line(text, "cluster_slots_ok", std::to_string(assigned));
    line(text, "cluster_slots_pfail", "0");
    line(text, "cluster_slots_fail", "0");
    line(text, "cluster_known_nodes", std::to_string(map.shards().size()));
    line(text, "cluster_size", std::to_string(serving));
    line(text, "cluster_current_epoch", std::to_string(map.current_epoch()));
    line(text, "cluster_my_epoch", std::to_string(self < map.shards().size() ? map.shards()[self].config_epoch : 0));
    line(text, "cluster_stats_messages_sent", "0");
    line(text, "cluster_stats_messages_received", "0");
    line(text, "total_cluster_links_buffer_limit_exceeded", "0");
    return text;
}

}  // namespace archlab::cluster
