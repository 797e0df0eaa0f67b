#include "core/resp/command_executor.h"

#include "core/resp/command_args.h"

namespace archlab::resp {

CommandExecutor::CommandExecutor(SharedCacheStore& store, ServerCounters& counters)
    : store_(store), counters_(counters) {
    add_string_commands(specs_);
    add_counter_commands(specs_);
    add_key_commands(specs_);
    add_expire_commands(specs_);
    add_server_commands(specs_);
    add_info_commands(specs_);
    for (std::size_t i = 0; i < specs_.size(); ++i) by_name_.emplace(specs_[i].name, i);
}

const CommandSpec* CommandExecutor::find(const std::string& name) const {
    const auto it = by_name_.find(lower(name));
    return it == by_name_.end() ? nullptr : &specs_[it->second];
}

void CommandExecutor::execute(const std::vector<std::string>& args, ClientState& client, RespWriter& out) const {
    const CommandSpec* spec = find(args[0]);
    const bool quit = spec != nullptr && std::string_view(spec->name) == "quit";
    // Redis counts every error reply (total_error_replies); one given before the command ran is
    // a rejected call, one the command gave is a failed call.
    const auto reject = [&](std::string_view message) {
        out.error(message);
        counters_.total_error_replies.fetch_add(1, std::memory_order_relaxed);
        counters_.rejected_calls.fetch_add(1, std::memory_order_relaxed);
    };
    if (!quit && !store_.available()) return reject("ERR cache node is down");
    if (spec == nullptr) {
        return reject(unknown_command_error(args));
    }
    if (!arity_fits(spec->arity, args.size())) return reject(wrong_arity_error(spec->name));
    counters_.total_commands.fetch_add(1, std::memory_order_relaxed);
    CommandCall call{store_, counters_, client, args, out, *this};
    const std::size_t reply_at = out.buffer().size();
    spec->run(call);
    if (out.buffer().size() > reply_at && out.buffer()[reply_at] == '-') {
        counters_.total_error_replies.fetch_add(1, std::memory_order_relaxed);
        counters_.failed_calls.fetch_add(1, std::memory_order_relaxed);
    }
}

}  // namespace archlab::resp
