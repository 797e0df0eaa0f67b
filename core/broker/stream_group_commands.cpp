// XREADGROUP, XACK and XPENDING: consumer groups seen from redis-cli, parsed in redis-server
// 7.0's order so that the same bad command gets the same error.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/broker/broker_commands.h"
#include "core/resp/command_args.h"

namespace archlab::broker {

namespace {
using resp::equals_ci;
using Call = BrokerCommands::Call;

void xreadgroup(Call& c) {
    const auto& a = c.args;
    std::int64_t count = 0, block_ms = -1;
    std::size_t streams_at = 0, block_at = 0;
    const std::string* group = nullptr;
    const std::string* consumer = nullptr;
    bool noack = false;
    for (std::size_t i = 1; i < a.size(); ++i) {
        const std::size_t more = a.size() - 1 - i;
        if (equals_ci(a[i], "block") && more > 0) {
            const auto ms = resp::parse_int64(a[i + 1]);
            if (!ms) return c.out.error("ERR timeout is not an integer or out of range");
            if (*ms < 0) return c.out.error("ERR timeout is negative");
            block_ms = *ms;
            block_at = i;
            ++i;
        } else if (equals_ci(a[i], "count") && more > 0) {
            const auto n = resp::parse_int64(a[i + 1]);
            if (!n) return c.out.error(resp::kNotInteger);
            count = *n < 0 ? 0 : *n;
            ++i;
        } else if (equals_ci(a[i], "streams") && more > 0) {
            streams_at = i + 1;
            if ((a.size() - streams_at) % 2 != 0) {
                return c.out.error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
            }
            break;
        } else if (equals_ci(a[i], "group") && more >= 2) {
            group = &a[i + 1];
            consumer = &a[i + 2];
            i += 2;
        } else if (equals_ci(a[i], "noack")) {
            noack = true;
        } else {
            return c.out.error(resp::kSyntaxError);
        }
    }
    if (streams_at == 0) return c.out.error(resp::kSyntaxError);
    if (!group) return c.out.error("ERR Missing GROUP option for XREADGROUP");
    const std::size_t n = (a.size() - streams_at) / 2;
    // Check every key, group and id before reading any.
    std::vector<std::optional<StreamId>> after(n);  // nullopt: ">"
    for (std::size_t k = 0; k < n; ++k) {
        const std::string& key = a[streams_at + k];
        const std::string& id = a[streams_at + n + k];
        const Stream* s = c.self.topics().find(key);
        if (!s || !s->group(*group)) {
            return c.out.error("NOGROUP No such key '" + key + "' or consumer group '" + *group +
                               "' in XREADGROUP with GROUP option");
        }
        if (id == "$") {
            return c.out.error(
                "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by "
                "specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
        }
        if (id == ">") continue;
        after[k] = parse_stream_id(id, MissingSeq::Zero, true);
        if (!after[k]) return c.out.error(kInvalidStreamId);
    }
    std::string body;
    resp::RespWriter w(body);
    std::size_t served = 0;
    for (std::size_t k = 0; k < n; ++k) {
        Stream& s = *c.self.topics().find(a[streams_at + k]);
        std::vector<ReadItem> items;
        if (after[k]) {
            items = s.read_history(*group, *consumer, *after[k], static_cast<std::uint64_t>(count), c.clock.now_ns);
        } else {
            const auto newest = s.newest();
            if (!newest || *newest <= s.group(*group)->last_delivered) {
                continue;  // nothing after the group's position: this stream is left out of the reply
            }
            items = s.read_new(*group, *consumer, static_cast<std::uint64_t>(count), noack, c.clock.now_ns);
        }
        ++served;
        w.array(2);
        w.bulk(s.topic());
        w.array(items.size());
        for (const ReadItem& item : items) write_entry(w, item);
    }
    if (served > 0) {
        c.out.array(served);
        c.out.buffer() += body;
        return;
    }
    if (block_ms >= 0) {
        BlockedRead b;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (block_at != 0 && (i == block_at || i == block_at + 1)) continue;
            b.args.push_back(a[i]);
        }
        // A timeout past the end of the clock's range (BLOCK 9223372036854775807) waits for ever,
        // as redis-server 7.0 does, rather than overflowing the deadline.
        const bool forever = block_ms == 0 || block_ms > (INT64_MAX - c.clock.now_ns) / 1'000'000;
        b.deadline_ns = forever ? 0 : c.clock.now_ns + block_ms * 1'000'000;
        c.blocked = std::move(b);
        return;
    }
    c.out.buffer() += "*-1\r\n";
}

void xack(Call& c) {
    const auto& a = c.args;
    std::vector<StreamId> ids;
    for (std::size_t j = 3; j < a.size(); ++j) {
        const auto id = parse_stream_id(a[j], MissingSeq::Zero, true);
        if (!id) return c.out.error(kInvalidStreamId);
        ids.push_back(*id);
    }
    Stream* s = c.self.topics().find(a[1]);
    c.out.integer(s ? static_cast<std::int64_t>(s->ack(a[2], ids)) : 0);
}

/// Parses a bound as XPENDING does: "(" exclusive, "-" and "+" allowed.
std::optional<StreamId> pending_bound(Call& c, const std::string& text, MissingSeq missing) {
    const bool exclusive = text.size() > 1 && text[0] == '(';
    auto id = parse_stream_id(exclusive ? std::string_view(text).substr(1) : std::string_view(text), missing, exclusive);
    if (!id) {
        c.out.error(kInvalidStreamId);
        return std::nullopt;
    }
    if (exclusive && !(missing == MissingSeq::Zero ? id->increment() : id->decrement())) {
        c.out.error(missing == MissingSeq::Zero ? "ERR invalid start ID for the interval" : "ERR invalid end ID for the interval");
        return std::nullopt;
    }
    return id;
}

void xpending(Call& c) {
    const auto& a = c.args;
    const bool summary = a.size() == 3;
    if (!summary && (a.size() < 6 || a.size() > 9)) return c.out.error(resp::kSyntaxError);
    std::int64_t count = 0, min_idle_ms = 0;
    std::optional<StreamId> start, end;
    const std::string* consumer = nullptr;
    if (!summary) {
        std::size_t at = 3;
        if (equals_ci(a[3], "idle")) {
            const auto idle = resp::parse_int64(a[4]);
            if (!idle) return c.out.error(resp::kNotInteger);
            if (a.size() < 8) return c.out.error(resp::kSyntaxError);
            min_idle_ms = *idle;
            at += 2;
        }
        const auto n = resp::parse_int64(a[at + 2]);
        if (!n) return c.out.error(resp::kNotInteger);
        count = *n < 0 ? 0 : *n;
        if (!(start = pending_bound(c, a[at], MissingSeq::Zero))) return;
        if (!(end = pending_bound(c, a[at + 1], MissingSeq::Max))) return;
        if (at + 3 < a.size()) consumer = &a[at + 3];
    }
    const Stream* s = c.self.topics().find(a[1]);
    const ConsumerGroup* g = s ? s->group(a[2]) : nullptr;
    if (!g) return c.out.error("NOGROUP No such key '" + a[1] + "' or consumer group '" + a[2] + "'");
    if (summary) {
        c.out.array(4);
        c.out.integer(static_cast<std::int64_t>(g->pending.size()));
        if (g->pending.empty()) {
            c.out.null_bulk();
            c.out.null_bulk();
            c.out.buffer() += "*-1\r\n";
            return;
        }
        c.out.bulk(g->pending.begin()->first.text());
        c.out.bulk(g->pending.rbegin()->first.text());
        std::map<std::string, std::uint64_t> per_consumer;  // Redis lists consumers in name order
        for (const auto& [id, p] : g->pending) ++per_consumer[p.consumer];
        c.out.array(per_consumer.size());
        for (const auto& [name, held] : per_consumer) {
            c.out.array(2);
            c.out.bulk(name);
            c.out.bulk(std::to_string(held));
        }
        return;
    }
    std::string body;
    resp::RespWriter w(body);
    std::size_t listed = 0;
    for (auto it = g->pending.lower_bound(*start); count > 0 && it != g->pending.end() && it->first <= *end; ++it) {
        if (consumer && it->second.consumer != *consumer) continue;
        const std::int64_t idle_ms = std::max<std::int64_t>(0, (c.clock.now_ns - it->second.delivered_ns) / 1'000'000);
        if (min_idle_ms != 0 && idle_ms < min_idle_ms) continue;
        ++listed;
        --count;
        w.array(4);
        w.bulk(it->first.text());
        w.bulk(it->second.consumer);
        w.integer(idle_ms);
        w.integer(static_cast<std::int64_t>(it->second.deliveries));
    }
    c.out.array(listed);
    c.out.buffer() += body;
}
}  // namespace

void add_stream_group_commands(std::vector<BrokerCommands::Spec>& specs) {
    specs.push_back({"xreadgroup", -7, xreadgroup});
    specs.push_back({"xack", -4, xack});
    specs.push_back({"xpending", -3, xpending});
}

}  // namespace archlab::broker
