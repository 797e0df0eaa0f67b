// The connection and server commands: PING ECHO SELECT QUIT HELLO CLIENT COMMAND INFO CONFIG.
#include <unistd.h>

#include <algorithm>
#include <string>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/store_config.h"

namespace archlab::resp {

namespace {

constexpr const char* kRedisVersion = "7.0.0";  ///< the protocol level we answer to

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

bool valid_client_name(const std::string& name) {
    return std::all_of(name.begin(), name.end(), [](char ch) { return ch > ' ' && ch <= '~'; });
}

void client(CommandCall& c) {
    const std::string sub = lower(c.args[1]);
    if (sub == "setname" && c.args.size() == 3) {
        if (!valid_client_name(c.args[2])) {
            return c.out.error("ERR Client names cannot contain spaces, newlines or special characters.");
        }
        c.client.name = c.args[2];
        c.out.simple("OK");
    } else if (sub == "getname" && c.args.size() == 2) {
        if (c.client.name.empty()) c.out.null_bulk();
        else c.out.bulk(c.client.name);
    } else if (sub == "id" && c.args.size() == 2) {
        c.out.integer(static_cast<std::int64_t>(c.client.id));
    } else if (sub == "setinfo" && c.args.size() == 4) {
        c.out.simple("OK");  // client library name/version: accepted, not kept
    } else {
        c.out.error("ERR unknown subcommand or wrong number of arguments for '" + c.args[1] + "'. Try CLIENT HELP.");
    }
}

void command_entry(CommandCall& c, const CommandSpec& spec) {
    std::vector<std::string> flags;
    for (std::string_view rest = spec.flags; !rest.empty();) {
        const auto space = rest.find(' ');
        flags.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    c.out.array(6);
    c.out.bulk(spec.name);
    c.out.integer(spec.arity);
    c.out.array(flags.size());
    for (const auto& f : flags) c.out.simple(f);
    c.out.integer(spec.first_key);
    c.out.integer(spec.last_key);
    c.out.integer(spec.key_step);
}

void command(CommandCall& c) {
    const auto& all = c.executor.commands();
    if (c.args.size() == 1) {
        c.out.array(all.size());
        for (const auto& spec : all) command_entry(c, spec);
        return;
    }
    const std::string sub = lower(c.args[1]);
    if (sub == "count" && c.args.size() == 2) {
        c.out.integer(static_cast<std::int64_t>(all.size()));
    } else if (sub == "docs") {
        c.out.array(0);  // no documentation to offer: redis-cli then shows no hints
    } else if (sub == "list" && c.args.size() == 2) {
        c.out.array(all.size());
        for (const auto& spec : all) c.out.bulk(spec.name);
    } else if (sub == "info") {
        c.out.array(c.args.size() - 2);
        for (std::size_t i = 2; i < c.args.size(); ++i) {
            if (const CommandSpec* spec = c.executor.find(c.args[i])) command_entry(c, *spec);
            else c.out.null_bulk();
        }
    } else {
        c.out.error("ERR unknown subcommand or wrong number of arguments for '" + c.args[1] + "'. Try COMMAND HELP.");
    }
}

/// INFO's text for one section, "" when the name is no section.
std::string info_section(CommandCall& c, const std::string& name, const cache::CacheStoreStats& st,
                         std::size_t expiring) {
    const auto line = [](std::string& out, const char* key, const std::string& value) {
        out += key;
        out += ':';
        out += value;
        out += "\r\n";
    };
    const auto num = [](std::uint64_t v) { return std::to_string(v); };
    std::string out;
    if (name == "server") {
        const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - c.counters.started);
        out += "# Server\r\n";
        line(out, "redis_version", kRedisVersion);
        line(out, "server_name", "archlab-cache-node");
        line(out, "redis_mode", "standalone");
        line(out, "arch_bits", num(sizeof(void*) * 8));
        line(out, "process_id", num(static_cast<std::uint64_t>(::getpid())));
        line(out, "tcp_port", num(c.counters.tcp_port.load()));
        line(out, "uptime_in_seconds", num(static_cast<std::uint64_t>(uptime.count())));
    } else if (name == "clients") {
        out += "# Clients\r\n";
        line(out, "connected_clients", num(c.counters.connected_clients.load()));
    } else if (name == "memory") {
        const std::uint64_t maxmemory = store_maxmemory(st);
        out += "# Memory\r\n";
        line(out, "used_memory", num(st.used_memory));  // bytes of keys and values
        line(out, "used_memory_human", human_bytes(st.used_memory));
        line(out, "maxmemory", num(maxmemory));
        line(out, "maxmemory_human", human_bytes(maxmemory));
        line(out, "maxmemory_policy", st.policy);
        line(out, "maxentries", num(store_maxentries(st)));
    } else if (name == "stats") {
        out += "# Stats\r\n";
        line(out, "total_connections_received", num(c.counters.total_connections.load()));
        line(out, "total_commands_processed", num(c.counters.total_commands.load()));
        line(out, "expired_keys", num(st.expired_keys));
        line(out, "evicted_keys", num(st.evicted_keys));
        line(out, "keyspace_hits", num(st.hits));
        line(out, "keyspace_misses", num(st.misses));
    } else if (name == "keyspace") {
        out += "# Keyspace\r\n";
        if (st.keys > 0) out += "db0:keys=" + num(st.keys) + ",expires=" + num(expiring) + ",avg_ttl=0\r\n";
    }
    return out;
}

void info(CommandCall& c) {
    static const char* kSections[] = {"server", "clients", "memory", "stats", "keyspace"};
    std::vector<std::string> wanted;
    for (std::size_t i = 1; i < c.args.size(); ++i) {
        const std::string s = lower(c.args[i]);
        if (s == "all" || s == "everything" || s == "default") wanted.assign(std::begin(kSections), std::end(kSections));
        else if (std::find(wanted.begin(), wanted.end(), s) == wanted.end()) wanted.push_back(s);
    }
    if (c.args.size() == 1) wanted.assign(std::begin(kSections), std::end(kSections));
    std::size_t expiring = 0;
    const auto st = c.store.locked([&](CacheStore& s, Nanos) {
        expiring = s.expiring();
        return s.stats();
    });
    std::string text;
    for (const auto& section : wanted) {
        const std::string part = info_section(c, section, st, expiring);
        if (part.empty()) continue;
        if (!text.empty()) text += "\r\n";
        text += part;
    }
    c.out.bulk(text);
}

void config(CommandCall& c) {
    const std::string sub = lower(c.args[1]);
    if (sub == "get" && c.args.size() >= 3) {
        config_get(c.store, c.counters, std::vector<std::string>(c.args.begin() + 2, c.args.end()), c.out);
    } else if (sub == "set" && c.args.size() >= 4 && c.args.size() % 2 == 0) {
        config_set(c.store, std::vector<std::string>(c.args.begin() + 2, c.args.end()), c.out);
    } else if (sub == "set" && c.args.size() >= 3) {
        c.out.error("ERR wrong number of arguments for 'config|set' command");
    } else if (sub == "get") {
        c.out.error("ERR wrong number of arguments for 'config|get' command");
    } else {
        c.out.error("ERR unknown subcommand or wrong number of arguments for '" + c.args[1] + "'. Try CONFIG HELP.");
    }
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
        {"info", -1, "loading stale", 0, 0, 0, info},
        {"config", -2, "admin", 0, 0, 0, config},
    });
}

}  // namespace archlab::resp
