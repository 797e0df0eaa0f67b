#include "core/broker/broker_node.h"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <utility>

#include "core/broker/broker_db.h"
#include "core/broker/delivery_faults.h"
#include "core/resp/command_args.h"

namespace archlab::broker {

namespace {
constexpr std::uint64_t kScanTimer = 1;  ///< overdue acks and consumer leases
constexpr const char* kLoading = "LOADING Redis is loading the dataset in memory";

/// The value of field `name` in an entry's field list ("" when absent).
const std::string* field(const StreamEntry& e, std::string_view name) {
    for (std::size_t i = 0; i + 1 < e.fields.size(); i += 2) {
        if (e.fields[i] == name) return &e.fields[i + 1];
    }
    return nullptr;
}
}  // namespace

BrokerNode::BrokerNode(std::shared_ptr<BrokerConfig> cfg, std::shared_ptr<BrokerMetrics> metrics,
                       std::shared_ptr<SqlitePool> db, PushFn push)
    : cfg_(std::move(cfg)), m_(std::move(metrics)), db_(std::move(db)), push_(std::move(push)) {
    topics_ = std::make_unique<TopicStore>();
    commands_ = std::make_unique<BrokerCommands>(*topics_, pubsub_, push_);
}

void BrokerNode::start(Context& ctx) {
    m_->incarnations.fetch_add(1);
    recovering_ = true;
    auto loaded = std::make_shared<std::unique_ptr<TopicStore>>(std::make_unique<TopicStore>());
    auto failed = std::make_shared<bool>(false);
    Job job;
    job.hold = from_ms(cfg_->db_ms.load());
    job.compute = [db = db_, loaded, failed] {
        try {
            db->with([&](sqlite3* conn) { broker_db_load(conn, **loaded); });
        } catch (const std::exception&) {
            *failed = true;
        }
    };
    job.done = [this, &ctx, loaded, failed](Nanos) {
        if (*failed) m_->db_errors.fetch_add(1);
        topics_ = std::move(*loaded);
        commands_ = std::make_unique<BrokerCommands>(*topics_, pubsub_, push_);
        recovering_ = false;
        update_gauges();
        ctx.set_timer(from_ms(cfg_->scan_period_ms()), kScanTimer);
        for (const Message& held : std::exchange(held_, {})) on_message(ctx, held);
    };
    ctx.execute(std::move(job));
}

void BrokerNode::on_message(Context& ctx, const Message& msg) {
    if (recovering_) {
        held_.push_back(msg);  // handled once the database is read back, in arrival order
        return;
    }
    switch (msg.type) {
        case kPublish: on_publish(ctx, msg); break;
        case kSubscribe: on_subscribe(ctx, msg); break;
        case kAck: on_ack(ctx, msg); break;
        default: break;
    }
}

void BrokerNode::on_timer(Context& ctx, std::uint64_t tag) {
    if (tag == kScanTimer) {
        redeliver_overdue(ctx);
        pump(ctx);
        retire_consumed();
        update_gauges();
        flush(ctx);
        ctx.set_timer(from_ms(cfg_->scan_period_ms()), kScanTimer);
        return;
    }
    if (auto it = delayed_.find(tag); it != delayed_.end()) {
        ctx.send(it->second.to, kDeliver, it->second.id, std::move(it->second.body));
        delayed_.erase(it);
        return;
    }
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
        if (it->tag != tag) continue;
        it->reply("*-1\r\n");  // BLOCK ran out: a null array
        waiting_.erase(it);
        return;
    }
}

CommandClock BrokerNode::clock(const Context& ctx) const {
    const std::int64_t now_ns = ctx.now().count();
    return {now_ns, static_cast<std::uint64_t>(cfg_->unix_ms_at_zero + now_ns / 1'000'000)};
}

