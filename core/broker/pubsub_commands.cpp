// PUBLISH, SUBSCRIBE, PSUBSCRIBE, UNSUBSCRIBE, PUNSUBSCRIBE, and PING and QUIT (which a
// subscribed connection may still send), with redis-server 7.0's reply shapes.
#include <string>

#include "core/broker/broker_commands.h"

namespace archlab::broker {

namespace {
using Call = BrokerCommands::Call;

/// One (un)subscribe confirmation: [kind, name or nil, subscriptions left].
void confirm(Call& c, const char* kind, const std::string* name) {
    c.out.array(3);
    c.out.bulk(kind);
    if (name) c.out.bulk(*name);
    else c.out.null_bulk();
    c.out.integer(static_cast<std::int64_t>(c.self.pubsub_.subscriptions(c.session.id)));
}

void publish(Call& c) { c.out.integer(static_cast<std::int64_t>(c.self.publish(c.args[1], c.args[2]))); }

void subscribe(Call& c) {
    for (std::size_t i = 1; i < c.args.size(); ++i) {
        c.self.pubsub_.subscribe(c.session.id, c.args[i]);
        confirm(c, "subscribe", &c.args[i]);
    }
}

void psubscribe(Call& c) {
    for (std::size_t i = 1; i < c.args.size(); ++i) {
        c.self.pubsub_.psubscribe(c.session.id, c.args[i]);
        confirm(c, "psubscribe", &c.args[i]);
    }
}

void unsubscribe(Call& c) {
    std::vector<std::string> names(c.args.begin() + 1, c.args.end());
    if (names.empty()) {
        names = c.self.pubsub_.channels(c.session.id);
        if (names.empty()) return confirm(c, "unsubscribe", nullptr);
    }
    for (const std::string& name : names) {
        c.self.pubsub_.unsubscribe(c.session.id, name);
        confirm(c, "unsubscribe", &name);
    }
}

void punsubscribe(Call& c) {
    std::vector<std::string> names(c.args.begin() + 1, c.args.end());
    if (names.empty()) {
        names = c.self.pubsub_.patterns(c.session.id);
        if (names.empty()) return confirm(c, "punsubscribe", nullptr);
    }
    for (const std::string& name : names) {
        c.self.pubsub_.punsubscribe(c.session.id, name);
        confirm(c, "punsubscribe", &name);
    }
}

void ping(Call& c) {
    if (c.args.size() > 2) return c.out.error("ERR wrong number of arguments for 'ping' command");
    if (c.self.pubsub_.subscriptions(c.session.id) > 0) {
        // A subscribed connection gets PING's answer in the shape of a push.
        c.out.array(2);
        c.out.bulk("pong");
        c.out.bulk(c.args.size() == 2 ? c.args[1] : std::string());
        return;
    }
    if (c.args.size() == 2) return c.out.bulk(c.args[1]);
    c.out.simple("PONG");
}

void quit(Call& c) {
    c.session.close_after_reply = true;
    c.out.simple("OK");
}
}  // namespace

void add_pubsub_commands(std::vector<BrokerCommands::Spec>& specs) {
    specs.push_back({"publish", 3, publish});
    specs.push_back({"subscribe", -2, subscribe});
    specs.push_back({"psubscribe", -2, psubscribe});
    specs.push_back({"unsubscribe", -1, unsubscribe});
    specs.push_back({"punsubscribe", -1, punsubscribe});
    specs.push_back({"ping", -1, ping});
    specs.push_back({"quit", -1, quit});
}

}  // namespace archlab::broker
