// The broker node on the simulated runtime: redelivery after a missing ack, consumer groups
// sharing work, seeded delay/drop/duplicate faults that repeat exactly, and a kill/restart that
// keeps the persisted unacknowledged entries and delivers them again; retention of consumed entries.
#include <QTest>

#include <algorithm>
#include <map>

#include "broker_sim_cluster.h"
#include "core/broker/broker_knobs.h"
#include "core/lab/settings.h"

using namespace broker_test;
using namespace std::chrono_literals;

namespace {

std::set<std::string> payload_set(int count) {
    std::set<std::string> all;
    for (int i = 0; i < count; ++i) all.insert(payload_name(i));
    return all;
}

/// A run with every fault on, as a list of (consumer, payload, deliveries, at) for comparing runs.
std::vector<std::string> faulty_run(std::uint64_t seed, std::uint64_t* dropped = nullptr, std::uint64_t* duplicated = nullptr) {
    Cluster c(seed);
    c.cfg->ack_timeout_ms = 100;
    c.cfg->drop_ratio = 0.2;
    c.cfg->duplicate_ratio = 0.2;
    c.cfg->delivery_delay_ms = 5;
    c.add_producer("producer", "orders.placed", 50, 3ms);
    c.add_consumer("consumer-1", "orders.placed", "g");
    c.add_consumer("consumer-2", "orders.placed", "g");
    c.start();
    c.rt->run_until(3s);
    std::vector<std::string> trace;
    for (const Handed& h : c.log->handed) {
        trace.push_back(h.consumer + " " + h.d.payload + " " + std::to_string(h.d.deliveries) + " " +
                        std::to_string(h.at.count()));
    }
    if (dropped) *dropped = c.metrics->dropped.load();
    if (duplicated) *duplicated = c.metrics->duplicated.load();
    // At least once: every payload reached the group, and nothing is left pending.
    std::set<std::string> got;
    for (const Handed& h : c.log->handed) got.insert(h.d.payload);
    if (got != payload_set(50)) trace.push_back("missing deliveries");
    if (c.metrics->pending.load() != 0) trace.push_back("pending left");
    trace.push_back("fingerprint " + c.rt->fingerprint());
    return trace;
}

}  // namespace

