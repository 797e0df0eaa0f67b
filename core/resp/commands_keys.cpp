// The key commands: GET SET DEL EXISTS EXPIRE PEXPIRE TTL PTTL INCR DECR INCRBY DECRBY MGET MSET
// DBSIZE FLUSHALL FLUSHDB. Only GET and MGET are lookups (they count keyspace hits and misses);
// the others read with peek(), so INFO's hit ratio is the read path's, as the lab measures it.
#include <limits>
#include <optional>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"

namespace archlab::resp {

namespace {

using cache::SetOptions;
using cache::SetResult;

constexpr std::int64_t kMaxMs = std::numeric_limits<std::int64_t>::max() / 1'000'000;  ///< fits in Nanos

/// Time left, in whole milliseconds rounded up (a key set with PX 100 shows 100 at once).
std::int64_t ceil_ms(Nanos left) { return (left.count() + 999'999) / 1'000'000; }

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

void set(CommandCall& c) {
    SetOptions options;
    bool return_old = false, has_expiry = false;
    std::int64_t expiry_ms = 0;
    for (std::size_t i = 3; i < c.args.size(); ++i) {
        const std::string opt = lower(c.args[i]);
        const bool has_next = i + 1 < c.args.size();
        if (opt == "nx" && !options.xx) options.nx = true;
        else if (opt == "xx" && !options.nx) options.xx = true;
        else if (opt == "get") return_old = true;
        else if (opt == "keepttl" && !has_expiry) options.keep_ttl = true;
        else if ((opt == "ex" || opt == "px") && !has_expiry && !options.keep_ttl && has_next) {
            const auto n = parse_int64(c.args[++i]);
            if (!n) return c.out.error(kNotInteger);
            const std::int64_t limit = opt == "ex" ? kMaxMs / 1000 : kMaxMs;
            if (*n <= 0 || *n > limit) return c.out.error("ERR invalid expire time in 'set' command");
            expiry_ms = opt == "ex" ? *n * 1000 : *n;
            has_expiry = true;
        } else {
            return c.out.error(kSyntaxError);
        }
    }
    if (has_expiry) options.ttl = Nanos(expiry_ms * 1'000'000);
    std::optional<cache::StoredValue> old;
    const SetResult result = c.store.locked([&](CacheStore& s, Nanos now) {
        if (return_old) old = s.peek(c.args[1], now);
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

/// EXPIRE / PEXPIRE key time [NX|XX|GT|LT]; unit_ms is 1000 for seconds, 1 for milliseconds.
void expire_generic(CommandCall& c, std::int64_t unit_ms, const char* name) {
    const auto n = parse_int64(c.args[2]);
    if (!n) return c.out.error(kNotInteger);
    if (*n > kMaxMs / unit_ms || *n < -kMaxMs / unit_ms) {
        return c.out.error(std::string("ERR invalid expire time in '") + name + "' command");
    }
    bool nx = false, xx = false, gt = false, lt = false;
    for (std::size_t i = 3; i < c.args.size(); ++i) {
        const std::string opt = lower(c.args[i]);
        if (opt == "nx") nx = true;
        else if (opt == "xx") xx = true;
        else if (opt == "gt") gt = true;
        else if (opt == "lt") lt = true;
        else return c.out.error("ERR Unsupported option " + c.args[i]);
    }
    if ((nx && (xx || gt || lt)) || (gt && lt)) {
        return c.out.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    }
    const Nanos ttl(*n * unit_ms * 1'000'000);
    const bool done = c.store.locked([&](CacheStore& s, Nanos now) {
        const auto left = s.ttl(c.args[1], now);
        if (!left) return false;
        const bool persistent = *left < Nanos(0);
        // Redis: a key without expiry counts as an infinite TTL for GT and LT.
        if ((nx && !persistent) || (xx && persistent) || (gt && (persistent || ttl <= *left)) ||
            (lt && !persistent && ttl >= *left)) {
            return false;
        }
        return s.expire(c.args[1], ttl, now);
    });
    c.out.integer(done ? 1 : 0);
}

void expire(CommandCall& c) { expire_generic(c, 1000, "expire"); }
void pexpire(CommandCall& c) { expire_generic(c, 1, "pexpire"); }

/// TTL / PTTL: -2 no key, -1 no expiry.
void ttl_generic(CommandCall& c, bool in_ms) {
    const auto left = c.store.locked([&](CacheStore& s, Nanos now) { return s.ttl(c.args[1], now); });
    if (!left) return c.out.integer(-2);
    if (*left < Nanos(0)) return c.out.integer(-1);
    const std::int64_t ms = ceil_ms(*left);
    c.out.integer(in_ms ? ms : (ms + 500) / 1000);
}

void ttl(CommandCall& c) { ttl_generic(c, false); }
void pttl(CommandCall& c) { ttl_generic(c, true); }

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

}  // namespace

void add_key_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"get", 2, "readonly fast", 1, 1, 1, get},
        {"set", -3, "write denyoom", 1, 1, 1, set},
        {"del", -2, "write", 1, -1, 1, del},
        {"exists", -2, "readonly fast", 1, -1, 1, exists},
        {"expire", -3, "write fast", 1, 1, 1, expire},
        {"pexpire", -3, "write fast", 1, 1, 1, pexpire},
        {"ttl", 2, "readonly fast", 1, 1, 1, ttl},
        {"pttl", 2, "readonly fast", 1, 1, 1, pttl},
        {"incr", 2, "write denyoom fast", 1, 1, 1, incr},
        {"decr", 2, "write denyoom fast", 1, 1, 1, decr},
        {"incrby", 3, "write denyoom fast", 1, 1, 1, incrby},
        {"decrby", 3, "write denyoom fast", 1, 1, 1, decrby},
        {"mget", -2, "readonly fast", 1, -1, 1, mget},
        {"mset", -3, "write denyoom", 1, -1, 2, mset},
        {"dbsize", 1, "readonly fast", 0, 0, 0, dbsize},
        {"flushall", -1, "write", 0, 0, 0, flushall},
        {"flushdb", -1, "write", 0, 0, 0, flushall},
    });
}

}  // namespace archlab::resp
