#include "core/broker/broker_messages.h"

#include "core/runtime/packed_body.h"

namespace archlab::broker {

namespace {
/// Splits the first n bytes off tail; false when it is shorter.
bool take(std::string_view& tail, std::size_t n, std::string& out) {
    if (tail.size() < n) return false;
    out.assign(tail.substr(0, n));
    tail.remove_prefix(n);
    return true;
}
}  // namespace

std::string encode(const PublishMsg& m) {
    PublishHeader h;
    h.producer_msg_id = m.producer_msg_id;
    h.topic_len = static_cast<std::uint32_t>(m.topic.size());
    return pack(h, m.topic + m.payload);
}

std::string encode(const SubscribeMsg& m) {
    SubscribeHeader h;
    h.max_in_flight = m.max_in_flight;
    h.topic_len = static_cast<std::uint16_t>(m.topic.size());
    h.group_len = static_cast<std::uint16_t>(m.group.size());
    h.from_start = m.from_start ? 1 : 0;
    return pack(h, m.topic + m.group);
}

std::string encode(const DeliverMsg& m) {
    DeliverHeader h;
    h.id_ms = m.id.ms;
    h.id_seq = m.id.seq;
    h.producer_msg_id = m.producer_msg_id;
    h.deliveries = m.deliveries;
    h.topic_len = static_cast<std::uint16_t>(m.topic.size());
    h.group_len = static_cast<std::uint16_t>(m.group.size());
    h.producer = m.producer;
    return pack(h, m.topic + m.group + m.payload);
}

std::string encode(const AckMsg& m) {
    AckHeader h;
    h.id_ms = m.id.ms;
    h.id_seq = m.id.seq;
    h.topic_len = static_cast<std::uint16_t>(m.topic.size());
    h.group_len = static_cast<std::uint16_t>(m.group.size());
    return pack(h, m.topic + m.group);
}

std::string encode_published(std::uint64_t producer_msg_id, StreamId id) {
    return pack(PublishedHeader{producer_msg_id, id.ms, id.seq});
}

bool decode(std::string_view body, PublishMsg& m) {
    PublishHeader h;
    std::string_view tail;
    if (!unpack(body, h, &tail) || !take(tail, h.topic_len, m.topic)) return false;
    m.producer_msg_id = h.producer_msg_id;
    m.payload.assign(tail);
    return true;
}

bool decode(std::string_view body, SubscribeMsg& m) {
    SubscribeHeader h;
    std::string_view tail;
    if (!unpack(body, h, &tail) || !take(tail, h.topic_len, m.topic) || !take(tail, h.group_len, m.group)) return false;
    m.max_in_flight = h.max_in_flight;
    m.from_start = h.from_start != 0;
    return true;
}

bool decode(std::string_view body, DeliverMsg& m) {
    DeliverHeader h;
    std::string_view tail;
    if (!unpack(body, h, &tail) || !take(tail, h.topic_len, m.topic) || !take(tail, h.group_len, m.group)) return false;
    m.id = {h.id_ms, h.id_seq};
    m.deliveries = h.deliveries;
    m.producer = h.producer;
    m.producer_msg_id = h.producer_msg_id;
    m.payload.assign(tail);
    return true;
}

bool decode(std::string_view body, AckMsg& m) {
    AckHeader h;
    std::string_view tail;
    if (!unpack(body, h, &tail) || !take(tail, h.topic_len, m.topic) || !take(tail, h.group_len, m.group)) return false;
    m.id = {h.id_ms, h.id_seq};
    return true;
}

bool decode_published(std::string_view body, std::uint64_t& producer_msg_id, StreamId& id) {
    PublishedHeader h;
    if (!unpack(body, h)) return false;
    producer_msg_id = h.producer_msg_id;
    id = {h.id_ms, h.id_seq};
    return true;
}

}  // namespace archlab::broker
