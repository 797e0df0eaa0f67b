#pragma once
// Redis pub/sub on the broker: which RESP connection is subscribed to which channels and
// patterns, and fan-out of a published message to them as "message" / "pmessage" pushes.
// Subscriptions are kept in the order they were made (Redis uses hash order; replies that list
// several channels at once, like a bare UNSUBSCRIBE, may so differ in order from a real server).
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::broker {

/// Sends bytes to one subscribed connection (its push path).
using PushFn = std::function<void(std::uint64_t connection, std::string bytes)>;

class PubSubRegistry {
public:
    /// Each returns true when the subscription set changed.
    bool subscribe(std::uint64_t connection, const std::string& channel);
    bool unsubscribe(std::uint64_t connection, const std::string& channel);
    bool psubscribe(std::uint64_t connection, const std::string& pattern);
    bool punsubscribe(std::uint64_t connection, const std::string& pattern);
    /// Forgets a closed connection.
    void drop(std::uint64_t connection);

    /// Channels, patterns of a connection, in subscription order.
    std::vector<std::string> channels(std::uint64_t connection) const;
    std::vector<std::string> patterns(std::uint64_t connection) const;
    /// Channels plus patterns: the count Redis' (un)subscribe replies carry.
    std::size_t subscriptions(std::uint64_t connection) const;

    /// Pushes message to every subscriber of channel, then to every pattern that matches it
    /// (once per matching pattern); returns how many pushes were made (PUBLISH's reply).
    std::size_t publish(std::string_view channel, std::string_view message, const PushFn& push) const;

    /// Pushes a "message" naming `channel` to the connections subscribed to the channel name
    /// `subscribed` (patterns are not consulted); returns how many.
    std::size_t publish_as(std::string_view subscribed, std::string_view channel, std::string_view message,
                           const PushFn& push) const;

private:
    struct Subscriber {
        std::vector<std::string> channels;  ///< subscription order
        std::vector<std::string> patterns;  ///< subscription order
    };
    std::map<std::uint64_t, Subscriber> by_connection_;
    /// channel -> connections, in subscription order.
    std::map<std::string, std::vector<std::uint64_t>, std::less<>> channel_subscribers_;
    /// (pattern, connection) in subscription order.
    std::vector<std::pair<std::string, std::uint64_t>> pattern_subscribers_;
};

}  // namespace archlab::broker
