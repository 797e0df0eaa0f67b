// Fuzz target: the broker's Redis side (core/broker: BrokerCommands with the streams subset
// XADD XLEN XRANGE XGROUP XREADGROUP XACK XPENDING, pub/sub, stream id parsing) behind the RESP
// parser, as the broker's Redis port runs it: bytes -> commands -> replies and pushes. Two
// connections take turns (the input's hash says which sends each command), so one's PUBLISH
// reaches the other's subscriptions; the broker clock moves on between commands and now and
// then the wall clock steps back, as a wall clock may.
// Properties:
//  - a command's reply is whole, well-formed RESP2: exactly one value, or one per channel for the
//    (P)(UN)SUBSCRIBE family, or nothing when XREADGROUP ... BLOCK waits; a blocked read run
//    again gives one value or still waits;
//  - an error reply starts with an upper-case error code ("ERR", "NOGROUP", "BUSYGROUP" ...);
//  - every push is one or more whole, well-formed RESP2 values, addressed to a connection that
//    is subscribed;
//  - every stream keeps its entries in strictly increasing id order, none above its last id,
//    length() counts them, and every pending entry's id is at most the last id;
//  - an id parse_stream_id accepts prints (StreamId::text) as text it reads back to the same id.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/broker/broker_commands.h"
#include "core/broker/pubsub_registry.h"
#include "core/broker/stream_id.h"
#include "core/broker/topic_store.h"
#include "core/resp/command_args.h"
#include "core/resp/resp_parser.h"
#include "tests/fuzz/support/fuzz_check.h"
#include "tests/fuzz/support/resp_reply.h"

using namespace archlab;
using namespace archlab::broker;
using namespace archlab::fuzz;

namespace {

/// Wall time at the start, Unix ms: fixed, so a replay is repeatable.
constexpr std::uint64_t kUnixStartMs = 1'700'000'000'000;




bool subscribe_family(const std::string& name) {
    const std::string lower = resp::lower(name);
    return lower == "subscribe" || lower == "psubscribe" || lower == "unsubscribe" || lower == "punsubscribe";
}

void check_streams(const TopicStore& topics, const std::string& after) {
    for (const auto& [name, stream] : topics.topics()) {
        const auto items = stream->range(StreamId::min(), StreamId::max(), 0);
        FUZZ_CHECK(items.size() == stream->length(), after + ": stream '" + name + "' length " +
                                                         std::to_string(stream->length()) + ", range has " +
                                                         std::to_string(items.size()));
        for (std::size_t i = 0; i < items.size(); ++i) {
            FUZZ_CHECK(items[i].entry != nullptr && items[i].id <= stream->last_id(),
                       after + ": stream '" + name + "' entry " + items[i].id.text() + " above last id " +
                           stream->last_id().text());
            FUZZ_CHECK(i == 0 || items[i - 1].id < items[i].id,
                       after + ": stream '" + name + "' ids out of order at " + items[i].id.text());
        }
        for (const auto& [group, g] : stream->groups()) {
            FUZZ_CHECK(g.pending.empty() || g.pending.rbegin()->first <= stream->last_id(),
                       after + ": group '" + group + "' holds a pending id above the stream's last id");
        }
    }
}

void check_id_round_trip(const std::string& word) {
    for (const MissingSeq missing : {MissingSeq::Zero, MissingSeq::Max}) {
        const auto id = parse_stream_id(word, missing, true);
        if (!id) continue;
        const auto again = parse_stream_id(id->text(), missing, true);
        FUZZ_CHECK(again.has_value() && *again == *id, "'" + word + "' -> " + id->text() + " reads back differently");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::uint64_t h = input_hash(bytes);
    TopicStore topics;
    PubSubRegistry pubsub;
    RespSession sessions[2];
    sessions[0].id = 1;
    sessions[1].id = 2;
    std::string push_error;
    BrokerCommands commands(topics, pubsub, [&](std::uint64_t connection, std::string pushed) {
        if (!push_error.empty()) return;
        if (connection != 1 && connection != 2) push_error = "push to unknown connection " + std::to_string(connection);
        else if (pubsub.subscriptions(connection) == 0) push_error = "push to an unsubscribed connection";
        else if (!reply_count(pushed).value_or(0)) push_error = "malformed push: " + pushed.substr(0, 200);
    });
    CommandClock clock{0, kUnixStartMs};
    std::optional<BlockedRead> blocked;
    std::size_t blocked_session = 0;

    resp::RespParser parser;
    parser.feed(bytes);
    std::vector<std::string> args;
    std::string out;
    while (parser.next(args) == resp::RespParser::Status::command) {
        const std::size_t who = (h >> 7) & 1;
        RespSession& session = sessions[who];
        const std::string text = command_text(args);
        out.clear();
        const auto now_blocked = commands.execute(args, session, clock, out);
        FUZZ_CHECK(push_error.empty(), text + ": " + push_error);
        const auto values = reply_count(out);
        FUZZ_CHECK(values.has_value(), text + " -> malformed reply " + out.substr(0, 200));
        if (now_blocked) {
            FUZZ_CHECK(*values == 0, text + ": blocked, yet replied " + out.substr(0, 200));
            FUZZ_CHECK(now_blocked->deadline_ns == 0 || now_blocked->deadline_ns > clock.now_ns,
                       text + ": blocked with a deadline in the past");
            blocked = now_blocked;
            blocked_session = who;
        } else if (out[0] == '-' || !subscribe_family(args[0])) {
            FUZZ_CHECK(*values == 1, text + " -> " + std::to_string(*values) + " values: " + out.substr(0, 200));
        } else {
            FUZZ_CHECK(*values >= 1, text + " -> no reply");
        }
        if (!out.empty() && out[0] == '-') FUZZ_CHECK(has_error_code(out), text + " -> " + out.substr(0, 200));
        for (const std::string& word : args) check_id_round_trip(word);
        check_streams(topics, text);
        if (session.close_after_reply) break;

        // The broker clock moves on by 0 to 2.5 s; the wall clock with it, or back by up to 4 s.
        h = h * 6364136223846793005ULL + 1442695040888963407ULL;
        const std::uint64_t step_ms = (h >> 33) % 2'500;
        clock.now_ns += static_cast<std::int64_t>(step_ms) * 1'000'000;
        clock.unix_ms = ((h >> 20) & 15) == 0 ? clock.unix_ms - (h >> 40) % 4'000 : clock.unix_ms + step_ms;
        if (blocked && blocked->deadline_ns != 0 && blocked->deadline_ns <= clock.now_ns) blocked.reset();
        if (blocked) {
            out.clear();
            if (commands.retry(*blocked, sessions[blocked_session], clock, out)) {
                FUZZ_CHECK(reply_count(out) == 1u, "blocked read retried -> " + out.substr(0, 200));
                blocked.reset();
            } else {
                FUZZ_CHECK(out.empty(), "blocked read retried, still waiting, yet replied " + out.substr(0, 200));
            }
        }
    }
    return 0;
}
