#include "core/broker/broker_client.h"

namespace archlab::broker {

void BrokerClient::start(Context& ctx) {
    broker_ = ctx.lookup(opt_.broker);
    // Producer ids start at a random point (low 32 bits clear), so a restarted node's ids do not
    // repeat the ids its previous instance used.
    next_id_ = (ctx.random()() & 0x7fffffff'00000000ULL) + 1;
    ctx.set_timer(from_ms(opt_.tick_ms), opt_.timer_tag);
}

std::uint64_t BrokerClient::publish(Context& ctx, const std::string& topic, std::string payload) {
    const std::uint64_t id = next_id_++;
    Outgoing& out = unconfirmed_[id];
    out.topic = topic;
    out.payload = std::move(payload);
    ++published_;
    send_publish(ctx, id, out);
    return id;
}

void BrokerClient::send_publish(Context& ctx, std::uint64_t producer_msg_id, Outgoing& out) {
    out.sent_ns = ctx.now().count();
    if (broker_ == kNoNode) return;
    ctx.send(broker_, kPublish, producer_msg_id, encode(PublishMsg{producer_msg_id, out.topic, out.payload}));
}

void BrokerClient::consume(Context& ctx, const std::string& topic, const std::string& group, Handler handler,
                           std::uint32_t max_in_flight, bool from_start) {
    Subscription& sub = subs_[{topic, group}];
    sub.msg = SubscribeMsg{topic, group, max_in_flight, from_start};
    sub.handler = std::move(handler);
    send_subscribe(ctx, sub);
}

void BrokerClient::send_subscribe(Context& ctx, Subscription& sub) {
    sub.sent_ns = ctx.now().count();
    if (broker_ == kNoNode) return;
    ctx.send(broker_, kSubscribe, 0, encode(sub.msg));
}

void BrokerClient::ack(Context& ctx, const Delivery& d) { ack(ctx, d.topic, d.group, d.id); }

void BrokerClient::ack(Context& ctx, const std::string& topic, const std::string& group, StreamId id) {
    if (broker_ == kNoNode) return;
    ctx.send(broker_, kAck, id.seq, encode(AckMsg{topic, group, id}));
}

bool BrokerClient::on_message(Context& ctx, const Message& msg) {
    switch (msg.type) {
        case kPublished: {
            std::uint64_t pid = 0;
            StreamId id;
            if (decode_published(msg.body, pid, id) && unconfirmed_.erase(pid) > 0) ++confirmed_;
            return true;
        }
        case kSubscribed: return true;
        case kDeliver: {
            DeliverMsg m;
            if (!decode(msg.body, m)) return true;
            auto sub = subs_.find({m.topic, m.group});
            if (sub == subs_.end()) return true;  // not (any longer) consuming it: the broker resends elsewhere
            Delivery d{m.topic, m.group, m.id, m.deliveries, m.producer, m.producer_msg_id, std::move(m.payload), false};
            d.seen_before = !seen_.insert({d.topic, d.group, d.id}).second;
            ++delivered_;
            if (d.redelivered()) ++redeliveries_;
            sub->second.handler(ctx, d);
            return true;
        }
        default: return false;
    }
}

bool BrokerClient::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag != opt_.timer_tag) return false;
    const std::int64_t now = ctx.now().count();
    const std::int64_t retry_ns = from_ms(opt_.publish_retry_ms).count();
    for (auto& [id, out] : unconfirmed_) {
        if (now - out.sent_ns < retry_ns) continue;
        ++resent_;
        send_publish(ctx, id, out);
    }
    const std::int64_t renew_ns = from_ms(opt_.resubscribe_ms).count();
    for (auto& [key, sub] : subs_) {
        if (now - sub.sent_ns >= renew_ns) send_subscribe(ctx, sub);
    }
    ctx.set_timer(from_ms(opt_.tick_ms), opt_.timer_tag);
    return true;
}

}  // namespace archlab::broker
