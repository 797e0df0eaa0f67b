#pragma once
// The broker node: topics with at-least-once delivery to consumer groups, kept in the node's own
// SQLite database so that a killed broker restarts with every entry, group position and pending
// entry it had written. In-cluster clients speak broker_messages.h (see BrokerClient); outside
// clients speak RESP through run_command() (a RESP server posts each command onto the node's
// thread with Runtime::post), the Redis Streams subset and pub/sub of broker_commands.h.
//
// Delivery: each (topic, group) has cluster consumers (nodes that subscribed under their name);
// new entries go round-robin to those with room (max_in_flight), become pending, and are sent
// again (to their holder while it is subscribed, else to the next consumer) once ack_timeout_ms
// passes without an ack. Entries redis-cli reads with XREADGROUP stay pending with the reading
// connection's consumer name and are never resent (Redis' own rule: XCLAIM is how they move).
//
// Durability: every change is journaled and written to SQLite in batches on the node's worker
// thread, in order; a publish is confirmed to its producer only after the batch holding it is
// written. A RESP XADD is answered at once (like Redis with appendfsync everysec: a kill right
// after may lose it). A restarted broker reads the database back before it serves anything.
//
// Every in-cluster publish on topic T also goes to pub/sub: to channel T, to patterns matching T,
// and to connections SUBSCRIBEd to a family name of T ("orders.*" for "orders.placed": a literal
// channel ending in ".*" receives every topic below its prefix, as messages naming the topic).
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/broker/broker_commands.h"
#include "core/broker/broker_config.h"
#include "core/broker/broker_messages.h"
#include "core/broker/topic_store.h"
#include "core/runtime/node.h"
#include "core/storage/sqlite_pool.h"

namespace archlab::broker {

/// Where RESP replies to one command go (the connection's write path).
using ReplyFn = std::function<void(std::string bytes)>;

class BrokerNode : public Node {
public:
    /// db: the broker's database (broker_db_prepare'd once per run, kept over restarts). push:
    /// the RESP server's path to a subscribed connection (may be empty: no RESP side).
    BrokerNode(std::shared_ptr<BrokerConfig> cfg, std::shared_ptr<BrokerMetrics> metrics, std::shared_ptr<SqlitePool> db,
               PushFn push = {});

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, std::uint64_t tag) override;

    /// Runs one RESP command from connection `connection` and hands its reply to reply (later,
    /// for a blocked XREADGROUP). While the broker reads its database back: "-LOADING ...".
    void run_command(Context& ctx, std::uint64_t connection, const std::vector<std::string>& args, ReplyFn reply);
    /// A RESP connection closed: its subscriptions and blocked reads go.
    void connection_closed(std::uint64_t connection);

    /// The broker's topics (tests and the lab's own audit read them on the node's thread).
    const TopicStore& topics() const { return *topics_; }
    bool recovering() const { return recovering_; }
    /// XREADGROUP ... BLOCK commands waiting for entries now.
    std::size_t blocked_reads() const { return waiting_.size(); }

private:
    /// A node subscribed to a (topic, group).
    struct ClusterConsumer {
        NodeIndex node = kNoNode;
        std::string name;               ///< consumer name in the group: the node's name
        std::uint32_t max_in_flight = 1;
        std::int64_t last_heard_ns = 0; ///< its last subscribe (the lease)
    };
    struct GroupKey {
        std::string topic, group;
        friend auto operator<=>(const GroupKey&, const GroupKey&) = default;
    };
    struct ConsumerSet {
        std::vector<ClusterConsumer> consumers;  ///< in subscription order
        std::size_t next = 0;                    ///< round-robin position
    };
    /// A delivery held back by the delay fault.
    struct Delayed {
        NodeIndex to = kNoNode;
        std::string body;
        std::uint64_t id = 0;
    };
    /// A blocked XREADGROUP.
    struct Waiting {
        std::uint64_t connection = 0;
        BlockedRead read;
        ReplyFn reply;
        std::uint64_t tag = 0;  ///< its deadline timer's tag (0: waits for ever)
        TimerId timer = 0;
    };

    void on_publish(Context& ctx, const Message& msg);
    void on_subscribe(Context& ctx, const Message& msg);
    void on_ack(Context& ctx, const Message& msg);
    /// Hands new entries of every group with cluster consumers to those with room.
    void pump(Context& ctx);
    void pump(Context& ctx, const GroupKey& key, ConsumerSet& set);
    /// Retention: deletes consumed entries beyond cfg_->retain_consumed of every topic cluster
    /// nodes consume (topics only redis-cli uses are left as Redis would).
    void retire_consumed();
    /// Sends pending entries whose ack is overdue again.
    void redeliver_overdue(Context& ctx);
    void send_delivery(Context& ctx, NodeIndex to, const std::string& topic, const std::string& group, StreamId id,
                       const StreamEntry* entry, std::uint64_t deliveries);
    /// Pub/sub side of an in-cluster publish: channel, patterns and family channels.
    void announce(const std::string& topic, const std::string& payload);
    /// Starts a write batch of the journal when none is running.
    void flush(Context& ctx);
    void retry_blocked(Context& ctx);
    void update_gauges();
    CommandClock clock(const Context& ctx) const;
    bool is_cluster_consumer(const Context& ctx, const std::string& name) const;

    std::shared_ptr<BrokerConfig> cfg_;
    std::shared_ptr<BrokerMetrics> m_;
    std::shared_ptr<SqlitePool> db_;
    PushFn push_;

    std::unique_ptr<TopicStore> topics_;          ///< replaced by the loaded one after recovery
    PubSubRegistry pubsub_;                       ///< RESP subscriptions (connections die with the node)
    std::unique_ptr<BrokerCommands> commands_;    ///< the RESP executor over topics_
    std::map<std::uint64_t, RespSession> sessions_;  ///< RESP connections seen
    std::vector<Waiting> waiting_;                ///< blocked XREADGROUPs
    std::map<GroupKey, ConsumerSet> consumers_;   ///< cluster consumers per group
    std::set<std::string> published_topics_;  ///< topics cluster nodes publish to (retention applies)
    std::map<std::uint64_t, Delayed> delayed_;    ///< deliveries held by the delay fault, by timer tag
    std::uint64_t next_tag_ = 16;                 ///< next timer tag for a delayed delivery or a blocked read
    bool recovering_ = true;                      ///< reading the database back: serves nothing yet
    std::vector<Message> held_;                   ///< messages that arrived while recovering
    bool flushing_ = false;                       ///< a write batch is on the worker thread
    /// Confirms owed to producers once the next batch (holding their entries) is written.
    std::vector<Message> confirms_after_next_batch_;
};

}  // namespace archlab::broker
