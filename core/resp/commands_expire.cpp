// The expiry commands: EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL EXPIRETIME PEXPIRETIME PERSIST,
// with Redis 7's checks in its
// order (options, then the number, then its range) and its replies. Deadlines are worked out as
// Unix milliseconds (expire_time.h) and stored as time left on the store's clock. TTL, PTTL,
// EXPIRETIME and PEXPIRETIME count a keyspace hit or miss, as Redis' LOOKUP_NOTOUCH reads do.
#include <optional>
#include <string>
#include <vector>

#include "core/resp/command_args.h"
#include "core/resp/command_executor.h"
#include "core/resp/expire_time.h"

namespace archlab::resp {

namespace {

/// Time left, in whole milliseconds rounded up (a key set with PX 100 shows 100 at once);
/// written so that Nanos::max() does not overflow.
std::int64_t ceil_ms(Nanos left) { return left.count() / 1'000'000 + (left.count() % 1'000'000 > 0 ? 1 : 0); }

/// EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT key time [NX|XX|GT|LT].
void expire_generic(CommandCall& c, ExpireUnit unit, bool relative, const char* name) {
    bool nx = false, xx = false, gt = false, lt = false;
    for (std::size_t i = 3; i < c.args.size(); ++i) {
        const std::string opt = lower(c.args[i]);
        if (opt == "nx") nx = true;
        else if (opt == "xx") xx = true;
        else if (opt == "gt") gt = true;
        else if (opt == "lt") lt = true;
        else return c.out.error("ERR Unsupported option " + c.args[i]);
    }
    if (nx && (xx || gt || lt)) return c.out.error("ERR NX and XX, GT or LT options at the same time are not compatible");
    if (gt && lt) return c.out.error("ERR GT and LT options at the same time are not compatible");
    const auto n = parse_int64(c.args[2]);
    if (!n) return c.out.error(kNotInteger);

    enum class Outcome { invalid, unchanged, changed };
    const Outcome outcome = c.store.locked([&](CacheStore& s, Nanos now) {
        const std::int64_t now_ms = c.store.unix_ms(now);
        const auto deadline_ms = expire_deadline_ms(*n, unit, relative, now_ms);
        if (!deadline_ms) return Outcome::invalid;
        const auto left = s.ttl(c.args[1], now);
        if (!left) return Outcome::unchanged;  // no such key
        const bool persistent = *left < Nanos(0);
        const Nanos ttl = time_until(*deadline_ms, now_ms);
        // Redis: a key without expiry counts as an infinite TTL for GT and LT.
        if ((nx && !persistent) || (xx && persistent) || (gt && (persistent || ttl <= *left)) ||
            (lt && !persistent && ttl >= *left)) {
            return Outcome::unchanged;
        }
        s.expire(c.args[1], ttl, now);  // a deadline in the past deletes the key
        return Outcome::changed;
    });
    if (outcome == Outcome::invalid) return c.out.error(std::string("ERR invalid expire time in '") + name + "' command");
    c.out.integer(outcome == Outcome::changed ? 1 : 0);
}

void expire(CommandCall& c) { expire_generic(c, ExpireUnit::seconds, true, "expire"); }
void pexpire(CommandCall& c) { expire_generic(c, ExpireUnit::milliseconds, true, "pexpire"); }
void expireat(CommandCall& c) { expire_generic(c, ExpireUnit::seconds, false, "expireat"); }
void pexpireat(CommandCall& c) { expire_generic(c, ExpireUnit::milliseconds, false, "pexpireat"); }

/// The time left on a key, counted as a lookup: nullopt = no key, Nanos(-1) = no expiry.
std::optional<Nanos> time_left(CommandCall& c, Nanos& now_out) {
    return c.store.locked([&](CacheStore& s, Nanos now) -> std::optional<Nanos> {
        now_out = now;
        if (!s.lookup_no_touch(c.args[1], now)) return std::nullopt;
        return s.ttl(c.args[1], now);
    });
}

/// TTL / PTTL: -2 no key, -1 no expiry; TTL rounds to the nearest second, as Redis.
void ttl_generic(CommandCall& c, bool in_ms) {
    Nanos now{0};
    const auto left = time_left(c, now);
    if (!left) return c.out.integer(-2);
    if (*left < Nanos(0)) return c.out.integer(-1);
    const std::int64_t ms = ceil_ms(*left);
    c.out.integer(in_ms ? ms : (ms + 500) / 1000);
}

void ttl(CommandCall& c) { ttl_generic(c, false); }
void pttl(CommandCall& c) { ttl_generic(c, true); }

/// EXPIRETIME / PEXPIRETIME: the deadline as Unix time (s, rounded as Redis; or ms); -2 no key,
/// -1 no expiry.
void expiretime_generic(CommandCall& c, bool in_ms) {
    Nanos now{0};
    const auto left = time_left(c, now);
    if (!left) return c.out.integer(-2);
    if (*left < Nanos(0)) return c.out.integer(-1);
    constexpr std::int64_t kNanosPerMs = 1'000'000;
    // now's part-millisecond plus the time left, in whole ms, without overflowing Nanos.
    const std::int64_t ahead_ms =
        left->count() / kNanosPerMs + (now.count() % kNanosPerMs + left->count() % kNanosPerMs) / kNanosPerMs;
    const std::int64_t deadline_ms = c.store.unix_ms(now) + ahead_ms;
    c.out.integer(in_ms ? deadline_ms : (deadline_ms + 500) / 1000);
}

void expiretime(CommandCall& c) { expiretime_generic(c, false); }
void pexpiretime(CommandCall& c) { expiretime_generic(c, true); }

/// PERSIST key: 1 when an expiry was removed, 0 when the key has none or is absent.
void persist(CommandCall& c) {
    const bool removed = c.store.locked([&](CacheStore& s, Nanos now) { return s.persist(c.args[1], now); });
    c.out.integer(removed ? 1 : 0);
}

}  // namespace

void add_expire_commands(std::vector<CommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"expire", -3, "write fast", 1, 1, 1, expire},
        {"pexpire", -3, "write fast", 1, 1, 1, pexpire},
        {"expireat", -3, "write fast", 1, 1, 1, expireat},
        {"pexpireat", -3, "write fast", 1, 1, 1, pexpireat},
        {"ttl", 2, "readonly fast", 1, 1, 1, ttl},
        {"pttl", 2, "readonly fast", 1, 1, 1, pttl},
        {"expiretime", 2, "readonly fast", 1, 1, 1, expiretime},
        {"pexpiretime", 2, "readonly fast", 1, 1, 1, pexpiretime},
        {"persist", 2, "write fast", 1, 1, 1, persist},
    });
}

}  // namespace archlab::resp
