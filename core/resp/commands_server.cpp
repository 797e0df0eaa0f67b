// The connection and server commands: PING ECHO SELECT QUIT HELLO CLIENT COMMAND CONFIG TIME
// (INFO is in commands_info.cpp). A subcommand Redis knows, with the wrong number of words,
// gets "wrong number of arguments for 'config|get' command"; one it does not know gets
// "unknown subcommand 'foo'. Try CONFIG HELP."
#include <algorithm>
#include <initializer_list>
#include <string>

#include "core/resp/command_args.h"
#include "core/resp/client_command.h"
#include "core/resp/command_entry.h"
#include "core/resp/command_executor.h"
#include "core/resp/store_config.h"

namespace archlab::resp {

namespace {

/// Checks args[1] against a command's subcommands: writes Redis' error and returns false when it
/// is unknown or has the wrong number of words.
bool check_subcommand(CommandCall& c, const char* command, std::initializer_list<Subcommand> known) {
    const std::string error = subcommand_error(c.args, command, known);
    if (error.empty()) return true;
    c.out.error(error);
    return false;
}

void ping(CommandCall& c) {
    if (c.args.size() > 2) return c.out.error("ERR wrong number of arguments for 'ping' command");
    if (c.args.size() == 2) c.out.bulk(c.args[1]);
    else c.out.simple("PONG");
}

void echo(CommandCall& c) { c.out.bulk(c.args[1]); }

void select(CommandCall& c) {
    const auto db = parse_int64(c.args[1]);
    if (!db) return c.out.error(kNotInteger);
    if (*db != 0) return c.out.error("ERR DB index is out of range");
    c.out.simple("OK");
}

void quit(CommandCall& c) {
    c.client.close_after_reply = true;
    c.out.simple("OK");
}

void hello(CommandCall& c) {
    std::size_t i = 1;
    if (c.args.size() > 1) {
        const auto version = parse_int64(c.args[1]);
        if (!version) return c.out.error("ERR Protocol version is not an integer or out of range");
        if (*version != 2) return c.out.error("NOPROTO unsupported protocol version");  // RESP2 only
        i = 2;
    }
    for (; i < c.args.size(); ++i) {
        if (equals_ci(c.args[i], "setname") && i + 1 < c.args.size()) {
            c.client.name = c.args[++i];
        } else if (equals_ci(c.args[i], "auth")) {
            return c.out.error("ERR AUTH is not supported: this cache node has no users");
        } else {
            return c.out.error(kSyntaxError);
        }
    }
    c.out.array(14);
    c.out.bulk("server");
    c.out.bulk("redis");
    c.out.bulk("version");
    c.out.bulk(kRedisVersion);
    c.out.bulk("proto");
    c.out.integer(2);
    c.out.bulk("id");
    c.out.integer(static_cast<std::int64_t>(c.client.id));
    c.out.bulk("mode");
    c.out.bulk("standalone");
    c.out.bulk("role");
    c.out.bulk("master");
    c.out.bulk("modules");
    c.out.array(0);
}

void client(CommandCall& c) { client_command(c.args, c.client, c.out); }

void command_entry(CommandCall& c, const CommandSpec& spec) {
    write_command_entry(c.out, spec.name, spec.arity, spec.flags, spec.first_key, spec.last_key, spec.key_step);
}

void command(CommandCall& c) {
    const auto& all = c.executor.commands();
    if (c.args.size() == 1) {
        c.out.array(all.size());
        for (const auto& spec : all) command_entry(c, spec);
        return;
    }
    if (!check_subcommand(c, "COMMAND", {{"count", 2}, {"docs", -2}, {"list", -2}, {"info", -2}})) return;
    const std::string sub = lower(c.args[1]);
    if (sub == "count") {
        c.out.integer(static_cast<std::int64_t>(all.size()));
    } else if (sub == "docs") {
        c.out.array(0);  // no documentation to offer: redis-cli then shows no hints
    } else if (sub == "list") {
        c.out.array(all.size());
        for (const auto& spec : all) c.out.bulk(spec.name);
    } else if (c.args.size() == 2) {  // INFO without names: every command
        c.out.array(all.size());
        for (const auto& spec : all) command_entry(c, spec);
    } else {
        c.out.array(c.args.size() - 2);
        for (std::size_t i = 2; i < c.args.size(); ++i) {
            if (const CommandSpec* spec = c.executor.find(c.args[i])) command_entry(c, *spec);
            else c.out.null_bulk();
        }
    }
}

void config(CommandCall& c) {
    if (!check_subcommand(c, "CONFIG", {{"get", -3}, {"set", -4}})) return;
    if (equals_ci(c.args[1], "get")) {
        config_get(c.store, c.counters, std::vector<std::string>(c.args.begin() + 2, c.args.end()), c.out);
    } else if (c.args.size() % 2 != 0) {
        c.out.error(kSyntaxError);  // an odd number of words after SET, as Redis 7
    } else {
        config_set(c.store, std::vector<std::string>(c.args.begin() + 2, c.args.end()), c.out);
    }
}

/// TIME: Unix seconds and microseconds, as two bulk strings, on the store's clock.
void time(CommandCall& c) {
    const std::int64_t us = c.store.unix_us(c.store.now());
    c.out.array(2);
    c.out.bulk(std::to_string(us / 1'000'000));
    c.out.bulk(std::to_string(us % 1'000'000));
}

}  // namespace

void add_server_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"ping", -1, "fast", 0, 0, 0, ping},
        {"echo", 2, "fast", 0, 0, 0, echo},
        {"select", 2, "loading stale fast", 0, 0, 0, select},
        {"quit", -1, "fast", 0, 0, 0, quit},
        {"hello", -1, "fast", 0, 0, 0, hello},
        {"client", -2, "admin", 0, 0, 0, client},
        {"command", -1, "loading stale", 0, 0, 0, command},
        {"config", -2, "admin", 0, 0, 0, config},
        {"time", 1, "loading stale fast", 0, 0, 0, time},
    });
}

}  // namespace archlab::resp
