#pragma once
// The broker's in-cluster protocol: packed headers (core/runtime/packed_body.h, no padding)
// followed by their strings. A producer publishes with its own id; the broker confirms once the
// entry is in its database. A consumer subscribes to a (topic, group) under its node name and is
// pushed deliveries, at most max_in_flight unacknowledged at a time; it acks each one. An entry
// not acked within the broker's ack_timeout_ms is delivered again (delivery count + 1).
//
//   producer --kPublish--> broker --kPublished--> producer
//   consumer --kSubscribe--> broker --kSubscribed--> consumer (sent again now and then: a lease)
//   broker --kDeliver--> consumer --kAck--> broker
#include <cstdint>
#include <string>
#include <string_view>

#include "core/broker/stream_id.h"
#include "core/runtime/message.h"

namespace archlab::broker {

/// Message types (Message::type) of the protocol; a lab's own types stay below 0x4200.
enum : std::uint16_t {
    kPublish = 0x4201,     ///< producer -> broker: PublishHeader, topic, payload
    kPublished = 0x4202,   ///< broker -> producer: PublishedHeader (the entry is durable)
    kSubscribe = 0x4203,   ///< consumer -> broker: SubscribeHeader, topic, group
    kSubscribed = 0x4204,  ///< broker -> consumer: SubscribeHeader, topic, group
    kDeliver = 0x4205,     ///< broker -> consumer: DeliverHeader, topic, group, payload
    kAck = 0x4206,         ///< consumer -> broker: AckHeader, topic, group
};

struct PublishHeader {
    std::uint64_t producer_msg_id = 0;  ///< the producer's own id: a resend carries the same one
    std::uint32_t topic_len = 0;        ///< bytes of topic after the header; the payload follows
    std::uint32_t pad = 0;
};

struct PublishedHeader {
    std::uint64_t producer_msg_id = 0;
    std::uint64_t id_ms = 0;   ///< the entry's stream id
    std::uint64_t id_seq = 0;
};

struct SubscribeHeader {
    std::uint32_t max_in_flight = 0;  ///< deliveries the consumer may hold unacknowledged
    std::uint16_t topic_len = 0;
    std::uint16_t group_len = 0;
    std::uint8_t from_start = 1;      ///< a new group starts at the topic's first entry (else at its end)
    std::uint8_t pad[7] = {};
};

struct DeliverHeader {
    std::uint64_t id_ms = 0;            ///< the entry's stream id
    std::uint64_t id_seq = 0;
    std::uint64_t producer_msg_id = 0;  ///< 0 when the entry came from outside the cluster (XADD)
    std::uint32_t deliveries = 0;       ///< 1 on first delivery, more on redelivery
    std::uint16_t topic_len = 0;
    std::uint16_t group_len = 0;
    NodeIndex producer = kNoNode;       ///< who published it (kNoNode: XADD)
    std::uint16_t pad[3] = {};
};

struct AckHeader {
    std::uint64_t id_ms = 0;
    std::uint64_t id_seq = 0;
    std::uint16_t topic_len = 0;
    std::uint16_t group_len = 0;
    std::uint32_t pad = 0;
};

// Decoded forms.
struct PublishMsg {
    std::uint64_t producer_msg_id = 0;
    std::string topic;
    std::string payload;
};
struct SubscribeMsg {
    std::string topic;
    std::string group;
    std::uint32_t max_in_flight = 0;
    bool from_start = true;
};
struct DeliverMsg {
    std::string topic;
    std::string group;
    StreamId id;
    std::uint32_t deliveries = 0;
    NodeIndex producer = kNoNode;
    std::uint64_t producer_msg_id = 0;
    std::string payload;
};
struct AckMsg {
    std::string topic;
    std::string group;
    StreamId id;
};

std::string encode(const PublishMsg& m);
std::string encode(const SubscribeMsg& m);
std::string encode(const DeliverMsg& m);
std::string encode(const AckMsg& m);
std::string encode_published(std::uint64_t producer_msg_id, StreamId id);
/// Each returns false when the body is malformed.
bool decode(std::string_view body, PublishMsg& m);
bool decode(std::string_view body, SubscribeMsg& m);
bool decode(std::string_view body, DeliverMsg& m);
bool decode(std::string_view body, AckMsg& m);
bool decode_published(std::string_view body, std::uint64_t& producer_msg_id, StreamId& id);

}  // namespace archlab::broker
