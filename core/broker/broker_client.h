#pragma once
// What a service node embeds to use the broker: publish with confirmation and resend,
// consume a (topic, group) with a handler, ack, and notice redeliveries. All through the
// node's Context; the node forwards its messages and timers here first.
//
// Usage (a node that takes payments when an order is placed):
//
//   class PaymentNode : public Node {
//       BrokerClient broker_;                       // BrokerClient::Options{} : broker named "broker"
//     public:
//       void start(Context& ctx) override {
//           broker_.start(ctx);
//           broker_.consume(ctx, "orders.placed", "payment", [this](Context& c, const Delivery& d) {
//               if (d.redelivered()) { /* seen before? at-least-once: check before applying */ }
//               take_payment(c, d.payload);          // a local transaction, then:
//               broker_.publish(c, "payments.taken", d.payload);
//               broker_.ack(c, d);                   // not acked: delivered again after ack_timeout_ms
//           });
//       }
//       void on_message(Context& ctx, const Message& msg) override {
//           if (broker_.on_message(ctx, msg)) return;   // kDeliver, kPublished, kSubscribed
//           ...                                       // the node's own messages
//       }
//       void on_timer(Context& ctx, std::uint64_t tag) override {
//           if (broker_.on_timer(ctx, tag)) return;    // resends and subscription renewals
//           ...
//       }
//   };
//
// Publishing is at-least-once: a publish not confirmed within publish_retry_ms is sent again
// with the same producer id, so a consumer may see one publish twice (same producer and
// producer_msg_id, different stream ids). The client keeps the ids it has been delivered, so a
// handler can tell a redelivery of an entry (seen_before) from a fresh one.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "core/broker/broker_messages.h"
#include "core/runtime/context.h"

namespace archlab::broker {

/// One delivery as the handler sees it.
struct Delivery {
    std::string topic;
    std::string group;
    StreamId id;                        ///< the entry's stream id (what ack() names)
    std::uint32_t deliveries = 1;       ///< the broker's count: 1 first time, more when resent
    NodeIndex producer = kNoNode;       ///< who published it (kNoNode: added with XADD)
    std::uint64_t producer_msg_id = 0;  ///< the producer's id for it (0: XADD)
    std::string payload;
    bool seen_before = false;           ///< this client was handed this (topic, group, id) already
    /// Delivered before, by the broker's count or in this client's memory.
    bool redelivered() const { return deliveries > 1 || seen_before; }
};

class BrokerClient {
public:
    struct Options {
        std::string broker = "broker";          ///< the broker node's name
        double publish_retry_ms = 250.0;        ///< resend a publish not confirmed this long
        double resubscribe_ms = 1000.0;         ///< renew subscriptions this often (the broker's lease is longer)
        double tick_ms = 50.0;                  ///< how often the client's timer checks both
        std::uint64_t timer_tag = 0xB40CE200'00000000ULL;  ///< the tag of the client's timer (the node's own tags must differ)
    };
    using Handler = std::function<void(Context&, const Delivery&)>;

    BrokerClient() : BrokerClient(Options{}) {}
    explicit BrokerClient(Options options) : opt_(std::move(options)) {}

    /// Finds the broker and starts the client's timer. Call from the node's start().
    void start(Context& ctx);
    /// Publishes payload on topic; returns the producer id it carries (unique per client instance).
    std::uint64_t publish(Context& ctx, const std::string& topic, std::string payload);
    /// Subscribes to (topic, group) under this node's name; handler runs for every delivery.
    /// max_in_flight: deliveries held unacknowledged at most. from_start: a group the broker does
    /// not know yet starts at the topic's first entry (else only new entries).
    void consume(Context& ctx, const std::string& topic, const std::string& group, Handler handler,
                 std::uint32_t max_in_flight = 16, bool from_start = true);
    /// Acknowledges a delivery.
    void ack(Context& ctx, const Delivery& d);
    void ack(Context& ctx, const std::string& topic, const std::string& group, StreamId id);

    /// Handles the broker's messages; false for any other message.
    bool on_message(Context& ctx, const Message& msg);
    /// Handles the client's timer; false for any other tag.
    bool on_timer(Context& ctx, std::uint64_t tag);

    // What this client saw.
    std::uint64_t published() const { return published_; }       ///< publish() calls
    std::uint64_t resent() const { return resent_; }              ///< publishes sent again
    std::uint64_t confirmed() const { return confirmed_; }        ///< publishes the broker confirmed
    std::size_t unconfirmed() const { return unconfirmed_.size(); }
    /// True while the publish with this producer id waits for the broker's confirmation.
    bool is_unconfirmed(std::uint64_t producer_msg_id) const { return unconfirmed_.count(producer_msg_id) > 0; }
    std::uint64_t delivered() const { return delivered_; }        ///< deliveries handed to handlers
    std::uint64_t redeliveries() const { return redeliveries_; }  ///< of which redelivered()
    NodeIndex broker() const { return broker_; }

private:
    struct Outgoing {
        std::string topic;
        std::string payload;
        std::int64_t sent_ns = 0;  ///< last send
    };
    struct Subscription {
        SubscribeMsg msg;
        Handler handler;
        std::int64_t sent_ns = 0;  ///< last subscribe sent
    };
    void send_publish(Context& ctx, std::uint64_t producer_msg_id, Outgoing& out);
    void send_subscribe(Context& ctx, Subscription& sub);

    Options opt_;
    NodeIndex broker_ = kNoNode;
    std::uint64_t next_id_ = 0;                                     ///< next producer id
    std::map<std::uint64_t, Outgoing> unconfirmed_;                 ///< by producer id
    std::map<std::pair<std::string, std::string>, Subscription> subs_;  ///< by (topic, group)
    std::set<std::tuple<std::string, std::string, StreamId>> seen_; ///< (topic, group, id) delivered here
    std::uint64_t published_ = 0, resent_ = 0, confirmed_ = 0, delivered_ = 0, redeliveries_ = 0;
};

}  // namespace archlab::broker
