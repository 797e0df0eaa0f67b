#pragma once
// CLIENT SETNAME / GETNAME / ID / SETINFO on a connection's ClientState, with Redis 7's replies
// and error texts; the cache node and the cluster shard both answer CLIENT here.
#include <string>
#include <vector>

#include "core/resp/client_state.h"
#include "core/resp/resp_writer.h"

namespace archlab::resp {

/// args: "CLIENT" and at least one more word.
void client_command(const std::vector<std::string>& args, ClientState& client, RespWriter& out);

}  // namespace archlab::resp
