#include "core/resp/client_command.h"

#include <algorithm>

#include "core/resp/command_args.h"

namespace archlab::resp {

namespace {

bool valid_client_name(const std::string& name) {
    return std::all_of(name.begin(), name.end(), [](char ch) { return ch > ' ' && ch <= '~'; });
}

}  // namespace

void client_command(const std::vector<std::string>& args, ClientState& client, RespWriter& out) {
    const std::string error = subcommand_error(args, "CLIENT", {{"setname", 3}, {"getname", 2}, {"id", 2}, {"setinfo", 4}});
    if (!error.empty()) return out.error(error);
    const std::string sub = lower(args[1]);
    if (sub == "setname") {
        if (!valid_client_name(args[2])) {
            return out.error("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        client.name = args[2];
        out.simple("OK");
    } else if (sub == "getname") {
        if (client.name.empty()) out.null_bulk();
        else out.bulk(client.name);
    } else if (sub == "id") {
        out.integer(static_cast<std::int64_t>(client.id));
    } else {
        out.simple("OK");  // SETINFO: client library name/version, accepted, not kept
    }
}

}  // namespace archlab::resp