void BrokerNode::on_publish(Context& ctx, const Message& msg) {
    PublishMsg p;
    if (!decode(msg.body, p)) return;
    Stream& s = topics_->get_or_create(p.topic);
    published_topics_.insert(p.topic);
    std::vector<std::string> fields{"producer", ctx.name(msg.from), "pid", std::to_string(p.producer_msg_id), "data",
                                    p.payload};
    StreamId id;
    if (s.add(AddIdSpec{{}, true, true}, std::move(fields), clock(ctx).unix_ms, id) != AddError::None) return;
    m_->published.fetch_add(1);
    announce(p.topic, p.payload);
    confirms_after_next_batch_.push_back(
        Message{ctx.self(), msg.from, kPublished, msg.id, encode_published(p.producer_msg_id, id)});
    pump(ctx);
    retry_blocked(ctx);
    flush(ctx);
}

void BrokerNode::on_subscribe(Context& ctx, const Message& msg) {
    SubscribeMsg sub;
    if (!decode(msg.body, sub)) return;
    Stream& s = topics_->get_or_create(sub.topic);
    if (!s.group(sub.group)) s.create_group(sub.group, sub.from_start ? StreamId::min() : s.last_id());
    ConsumerSet& set = consumers_[GroupKey{sub.topic, sub.group}];
    const std::string& name = ctx.name(msg.from);
    auto it = std::find_if(set.consumers.begin(), set.consumers.end(), [&](const ClusterConsumer& c) { return c.name == name; });
    if (it == set.consumers.end()) {
        set.consumers.push_back({msg.from, name, 1, 0});
        it = std::prev(set.consumers.end());
    }
    it->node = msg.from;
    it->max_in_flight = std::max<std::uint32_t>(1, sub.max_in_flight);
    it->last_heard_ns = ctx.now().count();
    ctx.send(msg.from, kSubscribed, msg.id, encode(sub));
    pump(ctx);
    flush(ctx);
}

void BrokerNode::on_ack(Context& ctx, const Message& msg) {
    AckMsg a;
    if (!decode(msg.body, a)) return;
    if (Stream* s = topics_->find(a.topic)) m_->acked.fetch_add(s->ack(a.group, {a.id}));
    pump(ctx);
    flush(ctx);
}

void BrokerNode::pump(Context& ctx) {
    const std::int64_t lease_ns = from_ms(cfg_->lease_ms.load()).count();
    const std::int64_t now = ctx.now().count();
    for (auto& [key, set] : consumers_) {
        auto& cs = set.consumers;
        cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const ClusterConsumer& c) { return now - c.last_heard_ns > lease_ns; }),
                 cs.end());
        if (set.next >= cs.size()) set.next = 0;
        pump(ctx, key, set);
    }
}

void BrokerNode::pump(Context& ctx, const GroupKey& key, ConsumerSet& set) {
    Stream* s = topics_->find(key.topic);
    const ConsumerGroup* g = s ? s->group(key.group) : nullptr;
    if (!g || set.consumers.empty()) return;
    std::map<std::string, std::uint64_t> in_flight;
    for (const auto& [id, p] : g->pending) ++in_flight[p.consumer];
    for (;;) {
        const auto newest = s->newest();
        if (!newest || *newest <= s->group(key.group)->last_delivered) return;
        // The next consumer with room, round-robin.
        std::size_t pick = set.consumers.size();
        for (std::size_t k = 0; k < set.consumers.size(); ++k) {
            const std::size_t i = (set.next + k) % set.consumers.size();
            if (in_flight[set.consumers[i].name] < set.consumers[i].max_in_flight) {
                pick = i;
                break;
            }
        }
        if (pick == set.consumers.size()) return;
        const ClusterConsumer& c = set.consumers[pick];
        set.next = (pick + 1) % set.consumers.size();
        const auto items = s->read_new(key.group, c.name, 1, false, ctx.now().count());
        if (items.empty()) return;
        ++in_flight[c.name];
        m_->delivered.fetch_add(1);
        send_delivery(ctx, c.node, key.topic, key.group, items.front().id, items.front().entry, 1);
    }
}

