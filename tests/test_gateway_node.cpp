// The gateway node on the simulated runtime: requests go to "lb" as WebRequest messages,
// answers are matched by id, the timeout answers 504 at exactly its time, and nobody is left
// waiting when the gateway or the balancer is missing or dies.
#include <QtTest>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/net/gateway_node.h"
#include "core/runtime/sim_runtime.h"

using namespace archlab;
using namespace archlab::net;
using namespace std::chrono_literals;

namespace {

/// What the scripted balancer saw.
struct LbLog {
    std::vector<WebRequest> requests;  ///< decoded, in arrival order
};

/// A scripted "lb": the target path says how to answer.
///   /ok      200 from "node-1" with the request's key as the body
///   /late    200, but 2 s later (after the gateway's timeout)
///   /garbage bytes that are no WebResponse
///   /silent  never answers
class ScriptedLb : public Node {
public:
    explicit ScriptedLb(std::shared_ptr<LbLog> log) : log_(std::move(log)) {}
    void on_message(Context& ctx, const Message& m) override {
        if (m.type != kWebRequest) return;
        std::optional<WebRequest> r = decode_web_request(m.body);
        QVERIFY(r.has_value());
        log_->requests.push_back(*r);
        WebResponse ok;
        ok.node = "node-1";
        ok.body = r->key;
        if (r->target == "/ok") ctx.send(m.from, kWebResponse, m.id, encode(ok));
        if (r->target == "/garbage") ctx.send(m.from, kWebResponse, m.id, "not a response");
        if (r->target == "/late") {
            late_.push_back({m.from, m.id});
            ctx.set_timer(2s, late_.size() - 1);
        }
    }
    void on_timer(Context& ctx, std::uint64_t tag) override {
        WebResponse ok;
        ok.node = "node-1";
        ctx.send(late_[tag].first, kWebResponse, late_[tag].second, encode(ok));
    }

private:
    std::shared_ptr<LbLog> log_;
    std::vector<std::pair<NodeIndex, std::uint64_t>> late_;  ///< (sender, id) to answer late
};

/// One answer as the caller saw it.
struct Answer {
    WebResponse response;
    Nanos at{0};  ///< virtual time it came
};

struct Cluster {
    explicit Cluster(std::string target = "lb", Nanos timeout = 1s, std::size_t max_pending = 10000) : rt(5) {
        GatewayConfig cfg;
        cfg.target = std::move(target);
        cfg.timeout = timeout;
        cfg.max_pending = max_pending;
        cfg.stats = stats;
        gateway = rt.add_node(gateway_spec(cfg));
        lb = rt.add_node({"lb", "lb", 0, [l = log] { return std::make_unique<ScriptedLb>(l); }});
        rt.start();
        dispatch = gateway_dispatch(rt, gateway);
    }
    /// Submits a request for `target`; its answer lands in answers[returned index].
    std::size_t submit(const std::string& target, const std::string& key = "") {
        WebRequest r;
        r.target = target;
        r.key = key;
        const std::size_t slot = answers.size();
        answers.emplace_back();
        dispatch(r, [this, slot](WebResponse resp) { answers[slot] = Answer{std::move(resp), rt.now()}; });
        return slot;
    }
    std::shared_ptr<GatewayStats> stats = std::make_shared<GatewayStats>();
    std::shared_ptr<LbLog> log = std::make_shared<LbLog>();
    SimRuntime rt;
    NodeIndex gateway = kNoNode;
    NodeIndex lb = kNoNode;
    WebDispatch dispatch;
    std::vector<std::optional<Answer>> answers;
};

}  // namespace

