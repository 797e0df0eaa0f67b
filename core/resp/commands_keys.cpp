// The keyspace commands: DEL EXISTS DBSIZE FLUSHALL FLUSHDB KEYS SCAN TYPE RENAME RENAMENX
// RANDOMKEY (the string commands are in commands_strings.cpp, EXPIRE and TTL and their kin in
// commands_expire.cpp). EXISTS and TYPE count keyspace hits and misses without touching recency,
// as Redis' LOOKUP_NOTOUCH reads do; the rest count nothing.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/cache/cache_key.h"
#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"

namespace archlab::resp {

namespace {

using cache::SetOptions;
using cache::SetResult;

void del(CommandCall& c) {
    const auto removed = c.store.locked([&](CacheStore& s, Nanos now) {
        std::int64_t n = 0;
        for (std::size_t i = 1; i < c.args.size(); ++i) n += s.erase(c.args[i], now) ? 1 : 0;
        return n;
    });
    c.out.integer(removed);
}

void exists(CommandCall& c) {
    const auto found = c.store.locked([&](CacheStore& s, Nanos now) {
        std::int64_t n = 0;
        for (std::size_t i = 1; i < c.args.size(); ++i) n += s.lookup_no_touch(c.args[i], now) ? 1 : 0;
        return n;
    });
    c.out.integer(found);
}

void dbsize(CommandCall& c) {
    const auto n = c.store.locked([](CacheStore& s, Nanos) { return s.size(); });
    c.out.integer(static_cast<std::int64_t>(n));
}

void flushall(CommandCall& c) {
    if (c.args.size() > 2 || (c.args.size() == 2 && !equals_ci(c.args[1], "async") && !equals_ci(c.args[1], "sync"))) {
        return c.out.error(kSyntaxError);
    }
    c.store.locked([](CacheStore& s, Nanos) { s.flush(); });  // ASYNC is done at once, too
    c.out.simple("OK");
}

void keys(CommandCall& c) {
    auto found = c.store.locked([](CacheStore& s, Nanos now) { return s.live_keys(now); });
    if (c.args[1] != "*") std::erase_if(found, [&](const std::string& k) { return !glob_match(c.args[1], k, false); });
    c.out.array(found.size());
    for (const auto& k : found) c.out.bulk(k);
}

/// SCAN cursor [MATCH pattern] [COUNT n] [TYPE t]. Keys are visited in the order of their stable
/// hash and the cursor is the hash to go on from, so a full iteration returns every key present
/// throughout it (once: a key's hash never changes), whatever is written or evicted meanwhile.
/// As in Redis, COUNT keys are visited per call (default 10) and MATCH and TYPE filter those
/// afterwards, so a call may return fewer keys, or none, with a non-zero cursor.
void scan(CommandCall& c) {
    const auto cursor = parse_cursor(c.args[1]);
    if (!cursor) return c.out.error("ERR invalid cursor");
    const std::string* pattern = nullptr;
    std::size_t count = 10;
    bool strings = true;
    for (std::size_t i = 2; i < c.args.size(); i += 2) {
        if (i + 1 >= c.args.size()) return c.out.error(kSyntaxError);
        const std::string opt = lower(c.args[i]);
        if (opt == "match") {
            pattern = &c.args[i + 1];
        } else if (opt == "count") {
            const auto n = parse_int64(c.args[i + 1]);
            if (!n) return c.out.error(kNotInteger);
            if (*n < 1) return c.out.error(kSyntaxError);
            count = static_cast<std::size_t>(*n);
        } else if (opt == "type") {
            strings = equals_ci(c.args[i + 1], "string");
        } else {
            return c.out.error(kSyntaxError);
        }
    }
    std::vector<std::pair<cache::CacheKey, std::string>> ahead;  // keys at or after the cursor
    for (auto& k : c.store.locked([](CacheStore& s, Nanos now) { return s.live_keys(now); })) {
        const cache::CacheKey h = cache::stable_key_hash(k);
        if (h >= *cursor) ahead.emplace_back(h, std::move(k));
    }
    std::uint64_t next = 0;
    if (ahead.size() > count) {
        std::nth_element(ahead.begin(), ahead.begin() + static_cast<std::ptrdiff_t>(count), ahead.end());
        next = ahead[count].first;  // the smallest hash not visited in this call
        ahead.resize(count);
    }
    std::sort(ahead.begin(), ahead.end());
    if (!strings) ahead.clear();
    if (pattern != nullptr && *pattern != "*") {
        std::erase_if(ahead, [&](const auto& entry) { return !glob_match(*pattern, entry.second, false); });
    }
    c.out.array(2);
    c.out.bulk(std::to_string(next));
    c.out.array(ahead.size());
    for (const auto& entry : ahead) c.out.bulk(entry.second);
}

void type(CommandCall& c) {
    const bool found = c.store.locked([&](CacheStore& s, Nanos now) { return s.lookup_no_touch(c.args[1], now).has_value(); });
    c.out.simple(found ? "string" : "none");
}

/// RENAME / RENAMENX key newkey: the value moves with its expiry and version; an existing newkey
/// is overwritten (RENAME) or left alone (RENAMENX answers 0).
void rename_generic(CommandCall& c, bool nx) {
    enum class Outcome { no_such_key, renamed, target_exists, oom };
    const Outcome outcome = c.store.locked([&](CacheStore& s, Nanos now) {
        const auto value = s.peek(c.args[1], now);
        if (!value) return Outcome::no_such_key;
        if (c.args[1] == c.args[2]) return nx ? Outcome::target_exists : Outcome::renamed;
        if (nx && s.exists(c.args[2], now)) return Outcome::target_exists;
        const auto left = s.ttl(c.args[1], now);
        SetOptions options;
        options.version = value->version;
        if (left && *left >= Nanos(0)) options.ttl = *left;
        s.erase(c.args[1], now);
        return s.set(c.args[2], value->value, options, now) == SetResult::stored ? Outcome::renamed : Outcome::oom;
    });
    switch (outcome) {
    case Outcome::no_such_key: return c.out.error("ERR no such key");
    case Outcome::renamed: return nx ? c.out.integer(1) : c.out.simple("OK");
    case Outcome::target_exists: return c.out.integer(0);
    case Outcome::oom: return c.out.error(kOom);
    }
}

void rename(CommandCall& c) { rename_generic(c, false); }
void renamenx(CommandCall& c) { rename_generic(c, true); }

/// One step of splitmix64 over the shared state: RANDOMKEY's pick.
std::uint64_t next_random(ServerCounters& counters) {
    std::uint64_t z = counters.random_state.fetch_add(0x9e3779b97f4a7c15ULL, std::memory_order_relaxed) +
                      0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void randomkey(CommandCall& c) {
    const auto live = c.store.locked([](CacheStore& s, Nanos now) { return s.live_keys(now); });
    if (live.empty()) return c.out.null_bulk();
    c.out.bulk(live[next_random(c.counters) % live.size()]);
}

}  // namespace

void add_key_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"del", -2, "write", 1, -1, 1, del},
        {"exists", -2, "readonly fast", 1, -1, 1, exists},
        {"dbsize", 1, "readonly fast", 0, 0, 0, dbsize},
        {"flushall", -1, "write", 0, 0, 0, flushall},
        {"flushdb", -1, "write", 0, 0, 0, flushall},
        {"keys", 2, "readonly", 0, 0, 0, keys},
        {"scan", -2, "readonly", 0, 0, 0, scan},
        {"type", 2, "readonly fast", 1, 1, 1, type},
        {"rename", 3, "write", 1, 2, 1, rename},
        {"renamenx", 3, "write fast", 1, 2, 1, renamenx},
        {"randomkey", 1, "readonly", 0, 0, 0, randomkey},
    });
}

}  // namespace archlab::resp
