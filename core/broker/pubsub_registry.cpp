#include "core/broker/pubsub_registry.h"

#include <algorithm>

#include "core/resp/command_args.h"
#include "core/resp/resp_writer.h"

namespace archlab::broker {

namespace {
template <class V, class T>
bool erase_value(V& v, const T& value) {
    auto it = std::find(v.begin(), v.end(), value);
    if (it == v.end()) return false;
    v.erase(it);
    return true;
}
}  // namespace

bool PubSubRegistry::subscribe(std::uint64_t connection, const std::string& channel) {
    Subscriber& s = by_connection_[connection];
    if (std::find(s.channels.begin(), s.channels.end(), channel) != s.channels.end()) return false;
    s.channels.push_back(channel);
    channel_subscribers_[channel].push_back(connection);
    return true;
}

bool PubSubRegistry::unsubscribe(std::uint64_t connection, const std::string& channel) {
    auto it = by_connection_.find(connection);
    if (it == by_connection_.end() || !erase_value(it->second.channels, channel)) return false;
    auto subs = channel_subscribers_.find(channel);
    if (subs != channel_subscribers_.end()) {
        erase_value(subs->second, connection);
        if (subs->second.empty()) channel_subscribers_.erase(subs);
    }
    return true;
}

bool PubSubRegistry::psubscribe(std::uint64_t connection, const std::string& pattern) {
    Subscriber& s = by_connection_[connection];
    if (std::find(s.patterns.begin(), s.patterns.end(), pattern) != s.patterns.end()) return false;
    s.patterns.push_back(pattern);
    pattern_subscribers_.emplace_back(pattern, connection);
    return true;
}

bool PubSubRegistry::punsubscribe(std::uint64_t connection, const std::string& pattern) {
    auto it = by_connection_.find(connection);
    if (it == by_connection_.end() || !erase_value(it->second.patterns, pattern)) return false;
    erase_value(pattern_subscribers_, std::make_pair(pattern, connection));
    return true;
}

void PubSubRegistry::drop(std::uint64_t connection) {
    for (const std::string& c : channels(connection)) unsubscribe(connection, c);
    for (const std::string& p : patterns(connection)) punsubscribe(connection, p);
    by_connection_.erase(connection);
}

std::vector<std::string> PubSubRegistry::channels(std::uint64_t connection) const {
    auto it = by_connection_.find(connection);
    return it == by_connection_.end() ? std::vector<std::string>{} : it->second.channels;
}

std::vector<std::string> PubSubRegistry::patterns(std::uint64_t connection) const {
    auto it = by_connection_.find(connection);
    return it == by_connection_.end() ? std::vector<std::string>{} : it->second.patterns;
}

std::size_t PubSubRegistry::subscriptions(std::uint64_t connection) const {
    auto it = by_connection_.find(connection);
    return it == by_connection_.end() ? 0 : it->second.channels.size() + it->second.patterns.size();
}

std::size_t PubSubRegistry::publish_as(std::string_view subscribed, std::string_view channel, std::string_view message,
                                       const PushFn& push) const {
    auto it = channel_subscribers_.find(subscribed);
    if (it == channel_subscribers_.end()) return 0;
    for (std::uint64_t connection : it->second) {
        std::string bytes;
        resp::RespWriter w(bytes);
        w.array(3);
        w.bulk("message");
        w.bulk(channel);
        w.bulk(message);
        if (push) push(connection, std::move(bytes));
    }
    return it->second.size();
}

std::size_t PubSubRegistry::publish(std::string_view channel, std::string_view message, const PushFn& push) const {
    std::size_t receivers = publish_as(channel, channel, message, push);
    for (const auto& [pattern, connection] : pattern_subscribers_) {
        if (!resp::glob_match(pattern, channel, false)) continue;
        std::string bytes;
        resp::RespWriter w(bytes);
        w.array(4);
        w.bulk("pmessage");
        w.bulk(pattern);
        w.bulk(channel);
        w.bulk(message);
        if (push) push(connection, std::move(bytes));
        ++receivers;
    }
    return receivers;
}

}  // namespace archlab::broker
