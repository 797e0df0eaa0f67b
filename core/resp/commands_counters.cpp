// The counter commands: INCR DECR INCRBY DECRBY INCRBYFLOAT. The value is read as Redis 7 reads
// it (a strict 64-bit integer, or a long double for INCRBYFLOAT) and written back keeping the
// key's expiry and version. They read with peek(): Redis' lookupKeyWrite counts no hit or miss.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"

namespace archlab::resp {

namespace {

using cache::SetOptions;
using cache::SetResult;

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

/// INCRBYFLOAT key increment: the sum as a bulk string in Redis' long double format.
void incrbyfloat(CommandCall& c) {
    enum class Outcome { ok, not_float, nan_or_inf, oom };
    std::string text;
    const Outcome outcome = c.store.locked([&](CacheStore& s, Nanos now) {
        const auto old = s.peek(c.args[1], now);
        long double value = 0;
        SetOptions options;
        options.keep_ttl = true;
        if (old) {
            const auto parsed = parse_long_double(old->value);
            if (!parsed) return Outcome::not_float;
            value = *parsed;
            options.version = old->version;
        }
        const auto by = parse_long_double(c.args[2]);
        if (!by) return Outcome::not_float;
        value += *by;
        if (std::isnan(value) || std::isinf(value)) return Outcome::nan_or_inf;
        text = format_long_double(value);
        return s.set(c.args[1], text, options, now) == SetResult::stored ? Outcome::ok : Outcome::oom;
    });
    switch (outcome) {
    case Outcome::ok: return c.out.bulk(text);
    case Outcome::not_float: return c.out.error(kNotFloat);
    case Outcome::nan_or_inf: return c.out.error("ERR increment would produce NaN or Infinity");
    case Outcome::oom: return c.out.error(kOom);
    }
}

}  // namespace

void add_counter_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"incr", 2, "write denyoom fast", 1, 1, 1, incr},
        {"decr", 2, "write denyoom fast", 1, 1, 1, decr},
        {"incrby", 3, "write denyoom fast", 1, 1, 1, incrby},
        {"decrby", 3, "write denyoom fast", 1, 1, 1, decrby},
        {"incrbyfloat", 3, "write denyoom fast", 1, 1, 1, incrbyfloat},
    });
}

}  // namespace archlab::resp