void BrokerNode::retire_consumed() {
    const std::uint64_t keep = cfg_->retain_consumed.load();
    // Topics cluster nodes consume, and those they publish to: a topic nobody in the cluster
    // reads (2pc's and the orchestrator's orders.committed, orders.completed: a feed for
    // redis-cli) has no group, so every entry counts as consumed and the newest `keep` stay; a
    // group redis-cli made still holds what it needs. Each topic once.
    std::set<std::string_view> topics(published_topics_.begin(), published_topics_.end());
    for (const auto& [key, set] : consumers_) topics.insert(key.topic);
    for (const std::string_view topic : topics) {
        if (Stream* s = topics_->find(topic)) m_->retired.fetch_add(s->trim_consumed(keep));
    }
}

bool BrokerNode::is_cluster_consumer(const Context& ctx, const std::string& name) const {
    return ctx.lookup(name) != kNoNode;
}

void BrokerNode::redeliver_overdue(Context& ctx) {
    const std::int64_t timeout_ns = from_ms(cfg_->ack_timeout_ms.load()).count();
    const std::int64_t now = ctx.now().count();
    for (const auto& [topic, stream] : topics_->topics()) {
        for (const auto& [group, g] : stream->groups()) {
            auto set_it = consumers_.find(GroupKey{topic, group});
            if (set_it == consumers_.end() || set_it->second.consumers.empty()) continue;
            ConsumerSet& set = set_it->second;
            std::vector<StreamId> overdue, trimmed;
            for (const auto& [id, p] : g.pending) {
                if (now - p.delivered_ns < timeout_ns || !is_cluster_consumer(ctx, p.consumer)) continue;
                (stream->find(id) ? overdue : trimmed).push_back(id);
            }
            if (!trimmed.empty()) stream->ack(group, trimmed);  // nothing left to deliver
            for (StreamId id : overdue) {
                const std::string& holder = g.pending.at(id).consumer;
                auto owner = std::find_if(set.consumers.begin(), set.consumers.end(),
                                          [&](const ClusterConsumer& c) { return c.name == holder; });
                if (owner == set.consumers.end()) {
                    owner = set.consumers.begin() + static_cast<std::ptrdiff_t>(set.next % set.consumers.size());
                    set.next = (set.next + 1) % set.consumers.size();
                }
                const ClusterConsumer target = *owner;
                stream->redeliver(group, id, target.name, now);
                m_->redelivered.fetch_add(1);
                m_->delivered.fetch_add(1);
                send_delivery(ctx, target.node, topic, group, id, stream->find(id), g.pending.at(id).deliveries);
            }
        }
    }
}

void BrokerNode::send_delivery(Context& ctx, NodeIndex to, const std::string& topic, const std::string& group, StreamId id,
                               const StreamEntry* entry, std::uint64_t deliveries) {
    DeliverMsg d;
    d.topic = topic;
    d.group = group;
    d.id = id;
    d.deliveries = static_cast<std::uint32_t>(deliveries);
    if (entry) {
        const std::string* producer = field(*entry, "producer");
        const std::string* pid = field(*entry, "pid");
        const std::string* data = field(*entry, "data");
        if (producer && pid && data) {
            d.producer = ctx.lookup(*producer);
            d.producer_msg_id = std::strtoull(pid->c_str(), nullptr, 10);
            d.payload = *data;
        } else {
            // An entry added from outside (XADD): its fields as "field value field value".
            for (std::size_t i = 0; i < entry->fields.size(); ++i) d.payload += (i ? " " : "") + entry->fields[i];
        }
    }
    const DeliveryPlan plan = plan_delivery(*cfg_, ctx.random());
    if (plan.copies == 0) {
        m_->dropped.fetch_add(1);
        return;
    }
    if (plan.copies > 1) m_->duplicated.fetch_add(static_cast<std::uint64_t>(plan.copies - 1));
    const std::string body = encode(d);
    for (int k = 0; k < plan.copies; ++k) {
        if (plan.delay.count() > 0) {
            const std::uint64_t tag = next_tag_++;
            delayed_[tag] = Delayed{to, body, id.seq};
            ctx.set_timer(plan.delay, tag);
        } else {
            ctx.send(to, kDeliver, id.seq, body);
        }
    }
}

