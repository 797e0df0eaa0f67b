// The key commands: GET SET DEL EXISTS INCR DECR INCRBY DECRBY MGET MSET DBSIZE FLUSHALL FLUSHDB
// KEYS SCAN TYPE (EXPIRE and TTL and their kin are in commands_expire.cpp). Only GET and MGET are
// lookups (they count keyspace hits and misses); the others read with peek(), so INFO's hit ratio
// is the read path's, as the lab measures it.
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/expire_time.h"

namespace archlab::resp {

namespace {

using cache::SetOptions;
using cache::SetResult;

const char* kOom = "OOM command not allowed when used memory > 'maxmemory'.";

void get(CommandCall& c) {
    const auto v = c.store.locked([&](CacheStore& s, Nanos now) { return s.get(c.args[1], now); });
    if (v) c.out.bulk(v->value);
    else c.out.null_bulk();
}

void mget(CommandCall& c) {
    c.out.array(c.args.size() - 1);
    c.store.locked([&](CacheStore& s, Nanos now) {
        for (std::size_t i = 1; i < c.args.size(); ++i) {
            const auto v = s.get(c.args[i], now);
            if (v) c.out.bulk(v->value);
            else c.out.null_bulk();
        }
    });
}

/// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT unix-s|PXAT unix-ms|KEEPTTL], checked as Redis 7
/// does: the options first (syntax error), then the expiry number.
void set(CommandCall& c) {
    SetOptions options;
    bool return_old = false, keep_ttl = false;
    std::string expiry_opt;  // "ex", "px", "exat" or "pxat"; empty = none
    const std::string* expiry_arg = nullptr;
    for (std::size_t i = 3; i < c.args.size(); ++i) {
        const std::string opt = lower(c.args[i]);
        const bool has_next = i + 1 < c.args.size();
        const bool is_expiry = opt == "ex" || opt == "px" || opt == "exat" || opt == "pxat";
        if (opt == "nx" && !options.xx) options.nx = true;
        else if (opt == "xx" && !options.nx) options.xx = true;
        else if (opt == "get") return_old = true;
        else if (opt == "keepttl" && expiry_opt.empty()) keep_ttl = true;
        else if (is_expiry && !keep_ttl && (expiry_opt.empty() || expiry_opt == opt) && has_next) {
            expiry_opt = opt;  // the same option twice: the last one counts, as in Redis
            expiry_arg = &c.args[++i];
        } else {
            return c.out.error(kSyntaxError);
        }
    }
    options.keep_ttl = keep_ttl;
    std::optional<std::int64_t> deadline_ms;  // Unix time, ms
    if (expiry_arg != nullptr) {
        const auto n = parse_int64(*expiry_arg);
        if (!n) return c.out.error(kNotInteger);
        const ExpireUnit unit = expiry_opt[0] == 'e' ? ExpireUnit::seconds : ExpireUnit::milliseconds;
        deadline_ms = set_deadline_ms(*n, unit, expiry_opt.size() == 2, c.store.unix_ms(c.store.now()));
        if (!deadline_ms) return c.out.error("ERR invalid expire time in 'set' command");
    }
    std::optional<cache::StoredValue> old;
    const SetResult result = c.store.locked([&](CacheStore& s, Nanos now) {
        if (return_old) old = s.peek(c.args[1], now);
        if (deadline_ms) options.ttl = time_until(*deadline_ms, c.store.unix_ms(now));  // <= 0: due at once
        return s.set(c.args[1], c.args[2], options, now);
    });
    if (result == SetResult::too_large) return c.out.error(kOom);
    if (return_old) {
        if (old) c.out.bulk(old->value);
        else c.out.null_bulk();
    } else if (result == SetResult::stored) {
        c.out.simple("OK");
    } else {
        c.out.null_bulk();
    }
}

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
        for (std::size_t i = 1; i < c.args.size(); ++i) n += s.exists(c.args[i], now) ? 1 : 0;
        return n;
    });
    c.out.integer(found);
}

/// INCR family: the value is read as a 64-bit integer; the key keeps its TTL and version.
void incr_by(CommandCall& c, std::int64_t by) {
    enum class Outcome { ok, not_integer, overflow, oom };
    std::int64_t result = 0;
    const Outcome outcome = c.store.locked([&](CacheStore& s, Nanos now) {
        const auto old = s.peek(c.args[1], now);
        std::int64_t value = 0;
        SetOptions options;
        options.keep_ttl = true;
        if (old) {
            const auto parsed = parse_int64(old->value);
            if (!parsed) return Outcome::not_integer;
            value = *parsed;
            options.version = old->version;
        }
        if ((by > 0 && value > std::numeric_limits<std::int64_t>::max() - by) ||
            (by < 0 && value < std::numeric_limits<std::int64_t>::min() - by)) {
            return Outcome::overflow;
        }
        result = value + by;
        return s.set(c.args[1], std::to_string(result), options, now) == SetResult::stored ? Outcome::ok
                                                                                           : Outcome::oom;
    });
    switch (outcome) {
    case Outcome::ok: return c.out.integer(result);
    case Outcome::not_integer: return c.out.error(kNotInteger);
    case Outcome::overflow: return c.out.error("ERR increment or decrement would overflow");
    case Outcome::oom: return c.out.error(kOom);
    }
}