class TestBrokerDelivery : public QObject {
    Q_OBJECT
private slots:
    void every_entry_is_delivered_once_without_faults() {
        Cluster c;
        c.add_producer("producer", "orders.placed", 20, 5ms);
        c.add_consumer("consumer", "orders.placed", "g");
        c.start();
        c.rt->run_until(2s);
        const auto got = c.payloads("g");
        QCOMPARE(got.size(), std::size_t(20));
        QCOMPARE(std::set<std::string>(got.begin(), got.end()), payload_set(20));
        QCOMPARE(c.log->producer_confirmed, std::uint64_t(20));
        QCOMPARE(c.log->producer_unconfirmed, std::uint64_t(0));
        QCOMPARE(c.metrics->redelivered.load(), std::uint64_t(0));
        QCOMPARE(c.metrics->pending.load(), std::uint64_t(0));
        // The redis side sees the same topic: 20 entries, none pending for the group.
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":20\r\n"));
        QCOMPARE(c.command({"XPENDING", "orders.placed", "g"}), std::string("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"));
    }

    void cluster_events_show_on_the_redis_side() {
        Cluster c;
        c.add_producer("producer", "orders.placed", 2, 10ms);
        c.add_consumer("auditor", "orders.placed", "audit");
        c.start();
        c.rt->run_for(1ms);
        QCOMPARE(c.command({"SUBSCRIBE", "orders.*"}, 5), std::string("*3\r\n$9\r\nsubscribe\r\n$8\r\norders.*\r\n:1\r\n"));
        QCOMPARE(c.command({"PSUBSCRIBE", "orders.*"}, 6), std::string("*3\r\n$10\r\npsubscribe\r\n$8\r\norders.*\r\n:1\r\n"));
        QCOMPARE(c.command({"SUBSCRIBE", "orders.placed"}, 7),
                 std::string("*3\r\n$9\r\nsubscribe\r\n$13\r\norders.placed\r\n:1\r\n"));
        c.rt->run_until(100ms);
        const auto message = [](const std::string& payload) {
            return "*3\r\n$7\r\nmessage\r\n$13\r\norders.placed\r\n$2\r\n" + payload + "\r\n";
        };
        QCOMPARE(c.log->pushed[5], message("m0") + message("m1"));  // a family name: messages name the topic
        QCOMPARE(c.log->pushed[7], message("m0") + message("m1"));
        QCOMPARE(c.log->pushed[6], std::string("*4\r\n$8\r\npmessage\r\n$8\r\norders.*\r\n$13\r\norders.placed\r\n$2\r\nm0\r\n"
                                               "*4\r\n$8\r\npmessage\r\n$8\r\norders.*\r\n$13\r\norders.placed\r\n$2\r\nm1\r\n"));
        // And as stream entries: producer, its id for the publish, the payload.
        const std::string range = c.command({"XRANGE", "orders.placed", "-", "+", "COUNT", "1"});
        const std::string pid = std::to_string(c.log->published.at(0).first);
        const std::string fields = "*6\r\n$8\r\nproducer\r\n$8\r\nproducer\r\n$3\r\npid\r\n$" + std::to_string(pid.size()) +
                                   "\r\n" + pid + "\r\n$4\r\ndata\r\n$2\r\nm0\r\n";
        QVERIFY2(range.size() > fields.size() && range.substr(range.size() - fields.size()) == fields, range.c_str());
        // An entry added from redis-cli reaches the cluster's consumers of the topic too.
        QCOMPARE(c.command({"XADD", "orders.placed", "*", "note", "from-cli"}).substr(0, 4), std::string("$15\r"));
        QCOMPARE(c.metrics->published.load(), std::uint64_t(3));
        c.rt->run_for(10ms);
        QCOMPARE(c.payloads("audit"), (std::vector<std::string>{"m0", "m1", "note from-cli"}));
        QCOMPARE(c.log->handed.back().d.producer, kNoNode);
        QCOMPARE(c.log->handed.back().d.producer_msg_id, std::uint64_t(0));
    }

    void a_blocked_xreadgroup_is_answered_by_a_cluster_publish_or_its_timeout() {
        Cluster c;
        c.add_producer("producer", "t", 1, 50ms);
        c.start();
        c.rt->run_for(1ms);
        QCOMPARE(c.command({"XGROUP", "CREATE", "t", "cli", "$", "MKSTREAM"}), std::string("+OK\r\n"));
        auto reply = std::make_shared<std::string>();
        const auto block = [&](const std::string& ms) {
            reply->clear();
            c.rt->post(c.broker, [reply, ms](Node& n, Context& ctx) {
                static_cast<BrokerNode&>(n).run_command(ctx, 3, {"XREADGROUP", "GROUP", "cli", "watcher", "BLOCK", ms, "STREAMS", "t", ">"},
                                                        [reply](std::string bytes) { *reply += bytes; });
            });
        };
        block("0");  // waits for ever: answered by the producer's publish at 50 ms
        c.rt->run_until(49ms);
        QCOMPARE(*reply, std::string());
        c.rt->run_until(51ms);
        QVERIFY2(reply->rfind("*1\r\n*2\r\n$1\r\nt\r\n*1\r\n*2\r\n$15\r\n", 0) == 0, reply->c_str());
        QVERIFY2(reply->find("$4\r\ndata\r\n$2\r\nm0\r\n") != std::string::npos, reply->c_str());
        block("100");  // nothing more comes: a null array once 100 ms have passed
        c.rt->run_for(99ms);
        QCOMPARE(*reply, std::string());
        c.rt->run_for(2ms);
        QCOMPARE(*reply, std::string("*-1\r\n"));
    }

    void a_missing_ack_means_redelivery_after_the_timeout() {
        Cluster c;
        c.cfg->ack_timeout_ms = 200;
        c.add_producer("producer", "orders.placed", 10, 5ms);
        c.add_consumer("consumer", "orders.placed", "g", {"m3", "m7"});
        c.start();
        c.rt->run_until(1s);
        std::map<std::string, std::vector<Handed>> by_payload;
        for (const Handed& h : c.log->handed) by_payload[h.d.payload].push_back(h);
        QCOMPARE(by_payload.size(), std::size_t(10));
        for (const auto& [payload, hs] : by_payload) {
            const bool withheld = payload == "m3" || payload == "m7";
            QCOMPARE(hs.size(), std::size_t(withheld ? 2 : 1));
            QCOMPARE(hs.front().d.deliveries, 1u);
            QVERIFY(!hs.front().d.redelivered());
            if (!withheld) continue;
            const Handed& again = hs.back();
            QCOMPARE(again.d.deliveries, 2u);
            QVERIFY(again.d.seen_before);
            QCOMPARE(again.d.id, hs.front().d.id);  // the same entry, not a new one
            // Not before the timeout, and within one scan period (a quarter of it) plus the link.
            const Nanos waited = again.at - hs.front().at;
            QVERIFY(waited >= 200ms);
            QVERIFY(waited <= 200ms + 50ms + 1ms);
        }
        QCOMPARE(c.metrics->redelivered.load(), std::uint64_t(2));
        QCOMPARE(c.metrics->pending.load(), std::uint64_t(0));
    }

    void redelivery_shows_in_xpending_until_acked() {
        Cluster c;
        c.cfg->ack_timeout_ms = 300;
        c.add_producer("producer", "t", 1, 10ms);
        c.add_consumer("consumer", "t", "g", {}, 500ms);  // acks nothing before 500 ms
        c.start();
        c.rt->run_until(450ms);  // delivered at ~10 ms, again at ~310-385 ms
        const std::string pending = c.command({"XPENDING", "t", "g", "-", "+", "10"});
        QVERIFY2(pending.find("$8\r\nconsumer\r\n") != std::string::npos, pending.c_str());
        QVERIFY2(pending.size() > 4 && pending.substr(pending.size() - 4) == ":2\r\n", pending.c_str());  // 2 deliveries
        c.rt->run_until(2s);
        QCOMPARE(c.command({"XPENDING", "t", "g"}), std::string("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"));
    }

    void consumers_of_one_group_share_the_work_and_each_group_gets_everything() {
        Cluster c;
        c.add_producer("producer", "orders.placed", 40, 2ms);
        c.add_consumer("worker-1", "orders.placed", "billing");
        c.add_consumer("worker-2", "orders.placed", "billing");
        c.add_consumer("auditor", "orders.placed", "audit");
        c.start();
        c.rt->run_until(2s);
        std::map<std::string, std::set<std::string>> by_consumer;
        std::size_t billing = 0;
        for (const Handed& h : c.log->handed) {
            QVERIFY(by_consumer[h.consumer].insert(h.d.payload).second);  // no faults: no repeats
            if (h.d.group == "billing") ++billing;
        }
        QCOMPARE(billing, std::size_t(40));
        QVERIFY(!by_consumer["worker-1"].empty());
        QVERIFY(!by_consumer["worker-2"].empty());
        std::set<std::string> both = by_consumer["worker-1"];
        both.insert(by_consumer["worker-2"].begin(), by_consumer["worker-2"].end());
        QCOMPARE(both, payload_set(40));                        // together they got everything, once
        QCOMPARE(by_consumer["auditor"], payload_set(40));       // the other group got everything too
    }

    void a_group_entry_is_redelivered_to_another_consumer_when_its_holder_is_gone() {
        Cluster c;
        c.cfg->ack_timeout_ms = 200;
        c.cfg->lease_ms = 600;
        c.add_producer("producer", "t", 10, 5ms);
        c.add_consumer("worker-1", "t", "g", {}, 10s);  // never acks in this run
        c.add_consumer("worker-2", "t", "g");
        c.start();
        c.rt->run_until(100ms);
        c.rt->kill(c.rt->lookup("worker-1"));
        c.rt->run_until(3s);
        std::set<std::string> acked_by_2;
        for (const Handed& h : c.log->handed) {
            if (h.consumer == "worker-2") acked_by_2.insert(h.d.payload);
        }
        QCOMPARE(acked_by_2, payload_set(10));
        QCOMPARE(c.metrics->pending.load(), std::uint64_t(0));
    }

    void faults_are_seeded_and_repeat_exactly() {
        std::uint64_t dropped = 0, duplicated = 0;
        const auto a = faulty_run(11, &dropped, &duplicated);
        const auto b = faulty_run(11);
        const auto other = faulty_run(12);
        QVERIFY(std::find(a.begin(), a.end(), "missing deliveries") == a.end());
        QVERIFY(std::find(a.begin(), a.end(), "pending left") == a.end());
        QVERIFY(dropped > 0);
        QVERIFY(duplicated > 0);
        QCOMPARE(a, b);
        QVERIFY(a != other);
    }

    void duplicate_fault_hands_the_same_entry_twice() {
        Cluster c;
        c.cfg->duplicate_ratio = 1.0;
        c.add_producer("producer", "t", 5, 5ms);
        c.add_consumer("consumer", "t", "g");
        c.start();
        c.rt->run_until(1s);
        QCOMPARE(c.log->handed.size(), std::size_t(10));
        std::size_t seen_before = 0;
        for (const Handed& h : c.log->handed) {
            QCOMPARE(h.d.deliveries, 1u);  // the broker delivered once; the copy is the fault's
            if (h.d.seen_before) ++seen_before;
        }
        QCOMPARE(seen_before, std::size_t(5));
        QCOMPARE(c.metrics->duplicated.load(), std::uint64_t(5));
    }

    void knobs_change_the_running_broker() {
        Cluster c;
        Settings settings(broker_knobs());
        apply_broker_knobs(settings, *c.cfg);  // the defaults: no faults
        c.add_producer("producer", "t", 10, 20ms);
        c.add_consumer("consumer", "t", "g");
        c.start();
        c.rt->run_until(105ms);  // m0..m4 delivered once each
        settings.set("broker_duplicate_ratio", "1");
        apply_broker_knobs(settings, *c.cfg);
        c.rt->run_until(1s);
        std::vector<std::string> expected{"m0", "m1", "m2", "m3", "m4"};
        for (int i = 5; i < 10; ++i) expected.insert(expected.end(), 2, payload_name(i));
        QCOMPARE(c.payloads("g"), expected);
        QVERIFY_THROWS_EXCEPTION(InputError, settings.set("broker_drop_ratio", "1.5"));
    }

    void delay_fault_holds_every_delivery() {
        Cluster c;
        c.cfg->delivery_delay_ms = 40;
        c.add_producer("producer", "t", 3, 100ms);
        c.add_consumer("consumer", "t", "g");
        c.start();
        c.rt->run_until(1s);
        QCOMPARE(c.log->handed.size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i) {
            const Nanos sent = c.log->published[i].second;
            const Nanos lag = c.log->handed[i].at - sent;
            QVERIFY(lag >= 40ms);
            QVERIFY(lag < 45ms);
        }
    }

    void restart_keeps_unacked_entries_and_delivers_them_again() {
        Cluster c;
        c.cfg->ack_timeout_ms = 300;
        c.add_producer("producer", "orders.placed", 12, 5ms);  // fewer than max_in_flight (16)
        c.add_consumer("consumer", "orders.placed", "g", {}, 1500ms);  // holds every ack until 1.5 s
        c.start();
        c.rt->run_until(500ms);
        QCOMPARE(c.log->producer_confirmed, std::uint64_t(12));
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":12\r\n"));
        c.rt->kill(c.broker);
        c.rt->run_until(700ms);
        c.rt->restart(c.broker);
        c.rt->run_for(1ms);  // reads its database back
        QVERIFY(!c.broker_now->recovering());
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":12\r\n"));
        const std::string summary = c.command({"XPENDING", "orders.placed", "g"});
        QVERIFY2(summary.rfind("*4\r\n:12\r\n", 0) == 0, summary.c_str());  // all 12 still pending
        c.rt->run_until(4s);
        std::map<std::string, std::uint32_t> most_deliveries;
        for (const Handed& h : c.log->handed) {
            most_deliveries[h.d.payload] = std::max(most_deliveries[h.d.payload], h.d.deliveries);
        }
        QCOMPARE(most_deliveries.size(), std::size_t(12));
        for (const auto& [payload, n] : most_deliveries) QVERIFY2(n >= 2, payload.c_str());  // resent after the restart
        QCOMPARE(c.command({"XPENDING", "orders.placed", "g"}), std::string("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"));
        QCOMPARE(c.metrics->incarnations.load(), std::uint64_t(2));
    }

    void retention_deletes_consumed_entries_only_and_the_deletes_outlive_a_restart() {
        Cluster c;
        c.cfg->retain_consumed = 5;
        c.cfg->ack_timeout_ms = 300;
        c.add_producer("producer", "orders.placed", 12, 5ms);
        c.add_consumer("consumer", "orders.placed", "g", {}, 1500ms);  // holds every ack until 1.5 s
        c.add_producer("announcer", "orders.feed", 9, 5ms);  // published by the cluster, read by none of it
        c.start();
        c.rt->run_until(1s);
        for (int i = 0; i < 8; ++i) c.command({"XADD", "redis-only", "*", "f", std::to_string(i)});
        // Delivered, not acknowledged: every entry stays, whatever the retention.
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":12\r\n"));
        c.rt->run_until(3s);
        QCOMPARE(c.command({"XPENDING", "orders.placed", "g"}), std::string("*4\r\n:0\r\n$-1\r\n$-1\r\n*-1\r\n"));
        // All acknowledged: the newest five stay, the oldest seven are gone.
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":5\r\n"));
        // A topic the cluster publishes and none of it reads keeps its newest five too.
        QCOMPARE(c.command({"XLEN", "orders.feed"}), std::string(":5\r\n"));
        QCOMPARE(c.metrics->retired.load(), std::uint64_t(7 + 4));
        const std::string newest = c.command({"XRANGE", "orders.placed", "-", "+"});
        QVERIFY2(newest.find(payload_name(7)) != std::string::npos && newest.find(payload_name(11)) != std::string::npos &&
                     newest.find(payload_name(6)) == std::string::npos,
                 newest.c_str());
        // A stream no cluster node consumes keeps everything, as in Redis.
        QCOMPARE(c.command({"XLEN", "redis-only"}), std::string(":8\r\n"));
        // The deletes are in the database: a restarted broker reads back the same five.
        c.rt->kill(c.broker);
        c.rt->run_for(10ms);
        c.rt->restart(c.broker);
        c.rt->run_for(1ms);
        QVERIFY(!c.broker_now->recovering());
        QCOMPARE(c.command({"XLEN", "orders.placed"}), std::string(":5\r\n"));
        QCOMPARE(c.command({"XLEN", "orders.feed"}), std::string(":5\r\n"));
        QCOMPARE(c.command({"XLEN", "redis-only"}), std::string(":8\r\n"));
    }

    void a_publish_stored_but_not_confirmed_before_a_kill_is_stored_twice() {
        // m14 is published at 30 ms and reaches the broker at 30.2 ms; its write batch runs at once
        // and would be confirmed at 30.7 ms. The kill at 30.5 ms keeps the entry (it is in the
        // database) but loses the confirm, so the producer resends it: two entries, one producer id.
        Cluster c;
        c.add_producer("producer", "t", 30, 2ms);
        c.add_consumer("consumer", "t", "g");
        c.start();
        c.rt->run_until(30500us);
        c.rt->kill(c.broker);
        c.rt->run_until(100ms);
        c.rt->restart(c.broker);
        c.rt->run_until(5s);
        QCOMPARE(c.log->producer_unconfirmed, std::uint64_t(0));
        QCOMPARE(c.command({"XLEN", "t"}), std::string(":31\r\n"));
        std::map<std::string, std::set<StreamId>> entries;
        for (const Handed& h : c.log->handed) {
            const int i = std::stoi(h.d.payload.substr(1));
            QCOMPARE(h.d.producer_msg_id, c.log->published.at(static_cast<std::size_t>(i)).first);
            QCOMPARE(h.d.producer, c.rt->lookup("producer"));
            entries[h.d.payload].insert(h.d.id);
        }
        QCOMPARE(entries.size(), std::size_t(30));
        for (const auto& [payload, ids] : entries) QCOMPARE(ids.size(), std::size_t(payload == "m14" ? 2 : 1));
    }
};

QTEST_GUILESS_MAIN(TestBrokerDelivery)
#include "test_broker_delivery.moc"