void BrokerNode::announce(const std::string& topic, const std::string& payload) {
    if (!push_) return;
    pubsub_.publish(topic, payload, push_);
    for (std::size_t dot = topic.find('.'); dot != std::string::npos; dot = topic.find('.', dot + 1)) {
        pubsub_.publish_as(topic.substr(0, dot + 1) + "*", topic, payload, push_);
    }
}

void BrokerNode::flush(Context& ctx) {
    if (flushing_ || (topics_->journal().empty() && confirms_after_next_batch_.empty())) return;
    flushing_ = true;
    auto ops = std::make_shared<std::vector<JournalOp>>(topics_->journal().take());
    auto confirms = std::make_shared<std::vector<Message>>(std::exchange(confirms_after_next_batch_, {}));
    auto failed = std::make_shared<bool>(false);
    Job job;
    job.hold = from_ms(cfg_->db_ms.load());
    job.compute = [db = db_, ops, failed] {
        try {
            db->with([&](sqlite3* conn) { broker_db_write(conn, *ops); });
        } catch (const std::exception&) {
            *failed = true;
        }
    };
    job.done = [this, &ctx, confirms, failed](Nanos) {
        flushing_ = false;
        if (*failed) {
            m_->db_errors.fetch_add(1);  // not durable: the producers are not told, and resend
        } else {
            for (Message& c : *confirms) ctx.send(c.to, c.type, c.id, std::move(c.body));
        }
        flush(ctx);
    };
    ctx.execute(std::move(job));
}

void BrokerNode::run_command(Context& ctx, std::uint64_t connection, const std::vector<std::string>& args, ReplyFn reply) {
    if (args.empty()) return;
    std::string out;
    if (recovering_) {
        resp::RespWriter(out).error(kLoading);
        reply(std::move(out));
        return;
    }
    RespSession& session = sessions_[connection];
    session.id = connection;
    auto blocked = commands_->execute(args, session, clock(ctx), out);
    if (resp::equals_ci(args[0], "xadd") && out.size() > 1 && out[0] == '$' && out[1] != '-') m_->published.fetch_add(1);
    if (blocked) {
        Waiting w{connection, std::move(*blocked), std::move(reply), 0, 0};
        if (w.read.deadline_ns != 0) {
            w.tag = next_tag_++;
            w.timer = ctx.set_timer(Nanos(std::max<std::int64_t>(0, w.read.deadline_ns - ctx.now().count())), w.tag);
        }
        waiting_.push_back(std::move(w));
    } else {
        reply(std::move(out));
    }
    pump(ctx);
    retry_blocked(ctx);
    flush(ctx);
}

void BrokerNode::connection_closed(std::uint64_t connection) {
    pubsub_.drop(connection);
    sessions_.erase(connection);
    waiting_.erase(std::remove_if(waiting_.begin(), waiting_.end(), [&](const Waiting& w) { return w.connection == connection; }),
                   waiting_.end());
}

void BrokerNode::retry_blocked(Context& ctx) {
    for (auto it = waiting_.begin(); it != waiting_.end();) {
        std::string out;
        RespSession& session = sessions_[it->connection];
        if (commands_->retry(it->read, session, clock(ctx), out)) {
            if (it->timer != 0) ctx.cancel_timer(it->timer);
            it->reply(std::move(out));
            it = waiting_.erase(it);
        } else {
            ++it;
        }
    }
}

void BrokerNode::update_gauges() {
    std::uint64_t pending = 0, backlog = 0;
    for (const auto& [topic, stream] : topics_->topics()) {
        for (const auto& [group, g] : stream->groups()) {
            pending += g.pending.size();
            backlog += stream->count_after(g.last_delivered);
        }
    }
    m_->pending.store(pending);
    m_->backlog.store(backlog);
}

}  // namespace archlab::broker
