// The error texts every RESP command table shares: unknown command, wrong arity, unknown
// subcommand, as Redis 7 words them.
#include "core/resp/command_args.h"

namespace archlab::resp {

std::string unknown_command_error(const std::vector<std::string>& args) {
    std::string rest;
    for (std::size_t i = 1; i < args.size() && rest.size() < 128; ++i) {
        rest += '\'' + args[i].substr(0, 128 - rest.size()) + "' ";
    }
    return "ERR unknown command '" + args[0].substr(0, 128) + "', with args beginning with: " + rest;
}

std::string wrong_arity_error(std::string_view name) {
    return "ERR wrong number of arguments for '" + std::string(name) + "' command";
}

bool arity_fits(int arity, std::size_t words) {
    const auto n = static_cast<long long>(words);
    return (arity > 0 && n == arity) || (arity < 0 && n >= -static_cast<long long>(arity));
}

std::string subcommand_error(const std::vector<std::string>& args, std::string_view command,
                             std::initializer_list<Subcommand> known) {
    const std::string sub = lower(args[1]);
    for (const auto& [name, arity] : known) {
        if (sub != name) continue;
        if (arity_fits(arity, args.size())) return {};
        return wrong_arity_error(lower(command) + "|" + name);
    }
    return "ERR unknown subcommand '" + args[1].substr(0, 128) + "'. Try " + std::string(command) + " HELP.";
}

}  // namespace archlab::resp
