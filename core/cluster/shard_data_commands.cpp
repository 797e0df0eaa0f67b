// The shard's data commands over its ShardKeyspace: GET SET MGET MSET DEL EXISTS INCR INCRBY
// DECR DECRBY TYPE (keyed: routed before they run) and DBSIZE KEYS SCAN (this shard's keys
// only, as on a Redis cluster node). Replies and error texts follow Redis 7's t_string.c and db.c.
#include <algorithm>
#include <limits>
#include <optional>
#include <string>

#include "core/cluster/shard_commands.h"
#include "core/resp/command_args.h"
#include "core/resp/expire_time.h"
#include "core/resp/string_options.h"

namespace archlab::cluster {

namespace {

using resp::kNotInteger;
using resp::kSyntaxError;

ShardKeyspace& ks(ShardCall& c) { return c.shard->keyspace; }

void reply_value(ShardCall& c, const std::optional<std::string>& v) {
    if (v) c.out.bulk(*v);
    else c.out.null_bulk();
}

void get(ShardCall& c) { reply_value(c, ks(c).get(c.args[1])); }

void mget(ShardCall& c) {
    c.out.array(c.args.size() - 1);
    for (std::size_t i = 1; i < c.args.size(); ++i) reply_value(c, ks(c).get(c.args[i]));
}

/// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT unix-s|PXAT unix-ms|KEEPTTL]: the options first
/// (syntax error), then the expiry number, then the condition.
void set(ShardCall& c) {
    resp::StringOptions o;
    if (!resp::parse_string_options(c.args, 3, true, o)) return c.out.error(kSyntaxError);
    const std::int64_t now_ms = ks(c).unix_ms();
    Expiry expiry;
    if (o.keep_ttl) expiry.kind = Expiry::Kind::keep;
    if (o.expiry_arg != nullptr) {
        const auto n = resp::parse_int64(*o.expiry_arg);
        if (!n) return c.out.error(kNotInteger);
        const auto unit = o.expiry[0] == 'e' ? resp::ExpireUnit::seconds : resp::ExpireUnit::milliseconds;
        const auto deadline = resp::set_deadline_ms(*n, unit, o.expiry.size() == 2, now_ms);
        if (!deadline) return c.out.error("ERR invalid expire time in 'set' command");
        expiry = Expiry{Expiry::Kind::at, *deadline};
    }
    const std::string& key = c.args[1];
    const std::optional<std::string> old = ks(c).get(key);
    const bool write = !(o.nx && old) && !(o.xx && !old);
    if (write) {
        // A deadline already past (EXAT in the past): Redis stores and deletes at once.
        if (expiry.kind == Expiry::Kind::at && expiry.at_unix_ms <= now_ms) ks(c).del(key);
        else ks(c).set(key, c.args[2], expiry);
    }
    if (o.get) return reply_value(c, old);
    if (write) c.out.simple("OK");
    else c.out.null_bulk();
}

void mset(ShardCall& c) {
    if (c.args.size() % 2 == 0) return c.out.error(resp::wrong_arity_error("mset"));
    for (std::size_t i = 1; i + 1 < c.args.size(); i += 2) ks(c).set(c.args[i], c.args[i + 1], Expiry{});
    c.out.simple("OK");
}

void del(ShardCall& c) {
    std::int64_t n = 0;
    for (std::size_t i = 1; i < c.args.size(); ++i) n += ks(c).del(c.args[i]) ? 1 : 0;
    c.out.integer(n);
}

void exists(ShardCall& c) {
    std::int64_t n = 0;
    for (std::size_t i = 1; i < c.args.size(); ++i) n += ks(c).exists(c.args[i]) ? 1 : 0;
    c.out.integer(n);
}

void type(ShardCall& c) { c.out.simple(ks(c).exists(c.args[1]) ? "string" : "none"); }

/// INCR family: the value read as a strict 64-bit integer; the key keeps its expiry.
void incr_by(ShardCall& c, std::int64_t by) {
    const auto old = ks(c).get(c.args[1]);
    std::int64_t value = 0;
    if (old) {
        const auto parsed = resp::parse_int64(*old);
        if (!parsed) return c.out.error(kNotInteger);
        value = *parsed;
    }
    if ((by > 0 && value > std::numeric_limits<std::int64_t>::max() - by) ||
        (by < 0 && value < std::numeric_limits<std::int64_t>::min() - by)) {
        return c.out.error("ERR increment or decrement would overflow");
    }
    ks(c).set(c.args[1], std::to_string(value + by), Expiry{Expiry::Kind::keep, 0});
    c.out.integer(value + by);
}

void incr(ShardCall& c) { incr_by(c, 1); }
void decr(ShardCall& c) { incr_by(c, -1); }

void incrby_generic(ShardCall& c, bool negate) {
    const auto by = resp::parse_int64(c.args[2]);
    if (!by) return c.out.error(kNotInteger);
    if (negate && *by == std::numeric_limits<std::int64_t>::min()) return c.out.error("ERR decrement would overflow");
    incr_by(c, negate ? -*by : *by);
}

void incrby(ShardCall& c) { incrby_generic(c, false); }
void decrby(ShardCall& c) { incrby_generic(c, true); }

void dbsize(ShardCall& c) { c.out.integer(static_cast<std::int64_t>(ks(c).size())); }

void keys(ShardCall& c) {
    std::vector<std::string> found;
    std::uint64_t cursor = 0;
    do {
        ScanPage page = ks(c).scan(cursor, 1000);
        for (auto& k : page.keys) {
            if (resp::glob_match(c.args[1], k, false)) found.push_back(std::move(k));
        }
        cursor = page.next;
    } while (cursor != 0);
    c.out.array(found.size());
    for (const auto& k : found) c.out.bulk(k);
}

/// SCAN cursor [MATCH pattern] [COUNT n] [TYPE t]: the keyspace's own cursor.
void scan(ShardCall& c) {
    const auto cursor = resp::parse_cursor(c.args[1]);
    if (!cursor) return c.out.error("ERR invalid cursor");
    std::int64_t count = 10;
    const std::string* pattern = nullptr;
    const std::string* type_name = nullptr;
    for (std::size_t i = 2; i < c.args.size(); i += 2) {
        if (i + 1 >= c.args.size()) return c.out.error(kSyntaxError);
        const std::string opt = resp::lower(c.args[i]);
        if (opt == "count") {
            const auto n = resp::parse_int64(c.args[i + 1]);
            if (!n) return c.out.error(kNotInteger);
            if (*n < 1) return c.out.error(kSyntaxError);
            count = *n;
        } else if (opt == "match") {
            pattern = &c.args[i + 1];
        } else if (opt == "type") {
            type_name = &c.args[i + 1];
        } else {
            return c.out.error(kSyntaxError);
        }
    }
    ScanPage page = ks(c).scan(*cursor, static_cast<std::size_t>(count));
    std::erase_if(page.keys, [&](const std::string& k) {
        if (pattern != nullptr && !resp::glob_match(*pattern, k, false)) return true;
        return type_name != nullptr && !resp::equals_ci(*type_name, "string");  // every value is a string
    });
    c.out.array(2);
    c.out.bulk(std::to_string(page.next));
    c.out.array(page.keys.size());
    for (const auto& k : page.keys) c.out.bulk(k);
}

}  // namespace

void add_shard_data_commands(std::vector<ShardCommandSpec>& specs) {
    specs.insert(specs.end(), {
        {"get", 2, "readonly fast", 1, 1, 1, false, get},
        {"set", -3, "write denyoom", 1, 1, 1, false, set},
        {"mget", -2, "readonly fast", 1, -1, 1, false, mget},
        {"mset", -3, "write denyoom", 1, -1, 2, false, mset},
        {"del", -2, "write", 1, -1, 1, false, del},
        {"exists", -2, "readonly fast", 1, -1, 1, false, exists},
        {"type", 2, "readonly fast", 1, 1, 1, false, type},
        {"incr", 2, "write denyoom fast", 1, 1, 1, false, incr},
        {"decr", 2, "write denyoom fast", 1, 1, 1, false, decr},
        {"incrby", 3, "write denyoom fast", 1, 1, 1, false, incrby},
        {"decrby", 3, "write denyoom fast", 1, 1, 1, false, decrby},
        {"dbsize", 1, "readonly fast", 0, 0, 0, false, dbsize},
        {"keys", 2, "readonly", 0, 0, 0, false, keys},
        {"scan", -2, "readonly", 0, 0, 0, false, scan},
    });
}

}  // namespace archlab::cluster
