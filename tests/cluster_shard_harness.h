#pragma once
// One cluster shard in a test, without sockets: a MemoryShardKeyspace on a manual clock, the
// map, the shard's index in it and a client session; cmd() runs a command as the server would
// (answer on the connection, or route and run on the keyspace) and returns the reply bytes.
// The map copies the real 3-node cluster the replies were captured from (Redis 7.0.15,
// redis-cli --cluster create 127.0.0.1:27101 127.0.0.1:27102 127.0.0.1:27103).
#include <cstdint>
#include <string>
#include <vector>

#include "core/cluster/cluster_map.h"
#include "core/cluster/memory_keyspace.h"
#include "core/cluster/shard_commands.h"
#include "core/resp/client_session.h"

namespace {

namespace captured {
inline const std::string id1 = "2e155ef2a3e76d894329d121655316c746279151";  ///< 127.0.0.1:27101, slots 0-5460
inline const std::string id2 = "a748ed5812a605b8fa30507409b7f4447a1615a5";  ///< 127.0.0.1:27102, 5461-10922
inline const std::string id3 = "c9d7654c22a6599474dd6cb9da25c6eadc48052e";  ///< 127.0.0.1:27103, 10923-16383
}  // namespace captured

/// The captured cluster's map: shard-1..3 on 27101..27103 with the real node ids, epochs 1..3.
inline archlab::cluster::ClusterMap captured_map() {
    archlab::cluster::ClusterMap map;
    map.add_shard("shard-1", 27101, captured::id1);
    map.add_shard("shard-2", 27102, captured::id2);
    map.add_shard("shard-3", 27103, captured::id3);
    map.assign_evenly();
    return map;
}

struct ShardHarness {
    std::int64_t now_ms = 1'796'306'400'000;  ///< the keyspace's clock, Unix ms
    archlab::cluster::MemoryShardKeyspace keyspace{[this] { return now_ms; }};
    archlab::cluster::ClusterMap map;
    std::size_t self;
    archlab::cluster::ShardCommands commands;
    archlab::resp::ClientSession session;

    ShardHarness(archlab::cluster::ClusterMap m, std::size_t self_index) : map(std::move(m)), self(self_index) {
        session.id = 32;
    }

    std::string cmd(std::vector<std::string> args) {
        std::string reply;
        archlab::cluster::ShardRequest request;
        if (commands.answer_or_forward(args, session, reply, request)) return reply;
        return commands.run(request, keyspace, map, self);
    }
    /// Several commands in order, their replies joined (as one pipelined read would get them).
    std::string cmds(std::vector<std::vector<std::string>> list) {
        std::string out;
        for (auto& args : list) out += cmd(std::move(args));
        return out;
    }
};

}  // namespace
