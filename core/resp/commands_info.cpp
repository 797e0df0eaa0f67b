// INFO: the sections server, clients, memory, stats, cpu and keyspace, in Redis' order and with
// its field names, filled from the store's counters and the server's own.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/platform/process_id.h"
#include "core/platform/process_usage.h"
#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/store_config.h"

namespace archlab::resp {

namespace {

/// Every section, in the order Redis writes them.
constexpr const char* kSections[] = {"server", "clients", "memory", "stats", "cpu", "keyspace"};

void line(std::string& out, const char* key, const std::string& value) {
    out += key;
    out += ':';
    out += value;
    out += "\r\n";
}

std::string num(std::uint64_t v) { return std::to_string(v); }

/// CPU seconds as Redis writes them: "0.056104".
/// CPU seconds as Redis writes them: seconds, a dot, six digits of microseconds.
std::string cpu_seconds(std::uint64_t ns) {
    char text[48];
    std::snprintf(text, sizeof text, "%ld.%06ld", static_cast<long>(ns / 1'000'000'000ULL),
                  static_cast<long>(ns % 1'000'000'000ULL / 1'000ULL));
    return text;
}

/// INFO's text for one section, "" when the name is no section.
std::string info_section(CommandCall& c, const std::string& name, const cache::CacheStoreStats& st,
                         std::size_t expiring) {
    std::string out;
    if (name == "server") {
        const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::steady_clock::now() - c.counters.started);
        out += "# Server\r\n";
        line(out, "redis_version", kRedisVersion);
        line(out, "server_name", "archlab-cache-node");
        line(out, "redis_mode", "standalone");
        line(out, "arch_bits", num(sizeof(void*) * 8));
        line(out, "process_id", num(static_cast<std::uint64_t>(platform::current_process_id())));
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
        line(out, "maxmemory_policy", redis_policy_name(st.policy));
        line(out, "maxentries", num(store_maxentries(st)));
        line(out, "mem_allocator", "libc");  // Redis' name for a build on the C library's malloc
    } else if (name == "stats") {
        out += "# Stats\r\n";
        line(out, "total_connections_received", num(c.counters.total_connections.load()));
        line(out, "total_commands_processed", num(c.counters.total_commands.load()));
        line(out, "expired_keys", num(st.expired_keys));
        line(out, "evicted_keys", num(st.evicted_keys));
        line(out, "keyspace_hits", num(st.hits));
        line(out, "keyspace_misses", num(st.misses));
        line(out, "total_error_replies", num(c.counters.total_error_replies.load()));
        // Ours: the sums of Redis' per-command rejected_calls and failed_calls (INFO
        // commandstats), unknown commands counted as rejected.
        line(out, "rejected_calls", num(c.counters.rejected_calls.load()));
        line(out, "failed_calls", num(c.counters.failed_calls.load()));
    } else if (name == "cpu") {
        const platform::CpuTimes self = platform::process_cpu_times();
        const platform::CpuTimes children = platform::children_cpu_times();
        out += "# CPU\r\n";
        line(out, "used_cpu_sys", cpu_seconds(self.system_ns));
        line(out, "used_cpu_user", cpu_seconds(self.user_ns));
        line(out, "used_cpu_sys_children", cpu_seconds(children.system_ns));
        line(out, "used_cpu_user_children", cpu_seconds(children.user_ns));
    } else if (name == "keyspace") {
        out += "# Keyspace\r\n";
        if (st.keys > 0) out += "db0:keys=" + num(st.keys) + ",expires=" + num(expiring) + ",avg_ttl=0\r\n";
    }
    return out;
}

void info(CommandCall& c) {
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

}  // namespace

void add_info_commands(std::vector<CommandSpec>& specs) {
    specs.push_back({"info", -1, "loading stale", 0, 0, 0, info});
}

}  // namespace archlab::resp
