#include "core/broker/broker_commands.h"

#include <string_view>

#include "core/resp/command_args.h"

namespace archlab::broker {

namespace {
/// Commands a connection in subscribed mode may still run (Redis 7.0's list).
bool allowed_while_subscribed(std::string_view name) {
    return name == "subscribe" || name == "psubscribe" || name == "unsubscribe" || name == "punsubscribe" ||
           name == "ping" || name == "quit";
}
}  // namespace

BrokerCommands::BrokerCommands(TopicStore& topics, PubSubRegistry& pubsub, PushFn push)
    : topics_(topics), pubsub_(pubsub), push_(std::move(push)) {
    add_stream_commands(specs_);
    add_stream_group_commands(specs_);
    add_pubsub_commands(specs_);
}

std::optional<BlockedRead> BrokerCommands::execute(const std::vector<std::string>& args, RespSession& session,
                                                   CommandClock clock, std::string& out) {
    resp::RespWriter w(out);
    const std::string name = resp::lower(args[0]);
    const Spec* spec = nullptr;
    for (const Spec& s : specs_) {
        if (name == s.name) spec = &s;
    }
    if (spec == nullptr) {
        // Redis: the name as typed, then up to 128 characters of quoted arguments.
        std::string rest;
        for (std::size_t i = 1; i < args.size() && rest.size() < 128; ++i) rest += '\'' + args[i].substr(0, 128 - rest.size()) + "' ";
        w.error("ERR unknown command '" + args[0].substr(0, 128) + "', with args beginning with: " + rest);
        return std::nullopt;
    }
    const auto n = static_cast<int>(args.size());
    if ((spec->arity > 0 && n != spec->arity) || (spec->arity < 0 && n < -spec->arity)) {
        w.error(std::string("ERR wrong number of arguments for '") + spec->name + "' command");
        return std::nullopt;
    }
    if (pubsub_.subscriptions(session.id) > 0 && !allowed_while_subscribed(spec->name)) {
        w.error(std::string("ERR Can't execute '") + spec->name +
                "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        return std::nullopt;
    }
    std::optional<BlockedRead> blocked;
    Call call{*this, args, session, clock, w, blocked};
    spec->run(call);
    return blocked;
}

bool BrokerCommands::retry(const BlockedRead& read, RespSession& session, CommandClock clock, std::string& out) {
    std::string reply;
    execute(read.args, session, clock, reply);
    if (reply == "*-1\r\n") return false;
    out += reply;
    return true;
}

std::size_t BrokerCommands::publish(std::string_view channel, std::string_view message) {
    return pubsub_.publish(channel, message, push_);
}

void write_entry(resp::RespWriter& out, const ReadItem& item) {
    out.array(2);
    out.bulk(item.id.text());
    if (!item.entry) {
        out.buffer() += "*-1\r\n";
        return;
    }
    out.array(item.entry->fields.size());
    for (const std::string& f : item.entry->fields) out.bulk(f);
}

}  // namespace archlab::broker
