// The string commands: GET MGET SET SETNX SETEX PSETEX GETSET GETDEL GETEX MSET MSETNX APPEND
// STRLEN (the counters INCR ... INCRBYFLOAT are in commands_counters.cpp). Replies, error texts
// and the order of checks follow Redis 7's t_string.c. Reads that Redis makes with lookupKeyRead
// (GET MGET GETSET GETDEL GETEX STRLEN SET..GET) count keyspace hits and misses; writes do not.
#include <optional>
#include <string>
#include <vector>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/expire_time.h"
#include "core/resp/string_options.h"

namespace archlab::resp {

namespace {

using cache::SetOptions;
using cache::SetResult;

void reply_value(CommandCall& c, const std::optional<cache::StoredValue>& v) {
    if (v) c.out.bulk(v->value);
    else c.out.null_bulk();
}

void get(CommandCall& c) {
    reply_value(c, c.store.locked([&](CacheStore& s, Nanos now) { return s.get(c.args[1], now); }));
}

void mget(CommandCall& c) {
    c.out.array(c.args.size() - 1);
    c.store.locked([&](CacheStore& s, Nanos now) {
        for (std::size_t i = 1; i < c.args.size(); ++i) reply_value(c, s.get(c.args[i], now));
    });
}

/// The expiry option as a Unix-ms deadline. Writes the error reply and returns false when the
/// number is malformed or out of Redis' range; `deadline` stays empty without an expiry option.
bool expiry_deadline(CommandCall& c, const StringOptions& o, const char* name, std::optional<std::int64_t>& deadline) {
    if (o.expiry_arg == nullptr) return true;
    const auto n = parse_int64(*o.expiry_arg);
    if (!n) {
        c.out.error(kNotInteger);
        return false;
    }
    const ExpireUnit unit = o.expiry[0] == 'e' ? ExpireUnit::seconds : ExpireUnit::milliseconds;
    deadline = set_deadline_ms(*n, unit, o.expiry.size() == 2, c.store.unix_ms(c.store.now()));
    if (!deadline) c.out.error(std::string("ERR invalid expire time in '") + name + "' command");
    return deadline.has_value();
}

/// SET, SETNX, SETEX, PSETEX and GETSET in one: writes value under o's conditions and expiry,
/// then replies "+OK" / nil, the old value (o.get), or :1/:0 (as_integer, SETNX).
void set_generic(CommandCall& c, const std::string& key, const std::string& value, const StringOptions& o,
                 const char* name, bool as_integer = false) {
    std::optional<std::int64_t> deadline_ms;  // Unix time, ms
    if (!expiry_deadline(c, o, name, deadline_ms)) return;
    SetOptions options;
    options.nx = o.nx;
    options.xx = o.xx;
    options.keep_ttl = o.keep_ttl;
    std::optional<cache::StoredValue> old;
    const SetResult result = c.store.locked([&](CacheStore& s, Nanos now) {
        if (o.get) old = s.get(key, now);  // Redis reads it with lookupKeyRead: a hit or a miss
        if (deadline_ms) options.ttl = time_until(*deadline_ms, c.store.unix_ms(now));  // <= 0: due at once
        return s.set(key, value, options, now);
    });
    if (result == SetResult::too_large) return c.out.error(kOom);
    if (as_integer) return c.out.integer(result == SetResult::stored ? 1 : 0);
    if (o.get) return reply_value(c, old);
    if (result == SetResult::stored) c.out.simple("OK");
    else c.out.null_bulk();
}

/// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT unix-s|PXAT unix-ms|KEEPTTL]: the options first
/// (syntax error), then the expiry number.
void set(CommandCall& c) {
    StringOptions o;
    if (!parse_string_options(c.args, 3, true, o)) return c.out.error(kSyntaxError);
    set_generic(c, c.args[1], c.args[2], o, "set");
}

void setnx(CommandCall& c) {
    StringOptions o;
    o.nx = true;
    set_generic(c, c.args[1], c.args[2], o, "setnx", true);
}

/// SETEX key seconds value / PSETEX key ms value.
void setex_generic(CommandCall& c, const char* unit, const char* name) {
    StringOptions o;
    o.expiry = unit;
    o.expiry_arg = &c.args[2];
    set_generic(c, c.args[1], c.args[3], o, name);
}

void setex(CommandCall& c) { setex_generic(c, "ex", "setex"); }
void psetex(CommandCall& c) { setex_generic(c, "px", "psetex"); }

/// GETSET key value: the old value (or nil); the new one has no expiry.
void getset(CommandCall& c) {
    StringOptions o;
    o.get = true;
    set_generic(c, c.args[1], c.args[2], o, "getset");
}

void getdel(CommandCall& c) {
    reply_value(c, c.store.locked([&](CacheStore& s, Nanos now) {
        auto v = s.get(c.args[1], now);
        if (v) s.erase(c.args[1], now);
        return v;
    }));
}

/// GETEX key [EX s|PX ms|EXAT unix-s|PXAT unix-ms|PERSIST]: the value, and the expiry changed;
/// a deadline in the past deletes the key (after reading it).
void getex(CommandCall& c) {
    StringOptions o;
    if (!parse_string_options(c.args, 2, false, o)) return c.out.error(kSyntaxError);
    std::optional<std::int64_t> deadline_ms;
    if (!expiry_deadline(c, o, "getex", deadline_ms)) return;
    reply_value(c, c.store.locked([&](CacheStore& s, Nanos now) {
        auto v = s.get(c.args[1], now);
        if (v && deadline_ms) s.expire(c.args[1], time_until(*deadline_ms, c.store.unix_ms(now)), now);
        else if (v && o.persist) s.persist(c.args[1], now);
        return v;
    }));
}

/// MSET / MSETNX: key value pairs; MSETNX writes nothing when any key exists (:0) else all (:1).
void mset_generic(CommandCall& c, bool nx) {
    if (c.args.size() % 2 == 0) {
        return c.out.error(std::string("ERR wrong number of arguments for '") + (nx ? "msetnx" : "mset") + "' command");
    }
    enum class Outcome { stored, exists, oom };
    const Outcome outcome = c.store.locked([&](CacheStore& s, Nanos now) {
        if (nx) {
            for (std::size_t i = 1; i < c.args.size(); i += 2) {
                if (s.exists(c.args[i], now)) return Outcome::exists;
            }
        }
        bool ok = true;
        for (std::size_t i = 1; i + 1 < c.args.size(); i += 2) {
            ok = s.set(c.args[i], c.args[i + 1], SetOptions{}, now) == SetResult::stored && ok;
        }
        return ok ? Outcome::stored : Outcome::oom;
    });
    if (outcome == Outcome::oom) return c.out.error(kOom);
    if (nx) c.out.integer(outcome == Outcome::stored ? 1 : 0);
    else c.out.simple("OK");
}

void mset(CommandCall& c) { mset_generic(c, false); }
void msetnx(CommandCall& c) { mset_generic(c, true); }

/// APPEND key value: the new length; the key keeps its expiry.
void append(CommandCall& c) {
    std::size_t length = 0;
    const SetResult result = c.store.locked([&](CacheStore& s, Nanos now) {
        const auto old = s.peek(c.args[1], now);
        SetOptions options;
        options.keep_ttl = true;
        std::string value = c.args[2];
        if (old) {
            value = old->value + c.args[2];
            options.version = old->version;
        }
        length = value.size();
        return s.set(c.args[1], std::move(value), options, now);
    });
    if (result == SetResult::too_large) return c.out.error(kOom);
    c.out.integer(static_cast<std::int64_t>(length));
}

void strlen(CommandCall& c) {
    const auto v = c.store.locked([&](CacheStore& s, Nanos now) { return s.get(c.args[1], now); });
    c.out.integer(v ? static_cast<std::int64_t>(v->value.size()) : 0);
}

}  // namespace

void add_string_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"get", 2, "readonly fast", 1, 1, 1, get},
        {"mget", -2, "readonly fast", 1, -1, 1, mget},
        {"set", -3, "write denyoom", 1, 1, 1, set},
        {"setnx", 3, "write denyoom fast", 1, 1, 1, setnx},
        {"setex", 4, "write denyoom", 1, 1, 1, setex},
        {"psetex", 4, "write denyoom", 1, 1, 1, psetex},
        {"getset", 3, "write denyoom fast", 1, 1, 1, getset},
        {"getdel", 2, "write fast", 1, 1, 1, getdel},
        {"getex", -2, "write fast", 1, 1, 1, getex},
        {"mset", -3, "write denyoom", 1, -1, 2, mset},
        {"msetnx", -3, "write denyoom", 1, -1, 2, msetnx},
        {"append", 3, "write denyoom fast", 1, 1, 1, append},
        {"strlen", 2, "readonly fast", 1, 1, 1, strlen},
    });
}

}  // namespace archlab::resp
