#pragma once
// Test helper: a broker node on the simulated runtime with producer and consumer nodes that use
// BrokerClient as a service would, recording what they sent and were handed. The broker's
// SQLite database lives in a temporary folder and survives a kill/restart of the broker.
#include <QTemporaryDir>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/broker/broker_client.h"
#include "core/broker/broker_db.h"
#include "core/broker/broker_node.h"
#include "core/runtime/sim_runtime.h"

namespace broker_test {

using namespace archlab;
using namespace archlab::broker;

/// The payload of a test producer's i-th publish: "m<i>". (Built by append: gcc 12 warns
/// falsely (-Wrestrict) about `"m" + std::to_string(i)`.)
inline std::string payload_name(int i) {
    std::string s = "m";
    s += std::to_string(i);
    return s;
}

/// One delivery as a consumer was handed it.
struct Handed {
    std::string consumer;
    archlab::broker::Delivery d;
    Nanos at{0};
};

/// Everything the test nodes saw; outlives node instances.
struct Log {
    std::vector<Handed> handed;                      ///< every delivery, in order
    std::atomic<std::uint64_t> handed_count{0};      ///< handed.size(), readable from another thread (live runs)
    std::mutex handed_mu;                            ///< consumers on the live runtime append from their own threads
    std::vector<std::pair<std::uint64_t, Nanos>> published;  ///< (producer id, when)
    std::uint64_t producer_confirmed = 0;            ///< confirmed publishes, last producer instance
    std::uint64_t producer_unconfirmed = 0;          ///< unconfirmed publishes, last producer instance
    std::map<std::uint64_t, std::string> pushed;     ///< RESP pushes by connection
};

/// Publishes `count` payloads "m<i>" on `topic`, one every `every`.
class ProducerNode : public Node {
public:
    ProducerNode(std::shared_ptr<Log> log, std::string topic, int count, Nanos every)
        : log_(std::move(log)), topic_(std::move(topic)), count_(count), every_(every) {}
    void start(Context& ctx) override {
        client_.start(ctx);
        ctx.set_timer(every_, 1);
    }
    void on_message(Context& ctx, const Message& msg) override {
        client_.on_message(ctx, msg);
        log_->producer_confirmed = client_.confirmed();
        log_->producer_unconfirmed = client_.unconfirmed();
    }
    void on_timer(Context& ctx, std::uint64_t tag) override {
        if (client_.on_timer(ctx, tag) || sent_ >= count_) return;
        const std::uint64_t id = client_.publish(ctx, topic_, payload_name(sent_++));
        log_->published.emplace_back(id, ctx.now());
        log_->producer_unconfirmed = client_.unconfirmed();
        ctx.set_timer(every_, 1);
    }

private:
    std::shared_ptr<Log> log_;
    std::string topic_;
    int count_;
    Nanos every_;
    int sent_ = 0;
    BrokerClient client_;
};

/// Consumes (topic, group) and acks every delivery, except that it withholds the ack of a first
/// delivery whose payload is in `no_first_ack`, and acks nothing before `ack_from`.
class ConsumerNode : public Node {
public:
    ConsumerNode(std::shared_ptr<Log> log, std::string topic, std::string group, std::set<std::string> no_first_ack = {},
                 Nanos ack_from = Nanos(0), std::uint32_t max_in_flight = 16)
        : log_(std::move(log)), topic_(std::move(topic)), group_(std::move(group)), no_first_ack_(std::move(no_first_ack)),
          ack_from_(ack_from), max_in_flight_(max_in_flight) {}
    void start(Context& ctx) override {
        client_.start(ctx);
        client_.consume(
            ctx, topic_, group_,
            [this](Context& c, const archlab::broker::Delivery& d) {
                {
                    std::lock_guard lock(log_->handed_mu);
                    log_->handed.push_back({c.name(c.self()), d, c.now()});
                }
                log_->handed_count.fetch_add(1);
                if (d.deliveries == 1 && no_first_ack_.count(d.payload) != 0) return;
                if (c.now() < ack_from_) return;
                client_.ack(c, d);
            },
            max_in_flight_);
    }
    void on_message(Context& ctx, const Message& msg) override { client_.on_message(ctx, msg); }
    void on_timer(Context& ctx, std::uint64_t tag) override { client_.on_timer(ctx, tag); }

private:
    std::shared_ptr<Log> log_;
    std::string topic_, group_;
    std::set<std::string> no_first_ack_;
    Nanos ack_from_;
    std::uint32_t max_in_flight_;
    BrokerClient client_;
};

/// The broker on a SimRuntime, with its database in a temporary folder. Add producers and
/// consumers with add(), then start().
struct Cluster {
    QTemporaryDir dir;
    std::shared_ptr<BrokerConfig> cfg = std::make_shared<BrokerConfig>();
    std::shared_ptr<BrokerMetrics> metrics = std::make_shared<BrokerMetrics>();
    std::shared_ptr<SqlitePool> db;
    std::shared_ptr<Log> log = std::make_shared<Log>();
    std::unique_ptr<SimRuntime> rt;
    BrokerNode* broker_now = nullptr;  ///< the broker's current instance (valid while it is up)
    NodeIndex broker = kNoNode;

    explicit Cluster(std::uint64_t seed = 1) {
        rt = std::make_unique<SimRuntime>(seed, std::chrono::microseconds(200));
        db = std::make_shared<SqlitePool>(dir.filePath("broker.sqlite3").toStdString());
        broker_db_prepare(*db);
        broker = rt->add_node({"broker", "broker", 1, [this] {
                                   auto node = std::make_unique<BrokerNode>(
                                       cfg, metrics, db, [l = log](std::uint64_t c, std::string bytes) { l->pushed[c] += bytes; });
                                   broker_now = node.get();
                                   return node;
                               }});
    }
    void add(const std::string& name, std::function<std::unique_ptr<Node>()> factory) {
        rt->add_node({name, "service", 0, std::move(factory)});
    }
    void add_producer(const std::string& name, const std::string& topic, int count, Nanos every) {
        add(name, [l = log, topic, count, every] { return std::make_unique<ProducerNode>(l, topic, count, every); });
    }
    void add_consumer(const std::string& name, const std::string& topic, const std::string& group,
                      std::set<std::string> no_first_ack = {}, Nanos ack_from = Nanos(0)) {
        add(name, [l = log, topic, group, no_first_ack, ack_from] {
            return std::make_unique<ConsumerNode>(l, topic, group, no_first_ack, ack_from);
        });
    }
    void start() { rt->start(); }

    /// Runs a RESP command on the broker's thread and returns the reply (run to completion).
    std::string command(const std::vector<std::string>& args, std::uint64_t connection = 1) {
        auto reply = std::make_shared<std::string>();
        rt->post(broker, [args, reply, connection](Node& n, Context& ctx) {
            static_cast<BrokerNode&>(n).run_command(ctx, connection, args, [reply](std::string bytes) { *reply += bytes; });
        });
        rt->run_for(std::chrono::microseconds(1));
        return *reply;
    }
    /// Payloads handed to consumers of group (repeats included), in order.
    std::vector<std::string> payloads(const std::string& group) const {
        std::vector<std::string> out;
        for (const Handed& h : log->handed) {
            if (h.d.group == group) out.push_back(h.d.payload);
        }
        return out;
    }
};

}  // namespace broker_test
