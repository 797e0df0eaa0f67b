// The shard's connection commands: PING ECHO SELECT QUIT HELLO CLIENT COMMAND CONFIG ASKING
// READONLY READWRITE. They touch only the client's session (or nothing), so they are answered
// on the connection without a trip to the keyspace's thread.
#include <string>
#include <utility>

#include "core/cluster/shard_commands.h"
#include "core/resp/client_command.h"
#include "core/resp/command_args.h"
#include "core/resp/command_entry.h"
#include "core/resp/command_executor.h"

namespace archlab::cluster {

namespace {

using resp::equals_ci;
using resp::lower;

void ping(ShardCall& c) {
    if (c.args.size() > 2) return c.out.error(resp::wrong_arity_error("ping"));
    if (c.args.size() == 2) c.out.bulk(c.args[1]);
    else c.out.simple("PONG");
}

void echo(ShardCall& c) { c.out.bulk(c.args[1]); }

void select(ShardCall& c) {
    const auto db = resp::parse_int64(c.args[1]);
    if (!db) return c.out.error(resp::kNotInteger);
    if (*db != 0) return c.out.error("ERR SELECT is not allowed in cluster mode");
    c.out.simple("OK");
}

void quit(ShardCall& c) {
    c.session->close_after_reply = true;
    c.out.simple("OK");
}

/// HELLO [protover [AUTH user pass] [SETNAME name]]: RESP2 only.
void hello(ShardCall& c) {
    std::size_t i = 1;
    if (c.args.size() > 1) {
        const auto version = resp::parse_int64(c.args[1]);
        if (!version) return c.out.error("ERR Protocol version is not an integer or out of range");
        if (*version != 2) return c.out.error("NOPROTO unsupported protocol version");
        i = 2;
    }
    std::string name = c.session->name;
    for (; i < c.args.size(); ++i) {
        const bool more = i + 1 < c.args.size();
        if (equals_ci(c.args[i], "setname") && more) {
            name = c.args[++i];
        } else if (equals_ci(c.args[i], "auth") && i + 2 < c.args.size()) {
            return c.out.error("ERR AUTH is not supported: this shard has no users");
        } else {
            return c.out.error("ERR Syntax error in HELLO option '" + c.args[i] + "'");
        }
    }
    c.session->name = std::move(name);
    c.out.array(14);
    c.out.bulk("server");
    c.out.bulk("redis");
    c.out.bulk("version");
    c.out.bulk(resp::kRedisVersion);
    c.out.bulk("proto");
    c.out.integer(2);
    c.out.bulk("id");
    c.out.integer(static_cast<std::int64_t>(c.session->id));
    c.out.bulk("mode");
    c.out.bulk("cluster");
    c.out.bulk("role");
    c.out.bulk("master");
    c.out.bulk("modules");
    c.out.array(0);
}

void client(ShardCall& c) { resp::client_command(c.args, *c.session, c.out); }

void asking(ShardCall& c) {
    c.session->asking = true;
    c.out.simple("OK");
}

void readonly(ShardCall& c) {
    c.session->readonly = true;
    c.out.simple("OK");
}

void readwrite(ShardCall& c) {
    c.session->readonly = false;
    c.out.simple("OK");
}

void command_entry(ShardCall& c, const ShardCommandSpec& s) {
    resp::write_command_entry(c.out, s.name, s.arity, s.flags, s.first_key, s.last_key, s.key_step);
}

/// COMMAND, COMMAND COUNT / LIST / INFO / DOCS (no documentation: redis-cli then shows no hints).
void command(ShardCall& c) {
    const auto& all = c.commands.commands();
    if (c.args.size() == 1) {
        c.out.array(all.size());
        for (const auto& spec : all) command_entry(c, spec);
        return;
    }
    const std::string error =
        resp::subcommand_error(c.args, "COMMAND", {{"count", 2}, {"docs", -2}, {"list", -2}, {"info", -2}});
    if (!error.empty()) return c.out.error(error);
    const std::string sub = lower(c.args[1]);
    if (sub == "count") {
        c.out.integer(static_cast<std::int64_t>(all.size()));
    } else if (sub == "docs") {
        c.out.array(0);
    } else if (sub == "list") {
        c.out.array(all.size());
        for (const auto& spec : all) c.out.bulk(spec.name);
    } else if (c.args.size() == 2) {
        c.out.array(all.size());
        for (const auto& spec : all) command_entry(c, spec);
    } else {
        c.out.array(c.args.size() - 2);
        for (std::size_t i = 2; i < c.args.size(); ++i) {
            if (const ShardCommandSpec* spec = c.commands.find(c.args[i])) command_entry(c, *spec);
            else c.out.null_bulk();
        }
    }
}

/// The shard's configuration as CONFIG GET shows it: fixed (no persistence of Redis' kind, no
/// eviction), which is what redis-benchmark asks for.
constexpr std::pair<const char*, const char*> kConfig[] = {
    {"appendonly", "no"},
    {"cluster-enabled", "yes"},
    {"maxmemory", "0"},
    {"save", ""},
};

/// CONFIG GET pattern... (glob, any case); CONFIG SET: nothing is settable.
void config(ShardCall& c) {
    const std::string error = resp::subcommand_error(c.args, "CONFIG", {{"get", -3}, {"set", -4}});
    if (!error.empty()) return c.out.error(error);
    if (equals_ci(c.args[1], "set")) {
        return c.out.error("ERR Unknown option or number of arguments for CONFIG SET - '" + c.args[2] + "'");
    }
    std::vector<std::pair<const char*, const char*>> found;
    for (const auto& entry : kConfig) {
        for (std::size_t i = 2; i < c.args.size(); ++i) {
            if (resp::glob_match(c.args[i], entry.first, true)) {
                found.push_back(entry);
                break;
            }
        }
    }
    c.out.array(2 * found.size());
    for (const auto& [name, value] : found) {
        c.out.bulk(name);
        c.out.bulk(value);
    }
}

}  // namespace

void add_shard_connection_commands(std::vector<ShardCommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"ping", -1, "fast", 0, 0, 0, true, ping},
        {"echo", 2, "fast", 0, 0, 0, true, echo},
        {"select", 2, "loading stale fast", 0, 0, 0, true, select},
        {"quit", -1, "fast", 0, 0, 0, true, quit},
        {"hello", -1, "fast", 0, 0, 0, true, hello},
        {"client", -2, "admin", 0, 0, 0, true, client},
        {"command", -1, "loading stale", 0, 0, 0, true, command},
        {"config", -2, "admin", 0, 0, 0, true, config},
        {"asking", 1, "fast", 0, 0, 0, true, asking},
        {"readonly", 1, "loading stale fast", 0, 0, 0, true, readonly},
        {"readwrite", 1, "loading stale fast", 0, 0, 0, true, readwrite},
    });
}

}  // namespace archlab::cluster
