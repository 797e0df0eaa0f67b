#pragma once
// The commands a Redis Cluster shard answers, over a ShardKeyspace: PING ECHO SELECT QUIT HELLO
// CLIENT COMMAND CONFIG ASKING READONLY READWRITE (answered on the connection, they touch only
// the session) and GET SET DEL EXISTS MGET MSET INCR INCRBY DECR DECRBY TYPE DBSIZE KEYS SCAN
// INFO CLUSTER (run where the keyspace lives, keyed ones routed first: MOVED, ASK, CROSSSLOT
// ...). Replies and error texts are Redis 7's.
//
// A command is handled in two steps, so the keyspace can live on another thread:
//   // on the connection's strand, in the AsyncRespServer dispatch:
//   std::string reply;
//   ShardRequest request;
//   if (commands.answer_or_forward(args, session, reply, request)) return done(std::move(reply));
//   runtime.post([request = std::move(request), done] {
//       // on the shard node's thread, which owns the keyspace:
//       done(commands.run(request, keyspace, *shared_map.snapshot(), self_index));
//   });
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/cluster/cluster_map.h"
#include "core/cluster/shard_keyspace.h"
#include "core/resp/client_session.h"
#include "core/resp/resp_writer.h"

namespace archlab::cluster {

class ShardCommands;

/// The shard a keyspace command runs on.
struct ShardContext {
    ShardKeyspace& keyspace;
    const ClusterMap& map;
    std::size_t self;  ///< this shard's index in map.shards()
};

/// What a handler gets: session for connection commands, shard for keyspace commands (the
/// other is null).
struct ShardCall {
    const std::vector<std::string>& args;  ///< args[0] is the name as typed
    resp::RespWriter& out;
    resp::ClientSession* session;
    ShardContext* shard;
    const ShardCommands& commands;
};

using ShardHandler = void (*)(ShardCall&);

struct ShardCommandSpec {
    const char* name;                   ///< lower case
    int arity;                          ///< Redis' convention: n = exactly, -n = at least
    const char* flags;                  ///< COMMAND's flags, space-separated
    int first_key, last_key, key_step;  ///< key positions, as COMMAND reports them
    bool on_connection;                 ///< true: touches only the session, answered on the connection
    ShardHandler run;
};

/// A command on its way to the keyspace's thread.
struct ShardRequest {
    std::vector<std::string> args;
    const ShardCommandSpec* spec = nullptr;
    bool asking = false;  ///< the client sent ASKING just before
};

class ShardCommands {
public:
    ShardCommands();

    /// On the connection's strand. Answers connection commands, unknown commands and wrong
    /// arities into `reply` (true); otherwise moves args into `request` for run() (false).
    /// Consumes the session's ASKING flag as Redis does: it holds for the next command only.
    bool answer_or_forward(std::vector<std::string>& args, resp::ClientSession& session, std::string& reply,
                           ShardRequest& request) const;
    /// On the thread that owns the keyspace: routes a keyed command (MOVED, ASK, TRYAGAIN,
    /// CROSSSLOT, CLUSTERDOWN) and runs it. The complete RESP reply.
    std::string run(const ShardRequest& request, ShardKeyspace& keyspace, const ClusterMap& map,
                    std::size_t self) const;

    /// Every command, in table order (COMMAND).
    const std::vector<ShardCommandSpec>& commands() const { return specs_; }
    /// nullptr when unknown; name in any case.
    const ShardCommandSpec* find(std::string_view name) const;

private:
    std::vector<ShardCommandSpec> specs_;
    std::unordered_map<std::string, std::size_t> by_name_;  ///< lower-case name -> index
};

// The parts of the table.
void add_shard_connection_commands(std::vector<ShardCommandSpec>& specs);  ///< PING CLIENT ASKING ...
void add_shard_data_commands(std::vector<ShardCommandSpec>& specs);        ///< GET SET MGET SCAN ...
void add_shard_cluster_commands(std::vector<ShardCommandSpec>& specs);     ///< CLUSTER, INFO

}  // namespace archlab::cluster
