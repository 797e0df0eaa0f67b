// XADD, XLEN, XRANGE and XGROUP CREATE, parsed in redis-server 7.0's order so that the same bad
// command gets the same error.
#include <optional>
#include <string>

#include "core/broker/broker_commands.h"
#include "core/resp/command_args.h"

namespace archlab::broker {

namespace {
using resp::equals_ci;
using Call = BrokerCommands::Call;

/// Parses an id bound for a range: "(" makes it exclusive (then "-" and "+" are not allowed).
/// Writes the error and returns nullopt when it is bad.
std::optional<StreamId> parse_bound(Call& c, const std::string& text, MissingSeq missing) {
    const bool exclusive = text.size() > 1 && text[0] == '(';
    auto id = parse_stream_id(exclusive ? std::string_view(text).substr(1) : std::string_view(text), missing, exclusive);
    if (!id) {
        c.out.error(kInvalidStreamId);
        return std::nullopt;
    }
    if (exclusive) {
        const bool ok = missing == MissingSeq::Zero ? id->increment() : id->decrement();
        if (!ok) {
            c.out.error(missing == MissingSeq::Zero ? "ERR invalid start ID for the interval"
                                                    : "ERR invalid end ID for the interval");
            return std::nullopt;
        }
    }
    return id;
}

void xadd(Call& c) {
    const auto& a = c.args;
    bool approx = false, nomkstream = false, trim = false, limit_given = false;
    std::int64_t maxlen = 0, limit = 0;
    std::optional<AddIdSpec> id;
    std::size_t i = 2;
    for (; i < a.size(); ++i) {
        const std::size_t more = a.size() - 1 - i;
        const std::string& opt = a[i];
        if (opt == "*") {
            id = AddIdSpec{{}, true, true};
            break;
        }
        if (equals_ci(opt, "maxlen") && more > 0) {
            approx = false;
            if (more >= 2 && (a[i + 1] == "~" || a[i + 1] == "=")) {
                approx = a[i + 1] == "~";
                ++i;
            }
            const auto n = resp::parse_int64(a[i + 1]);
            if (!n) return c.out.error(resp::kNotInteger);
            if (*n < 0) return c.out.error("ERR The MAXLEN argument must be >= 0.");
            maxlen = *n;
            trim = true;
            ++i;
        } else if (equals_ci(opt, "limit") && more > 0) {
            const auto n = resp::parse_int64(a[i + 1]);
            if (!n) return c.out.error(resp::kNotInteger);
            if (*n < 0) return c.out.error("ERR The LIMIT argument must be >= 0.");
            limit = *n;
            limit_given = true;
            ++i;
        } else if (equals_ci(opt, "nomkstream")) {
            nomkstream = true;
        } else {
            id = parse_add_id(opt);
            if (!id) return c.out.error(kInvalidStreamId);
            break;
        }
    }
    if (limit != 0 && !trim) return c.out.error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
    if (limit_given && !approx) return c.out.error("ERR syntax error, LIMIT cannot be used without the special ~ option");
    if (!limit_given && approx) limit = 100 * static_cast<std::int64_t>(kEntriesPerNode);
    const std::size_t fields_at = i + 1;
    if (!id || a.size() < fields_at + 2 || (a.size() - fields_at) % 2 == 1) {
        return c.out.error("ERR wrong number of arguments for 'xadd' command");
    }
    if (!id->pick_ms && !id->pick_seq && id->id == StreamId::min()) {
        return c.out.error("ERR The ID specified in XADD must be greater than 0-0");
    }
    Stream* s = c.self.topics().find(a[1]);
    if (!s) {
        if (nomkstream) return c.out.null_bulk();
        s = &c.self.topics().get_or_create(a[1]);
    }
    StreamId added;
    switch (s->add(*id, std::vector<std::string>(a.begin() + static_cast<std::ptrdiff_t>(fields_at), a.end()),
                   c.clock.unix_ms, added)) {
        case AddError::None: break;
        case AddError::Exhausted:
            return c.out.error("ERR The stream has exhausted the last possible ID, unable to add more items");
        case AddError::EqualOrSmaller:
            return c.out.error("ERR The ID specified in XADD is equal or smaller than the target stream top item");
        case AddError::ZeroId: return c.out.error("ERR The ID specified in XADD must be greater than 0-0");
    }
    c.out.bulk(added.text());
    if (trim) s->trim(static_cast<std::uint64_t>(maxlen), approx, static_cast<std::uint64_t>(limit));
}

void xlen(Call& c) {
    const Stream* s = c.self.topics().find(c.args[1]);
    c.out.integer(s ? static_cast<std::int64_t>(s->length()) : 0);
}

void xrange(Call& c) {
    const auto& a = c.args;
    const auto start = parse_bound(c, a[2], MissingSeq::Zero);
    if (!start) return;
    const auto end = parse_bound(c, a[3], MissingSeq::Max);
    if (!end) return;
    std::int64_t count = -1;
    for (std::size_t j = 4; j < a.size(); ++j) {
        if (equals_ci(a[j], "count") && j + 1 < a.size()) {
            const auto n = resp::parse_int64(a[j + 1]);
            if (!n) return c.out.error(resp::kNotInteger);
            count = *n < 0 ? 0 : *n;
            ++j;
        } else {
            return c.out.error(resp::kSyntaxError);
        }
    }
    if (count == 0) return c.out.buffer().append("*-1\r\n"), void();
    const Stream* s = c.self.topics().find(a[1]);
    if (!s) return c.out.array(0);
    const auto items = s->range(*start, *end, count < 0 ? 0 : static_cast<std::uint64_t>(count));
    c.out.array(items.size());
    for (const ReadItem& item : items) write_entry(c.out, item);
}

void xgroup(Call& c) {
    const auto& a = c.args;
    if (!equals_ci(a[1], "create")) {
        return c.out.error("ERR unknown subcommand '" + a[1].substr(0, 128) + "'. Try XGROUP HELP.");
    }
    if (a.size() < 5) return c.out.error("ERR wrong number of arguments for 'xgroup|create' command");
    const auto syntax = [&] {
        c.out.error("ERR unknown subcommand or wrong number of arguments for '" + a[1].substr(0, 128) + "'. Try XGROUP HELP.");
    };
    if (a.size() > 8) return syntax();
    bool mkstream = false;
    for (std::size_t i = 5; i < a.size();) {
        if (equals_ci(a[i], "mkstream")) {
            mkstream = true;
            ++i;
        } else if (equals_ci(a[i], "entriesread") && i + 1 < a.size()) {
            i += 2;  // accepted; the broker keeps no entries-read counter
        } else {
            return syntax();
        }
    }
    Stream* s = c.self.topics().find(a[2]);
    if (!s && !mkstream) {
        return c.out.error(
            "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM "
            "option to create an empty stream automatically.");
    }
    StreamId last;
    if (a[4] == "$") {
        last = s ? s->last_id() : StreamId::min();
    } else {
        const auto id = parse_stream_id(a[4], MissingSeq::Zero, true);
        if (!id) return c.out.error(kInvalidStreamId);
        last = *id;
    }
    if (!s) s = &c.self.topics().get_or_create(a[2]);
    if (!s->create_group(a[3], last)) return c.out.error("BUSYGROUP Consumer Group name already exists");
    c.out.simple("OK");
}
}  // namespace

void add_stream_commands(std::vector<BrokerCommands::Spec>& specs) {
    specs.push_back({"xadd", -5, xadd});
    specs.push_back({"xlen", 2, xlen});
    specs.push_back({"xrange", -4, xrange});
    specs.push_back({"xgroup", -2, xgroup});
}

}  // namespace archlab::broker
