#include "core/cluster/shard_commands.h"

#include "core/cluster/cluster_routing.h"
#include "core/resp/command_args.h"

namespace archlab::cluster {

using resp::RespWriter;

ShardCommands::ShardCommands() {
    add_shard_connection_commands(specs_);
    add_shard_data_commands(specs_);
    add_shard_cluster_commands(specs_);
    for (std::size_t i = 0; i < specs_.size(); ++i) by_name_.emplace(specs_[i].name, i);
}

const ShardCommandSpec* ShardCommands::find(std::string_view name) const {
    const auto it = by_name_.find(resp::lower(name));
    return it == by_name_.end() ? nullptr : &specs_[it->second];
}

bool ShardCommands::answer_or_forward(std::vector<std::string>& args, resp::ClientSession& session,
                                      std::string& reply, ShardRequest& request) const {
    // ASKING lasts one command (Redis' resetClient); ASKING itself sets it again below.
    const bool asking = session.asking;
    session.asking = false;
    RespWriter out(reply);
    const ShardCommandSpec* spec = find(args[0]);
    if (spec == nullptr) {
        out.error(resp::unknown_command_error(args));
        return true;
    }
    if (!resp::arity_fits(spec->arity, args.size())) {
        out.error(resp::wrong_arity_error(spec->name));
        return true;
    }
    if (spec->on_connection) {
        ShardCall call{args, out, &session, nullptr, *this};
        spec->run(call);
        return true;
    }
    request.args = std::move(args);
    request.spec = spec;
    request.asking = asking;
    return false;
}

std::string ShardCommands::run(const ShardRequest& request, ShardKeyspace& keyspace, const ClusterMap& map,
                               std::size_t self) const {
    std::string reply;
    RespWriter out(reply);
    const ShardCommandSpec* spec = request.spec != nullptr ? request.spec : find(request.args.at(0));
    if (spec == nullptr || spec->on_connection) {
        out.error(resp::unknown_command_error(request.args));
        return reply;
    }
    if (spec->first_key > 0) {
        const Route route =
            route_command(request.args, KeySpec{spec->first_key, spec->last_key, spec->key_step}, map, self,
                          request.asking, [&](std::string_view key) { return keyspace.exists(key); });
        if (route.kind != Route::Kind::execute) {
            out.error(route.error(map));
            return reply;
        }
    }
    ShardContext shard{keyspace, map, self};
    ShardCall call{request.args, out, nullptr, &shard, *this};
    spec->run(call);
    return reply;
}

}  // namespace archlab::cluster
