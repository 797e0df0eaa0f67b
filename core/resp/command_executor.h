#pragma once
// Runs one parsed RESP command against a SharedCacheStore and writes its reply, with Redis'
// own error texts ("ERR wrong number of arguments for 'get' command", ...).
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/resp/client_state.h"
#include "core/resp/resp_writer.h"
#include "core/resp/server_counters.h"
#include "core/resp/shared_cache_store.h"

namespace archlab::resp {

inline constexpr const char* kRedisVersion = "7.0.0";  ///< the Redis version we answer as (HELLO, INFO)

struct CommandCall;
using CommandHandler = void (*)(CommandCall&);

/// A command as COMMAND reports it and as the executor checks its arity.
struct CommandSpec {
    const char* name;    ///< lower case: "get"
    int arity;           ///< Redis' convention: n = exactly n words, -n = at least n (name included)
    const char* flags;   ///< space-separated COMMAND flags: "readonly fast"
    int first_key, last_key, key_step;  ///< key positions, as COMMAND reports them
    CommandHandler run;
};

class CommandExecutor;

/// What a handler gets.
struct CommandCall {
    SharedCacheStore& store;
    ServerCounters& counters;
    ClientState& client;
    const std::vector<std::string>& args;  ///< args[0] is the command name as the client typed it
    RespWriter& out;
    const CommandExecutor& executor;
};

class CommandExecutor {
public:
    CommandExecutor(SharedCacheStore& store, ServerCounters& counters);

    /// Executes args (a non-empty command) and appends exactly one reply to out.
    void execute(const std::vector<std::string>& args, ClientState& client, RespWriter& out) const;

    /// Every command, in table order (for COMMAND).
    const std::vector<CommandSpec>& commands() const { return specs_; }
    /// nullptr when unknown; name in any case.
    const CommandSpec* find(const std::string& name) const;

private:
    SharedCacheStore& store_;
    ServerCounters& counters_;
    std::vector<CommandSpec> specs_;                        ///< the command table
    std::unordered_map<std::string, std::size_t> by_name_;  ///< lower-case name -> index in specs_
};

// The parts of the command table.
void add_string_commands(std::vector<CommandSpec>& specs);   ///< GET, SET, GETEX, APPEND, MSET ...
void add_counter_commands(std::vector<CommandSpec>& specs);  ///< INCR, DECRBY, INCRBYFLOAT ...
void add_key_commands(std::vector<CommandSpec>& specs);      ///< DEL, EXISTS, SCAN, RENAME ...
void add_expire_commands(std::vector<CommandSpec>& specs);  ///< EXPIRE, PEXPIREAT, TTL, PTTL ...
void add_server_commands(std::vector<CommandSpec>& specs);  ///< PING, CONFIG, CLIENT, TIME ...
void add_info_commands(std::vector<CommandSpec>& specs);    ///< INFO

}  // namespace archlab::resp