class TestGatewayNode : public QObject {
    Q_OBJECT
private slots:
    void answers_are_matched_by_id() {
        Cluster c;
        c.rt.run_until(3ms);
        const std::size_t a = c.submit("/ok", "alice");
        const std::size_t b = c.submit("/ok", "bob");
        c.rt.run_until(1s);
        QVERIFY(c.answers[a] && c.answers[b]);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(200));
        QCOMPARE(c.answers[a]->response.body, std::string("alice"));
        QCOMPARE(c.answers[b]->response.body, std::string("bob"));
        QCOMPARE(c.answers[a]->response.node, std::string("node-1"));
        QCOMPARE(c.answers[a]->at, Nanos(3ms + 200us));  // one link delay each way
        QCOMPARE(c.log->requests.size(), std::size_t(2));
        QCOMPARE(c.log->requests[0].sent_ns, std::int64_t(Nanos(3ms).count()));  // stamped by the gateway
        QCOMPARE(c.stats->submitted.load(), std::uint64_t(2));
        QCOMPARE(c.stats->answered.load(), std::uint64_t(2));
        QCOMPARE(c.stats->timed_out.load(), std::uint64_t(0));
    }

    void silence_is_answered_504_at_the_timeout() {
        Cluster c("lb", 750ms);
        const std::size_t a = c.submit("/silent");
        c.rt.run_until(749ms);
        QVERIFY(!c.answers[a]);
        c.rt.run_until(2s);
        QVERIFY(c.answers[a]);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(504));
        QCOMPARE(c.answers[a]->response.cause, std::string("timeout"));
        QCOMPARE(c.answers[a]->at, Nanos(750ms));
        QCOMPARE(c.stats->timed_out.load(), std::uint64_t(1));
    }

    void past_max_pending_it_refuses_at_once() {
        Cluster c("lb", 1s, /*max_pending=*/3);
        c.rt.run_until(1ms);
        std::vector<std::size_t> ids;
        for (int i = 0; i < 5; ++i) ids.push_back(c.submit("/silent"));
        c.rt.run_until(2ms);
        // Three wait for the balancer; the other two are answered 503 at once, not queued.
        for (int i = 3; i < 5; ++i) {
            QVERIFY(c.answers[ids[i]]);
            QCOMPARE(c.answers[ids[i]]->response.status, std::uint16_t(503));
            QCOMPARE(c.answers[ids[i]]->response.cause, std::string("gateway-busy"));
        }
        for (int i = 0; i < 3; ++i) QVERIFY(!c.answers[ids[i]]);
        QCOMPARE(c.stats->shed.load(), std::uint64_t(2));
        QCOMPARE(c.log->requests.size(), std::size_t(3));
        // Once those time out there is room again.
        c.rt.run_until(1100ms);
        const std::size_t later = c.submit("/ok", "carol");
        c.rt.run_until(1200ms);
        QCOMPARE(c.answers[later]->response.status, std::uint16_t(200));
    }

    void a_late_answer_is_counted_not_delivered_twice() {
        Cluster c;
        const std::size_t a = c.submit("/late");
        int calls = 0;
        c.dispatch(WebRequest{}, [&calls](WebResponse) { ++calls; });  // target "/" : silent, times out too
        c.rt.run_until(5s);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(504));
        QCOMPARE(calls, 1);
        QCOMPARE(c.stats->late.load(), std::uint64_t(1));
        QCOMPARE(c.stats->answered.load(), std::uint64_t(0));
    }

    void a_broken_answer_is_502() {
        Cluster c;
        const std::size_t a = c.submit("/garbage");
        c.rt.run_until(10ms);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(502));
        QCOMPARE(c.answers[a]->response.cause, std::string("bad-response"));
        QCOMPARE(c.stats->malformed.load(), std::uint64_t(1));
    }

    void no_balancer_by_that_name_is_503_at_once() {
        Cluster c("no-such-node");
        const std::size_t a = c.submit("/ok");
        c.rt.run_until(1ms);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(503));
        QCOMPARE(c.answers[a]->response.cause, std::string("no-balancer"));
        QVERIFY(c.log->requests.empty());
    }

    void a_dead_balancer_means_504() {
        Cluster c;
        c.rt.kill(c.lb);
        const std::size_t a = c.submit("/ok");
        c.rt.run_until(2s);
        QCOMPARE(c.answers[a]->response.status, std::uint16_t(504));
    }

    void a_dead_gateway_answers_503_instead_of_leaving_callers_waiting() {
        Cluster c;
        const std::size_t waiting = c.submit("/silent");
        c.rt.run_until(10ms);
        QVERIFY(!c.answers[waiting]);
        c.rt.kill(c.gateway);  // the request in flight is answered as the instance dies
        QVERIFY(c.answers[waiting]);
        QCOMPARE(c.answers[waiting]->response.status, std::uint16_t(503));
        QCOMPARE(c.answers[waiting]->response.cause, std::string("gateway-down"));
        const std::size_t dropped = c.submit("/ok");  // posted to a dead node: dropped, answered at once
        QVERIFY(c.answers[dropped]);
        QCOMPARE(c.answers[dropped]->response.cause, std::string("gateway-down"));
        QCOMPARE(c.stats->abandoned.load(), std::uint64_t(1));

        c.rt.restart(c.gateway);
        const std::size_t after = c.submit("/ok", "again");
        c.rt.run_until(20ms);
        QCOMPARE(c.answers[after]->response.status, std::uint16_t(200));
        QCOMPARE(c.answers[after]->response.body, std::string("again"));
    }

    void a_restarted_gateway_ignores_answers_meant_for_its_predecessor() {
        Cluster c;
        const std::size_t a = c.submit("/late");
        c.rt.run_until(100ms);
        c.rt.restart(c.gateway);  // the old request is answered 503 now
        QCOMPARE(c.answers[a]->response.cause, std::string("gateway-down"));
        const std::size_t b = c.submit("/silent");
        c.rt.run_until(500ms);
        QVERIFY(!c.answers[b]);
        c.rt.run_until(5s);  // the late answer to the old id arrives at 2 s: not b's
        QCOMPARE(c.answers[b]->response.status, std::uint16_t(504));
        QCOMPARE(c.stats->late.load(), std::uint64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestGatewayNode)
#include "test_gateway_node.moc"