void incr(CommandCall& c) { incr_by(c, 1); }
void decr(CommandCall& c) { incr_by(c, -1); }

void incrby_generic(CommandCall& c, bool negate) {
    const auto by = parse_int64(c.args[2]);
    if (!by) return c.out.error(kNotInteger);
    if (negate && *by == std::numeric_limits<std::int64_t>::min()) {
        return c.out.error("ERR decrement would overflow");
    }
    incr_by(c, negate ? -*by : *by);
}

void incrby(CommandCall& c) { incrby_generic(c, false); }
void decrby(CommandCall& c) { incrby_generic(c, true); }

void mset(CommandCall& c) {
    if (c.args.size() % 2 == 0) return c.out.error("ERR wrong number of arguments for 'mset' command");
    const bool all_stored = c.store.locked([&](CacheStore& s, Nanos now) {
        bool ok = true;
        for (std::size_t i = 1; i + 1 < c.args.size(); i += 2) {
            ok = s.set(c.args[i], c.args[i + 1], SetOptions{}, now) == SetResult::stored && ok;
        }
        return ok;
    });
    if (all_stored) c.out.simple("OK");
    else c.out.error(kOom);
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

/// Live keys matching a glob pattern ("" = all), case-sensitive as Redis' KEYS.
std::vector<std::string> matching_keys(CommandCall& c, const std::string& pattern) {
    auto keys = c.store.locked([](CacheStore& s, Nanos now) { return s.live_keys(now); });
    if (!pattern.empty() && pattern != "*") {
        std::erase_if(keys, [&](const std::string& k) { return !glob_match(pattern, k, false); });
    }
    return keys;
}

void keys(CommandCall& c) {
    const auto found = matching_keys(c, c.args[1]);
    c.out.array(found.size());
    for (const auto& k : found) c.out.bulk(k);
}

/// SCAN cursor [MATCH pattern] [COUNT n] [TYPE t]: the whole keyspace in one reply, cursor 0 -
/// a valid full iteration; COUNT is only a hint in Redis, too.
void scan(CommandCall& c) {
    const auto cursor = parse_int64(c.args[1]);
    if (!cursor || *cursor < 0) return c.out.error("ERR invalid cursor");
    std::string pattern;
    bool strings = true;
    for (std::size_t i = 2; i < c.args.size(); i += 2) {
        if (i + 1 >= c.args.size()) return c.out.error(kSyntaxError);
        const std::string opt = lower(c.args[i]);
        if (opt == "match") pattern = c.args[i + 1];
        else if (opt == "count") {
            const auto n = parse_int64(c.args[i + 1]);
            if (!n) return c.out.error(kNotInteger);
            if (*n < 1) return c.out.error(kSyntaxError);
        } else if (opt == "type") strings = equals_ci(c.args[i + 1], "string");
        else return c.out.error(kSyntaxError);
    }
    // Every key is returned by the call with cursor 0; a later cursor has nothing left.
    const auto found = *cursor == 0 && strings ? matching_keys(c, pattern) : std::vector<std::string>{};
    c.out.array(2);
    c.out.bulk("0");
    c.out.array(found.size());
    for (const auto& k : found) c.out.bulk(k);
}

void type(CommandCall& c) {
    const bool found = c.store.locked([&](CacheStore& s, Nanos now) { return s.exists(c.args[1], now); });
    c.out.simple(found ? "string" : "none");
}

}  // namespace

void add_key_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"get", 2, "readonly fast", 1, 1, 1, get},
        {"set", -3, "write denyoom", 1, 1, 1, set},
        {"del", -2, "write", 1, -1, 1, del},
        {"exists", -2, "readonly fast", 1, -1, 1, exists},
        {"incr", 2, "write denyoom fast", 1, 1, 1, incr},
        {"decr", 2, "write denyoom fast", 1, 1, 1, decr},
        {"incrby", 3, "write denyoom fast", 1, 1, 1, incrby},
        {"decrby", 3, "write denyoom fast", 1, 1, 1, decrby},
        {"mget", -2, "readonly fast", 1, -1, 1, mget},
        {"mset", -3, "write denyoom", 1, -1, 2, mset},
        {"dbsize", 1, "readonly fast", 0, 0, 0, dbsize},
        {"flushall", -1, "write", 0, 0, 0, flushall},
        {"flushdb", -1, "write", 0, 0, 0, flushall},
        {"keys", 2, "readonly", 0, 0, 0, keys},
        {"scan", -2, "readonly", 0, 0, 0, scan},
        {"type", 2, "readonly fast", 1, 1, 1, type},
    });
}

}  // namespace archlab::resp
