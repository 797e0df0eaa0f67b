// The live runtime: real threads and real TCP on 127.0.0.1. Nodes are driven from the test
// thread through atomics their own timers poll; every wait polls a condition with a generous
// deadline, and no test asserts an upper bound on time.
#include <QTest>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/runtime/live_runtime.h"

using namespace archlab;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 60000;  ///< deadline of every wait: a loaded tsan run took 12 s to move 15 MiB; waits end as soon as the condition holds

/// What a probe node shares with the test thread; outlives node instances.
struct Probe {
    std::string peer;                  ///< name of the node it sends to
    std::atomic<std::size_t> body_size{0};  ///< bytes per message body (the test may change it)
    std::atomic<int> to_send{0};       ///< the test asks for this many messages; the node's timer sends them
    std::atomic<int> received{0};      ///< messages handled, all instances
    std::atomic<int> instance_count{0};///< messages handled by the current instance (instance state)
    std::atomic<int> starts{0};        ///< start() calls: 1 + restarts
    std::mutex mu;                     ///< guards what follows
    std::vector<std::uint64_t> ids;    ///< ids in handling order
    std::vector<std::string> bodies;   ///< bodies of messages with a nonempty body
    std::uint64_t first_random = 0;    ///< first draw of Context::random() at the first start
};

/// Sends what its Probe asks for (polled every millisecond) and records what it receives.
class ProbeNode : public Node {
public:
    explicit ProbeNode(Probe* p) : p_(p) {}
    void start(Context& ctx) override {
        if (p_->starts.fetch_add(1) == 0) {
            std::lock_guard lock(p_->mu);
            p_->first_random = ctx.random()();
        }
        peer_ = ctx.lookup(p_->peer);
        ctx.set_timer(1ms, 0);
    }
    void on_timer(Context& ctx, std::uint64_t) override {
        for (int n = p_->to_send.exchange(0); n > 0; --n) ctx.send(peer_, 1, next_id_++, body());
        ctx.set_timer(1ms, 0);
    }
    void on_message(Context&, const Message& m) override {
        p_->instance_count = ++count_;
        {
            std::lock_guard lock(p_->mu);
            p_->ids.push_back(m.id);
            if (!m.body.empty()) p_->bodies.push_back(m.body);
        }
        ++p_->received;
    }

private:
    std::string body() const {
        // Byte i is i * 131 % 251: one period of 251 bytes, then doubled by copies, so a 64 MiB
        // body costs a few block copies rather than 64 million stores (which a sanitizer build
        // checks one by one, for longer than a wait's deadline).
        const std::size_t size = p_->body_size.load();
        std::string b;
        b.reserve(size);
        for (std::size_t i = 0; i < std::min<std::size_t>(size, 251); ++i) b.push_back(static_cast<char>(i * 131 % 251));
        while (b.size() < size) b.append(b, 0, std::min(b.size(), size - b.size()));
        return b;
    }
    Probe* p_;
    NodeIndex peer_ = kNoNode;
    std::uint64_t next_id_ = 0;
    int count_ = 0;  ///< lost on kill, as process memory is
};

NodeSpec probe_spec(const std::string& name, Probe& p, int threads = 0) {
    return {name, "probe", threads, [&p] { return std::make_unique<ProbeNode>(&p); }};
}

/// Counters of one directed link (zeros when it carried nothing).
LinkStats link(const Runtime& rt, NodeIndex from, NodeIndex to) {
    for (const LinkStats& s : rt.link_stats())
        if (s.from == from && s.to == to) return s;
    return LinkStats{from, to, 0, 0, 0};
}

/// Every message handed to the link has been delivered or counted lost.
bool settled(const Runtime& rt, NodeIndex from, NodeIndex to, std::uint64_t sent) {
    const LinkStats s = link(rt, from, to);
    return s.sent == sent && s.delivered + s.dropped == s.sent;
}

std::vector<std::uint64_t> ids_of(Probe& p) {
    std::lock_guard lock(p.mu);
    return p.ids;
}

// ---- Ping-pong nodes ----------------------------------------------------------------------------

/// Sends ping 0 at start and the next ping when a pong comes back, up to `rounds`.
class PingNode : public Node {
public:
    PingNode(std::atomic<int>* pongs, int rounds) : pongs_(pongs), rounds_(rounds) {}
    void start(Context& ctx) override {
        peer_ = ctx.lookup("pong");
        ctx.send(peer_, 1, 0, "ping");
    }
    void on_message(Context& ctx, const Message& m) override {
        if (m.type != 2 || m.body != "ping" || m.id != std::uint64_t(pongs_->load())) return;
        if (++*pongs_ < rounds_) ctx.send(peer_, 1, m.id + 1, "ping");
    }

private:
    std::atomic<int>* pongs_;
    int rounds_;
    NodeIndex peer_ = kNoNode;
};

/// Answers every message with the same id and body.
class PongNode : public Node {
public:
    void on_message(Context& ctx, const Message& m) override { ctx.send(m.from, 2, m.id, m.body); }
};

// ---- Job nodes ----------------------------------------------------------------------------------

/// What a job node shares with the test thread.
struct JobProbe {
    std::atomic<int> to_run{0};          ///< the test asks for this many jobs
    Nanos hold{0};                       ///< hold of each job
    std::atomic<int> computed{0};        ///< compute() calls
    std::atomic<int> done{0};            ///< done() calls
    std::mutex mu;                       ///< guards what follows
    std::vector<Nanos> busy;             ///< busy of every done, in order
    std::set<std::thread::id> compute_threads;  ///< where compute ran
    std::set<std::thread::id> done_threads;     ///< where done ran
    std::set<std::thread::id> node_threads;     ///< where on_timer ran
};

class JobNode : public Node {
public:
    explicit JobNode(JobProbe* p) : p_(p) {}
    void start(Context& ctx) override { ctx.set_timer(1ms, 0); }
    void on_timer(Context& ctx, std::uint64_t) override {
        {
            std::lock_guard lock(p_->mu);
            p_->node_threads.insert(std::this_thread::get_id());
        }
        for (int n = p_->to_run.exchange(0); n > 0; --n) {
            Job job;
            job.hold = p_->hold;
            job.compute = [p = p_] {
                {
                    std::lock_guard lock(p->mu);
                    p->compute_threads.insert(std::this_thread::get_id());
                }
                ++p->computed;
            };
            job.done = [p = p_](Nanos busy) {
                std::lock_guard lock(p->mu);
                p->busy.push_back(busy);
                p->done_threads.insert(std::this_thread::get_id());
                ++p->done;
            };
            ctx.execute(std::move(job));
        }
        ctx.set_timer(1ms, 0);
    }
    void on_message(Context&, const Message&) override {}

private:
    JobProbe* p_;
};

NodeSpec job_spec(const std::string& name, JobProbe& p, int threads) {
    return {name, "worker", threads, [&p] { return std::make_unique<JobNode>(&p); }};
}

}  // namespace

class TestLiveRuntime : public QObject {
    Q_OBJECT
private slots:
    void pingPongOverLoopbackTcp() {
        std::atomic<int> pongs{0};
        LiveRuntime rt(7);
        const NodeIndex a = rt.add_node({"ping", "client", 0, [&] { return std::make_unique<PingNode>(&pongs, 200); }});
        const NodeIndex b = rt.add_node({"pong", "server", 0, [] { return std::make_unique<PongNode>(); }});
        QCOMPARE(rt.endpoint(a), std::string());
        rt.start();
        QTRY_COMPARE_WITH_TIMEOUT(pongs.load(), 200, kWaitMs);

        // Each node listens on its own loopback port, and something really accepts there.
        std::set<std::string> seen;
        for (NodeIndex n : {a, b}) {
            const std::string ep = rt.endpoint(n);
            QVERIFY2(ep.rfind("127.0.0.1:", 0) == 0, ep.c_str());
            const int port = std::stoi(ep.substr(10));
            QVERIFY(port > 0 && port < 65536);
            seen.insert(ep);
            boost::asio::io_context io;
            boost::asio::ip::tcp::socket s(io);
            boost::system::error_code ec;
            s.connect({boost::asio::ip::address_v4::loopback(), static_cast<std::uint16_t>(port)}, ec);
            QVERIFY2(!ec, ec.message().c_str());
        }
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(link(rt, a, b).delivered, std::uint64_t(200));
        QCOMPARE(link(rt, b, a).delivered, std::uint64_t(200));
        QCOMPARE(rt.state(a), NodeState::Up);
        rt.stop();
    }

    void thousandMessagesArriveInOrder() {
        Probe pa, pb;
        pa.peer = "b";
        pb.peer = "a";
        pa.body_size = 100;
        LiveRuntime rt(1);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        pa.to_send = 1000;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 1000, kWaitMs);
        const std::vector<std::uint64_t> ids = ids_of(pb);
        for (std::size_t i = 0; i < ids.size(); ++i) QCOMPARE(ids[i], std::uint64_t(i));
        const LinkStats s = link(rt, a, b);
        QCOMPARE(s.sent, std::uint64_t(1000));
        QCOMPARE(s.delivered, std::uint64_t(1000));
        QCOMPARE(s.dropped, std::uint64_t(0));
        QCOMPARE(pa.received.load(), 0);
    }

    void messageToSelf() {
        Probe p;
        p.peer = "solo";
        LiveRuntime rt(1);
        const NodeIndex n = rt.add_node(probe_spec("solo", p));
        rt.start();
        p.to_send = 10;
        QTRY_COMPARE_WITH_TIMEOUT(p.received.load(), 10, kWaitMs);
        QCOMPARE(link(rt, n, n).delivered, std::uint64_t(10));
    }

    void largeBodiesArriveWhole() {
        Probe pa, pb;
        pa.peer = "b";
        pa.body_size = 5u << 20;
        LiveRuntime rt(1);
        rt.add_node(probe_spec("a", pa));
        rt.add_node(probe_spec("b", pb));
        rt.start();
        pa.to_send = 3;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 3, kWaitMs);
        std::string expect(pa.body_size.load(), '\0');
        for (std::size_t i = 0; i < expect.size(); ++i) expect[i] = static_cast<char>(i * 131 % 251);
        std::lock_guard lock(pb.mu);
        for (const std::string& body : pb.bodies) QVERIFY(body == expect);
    }

    void oversizeBodyIsDroppedNotSent() {
        Probe pa, pb;
        pa.peer = "b";
        pa.body_size = (64u << 20) + 1;
        LiveRuntime rt(1);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        pa.to_send = 1;
        QTRY_VERIFY_WITH_TIMEOUT(link(rt, a, b).dropped == 1, kWaitMs);
        // The link still works for normal messages afterwards.
        pa.body_size = 10;
        pa.to_send = 1;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 1, kWaitMs);
        QCOMPARE(link(rt, a, b).delivered, std::uint64_t(1));
    }

    void dropAllLosesEverything() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(3);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        LinkFaults f;
        f.drop = 1.0;
        rt.set_link_faults(a, b, f);
        QCOMPARE(rt.link_faults(a, b).drop, 1.0);
        rt.start();
        pa.to_send = 100;
        QTRY_VERIFY_WITH_TIMEOUT(link(rt, a, b).sent == 100, kWaitMs);
        const LinkStats s = link(rt, a, b);
        QCOMPARE(s.dropped, std::uint64_t(100));
        QCOMPARE(s.delivered, std::uint64_t(0));
        QCOMPARE(pb.received.load(), 0);  // lost at the sender: nothing is in flight

        rt.set_link_faults(a, b, LinkFaults{});
        pa.to_send = 1;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 1, kWaitMs);
    }

    void duplicateAllDeliversTwice() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(3);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        LinkFaults f;
        f.duplicate = 1.0;
        rt.set_link_faults(a, b, f);
        rt.start();
        pa.to_send = 50;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 100, kWaitMs);
        QCOMPARE(link(rt, a, b).sent, std::uint64_t(50));
        QCOMPARE(link(rt, a, b).delivered, std::uint64_t(100));
        QCOMPARE(link(rt, a, b).dropped, std::uint64_t(0));
        std::vector<std::uint64_t> ids = ids_of(pb);
        std::sort(ids.begin(), ids.end());
        for (std::size_t i = 0; i < ids.size(); ++i) QCOMPARE(ids[i], std::uint64_t(i / 2));
    }

    void delayHoldsMessagesBack() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(3);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        LinkFaults f;
        f.delay = 60ms;
        rt.set_link_faults(a, b, f);
        rt.start();
        const auto t0 = std::chrono::steady_clock::now();
        pa.to_send = 1;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 1, kWaitMs);
        QVERIFY(std::chrono::steady_clock::now() - t0 >= 60ms);  // a lower bound only
    }

    void partitionBlocksBothWaysThenHeals() {
        Probe pa, pb;
        pa.peer = "b";
        pb.peer = "a";
        LiveRuntime rt(5);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        QTRY_COMPARE_WITH_TIMEOUT(rt.state(b), NodeState::Up, kWaitMs);

        rt.partition(b, true);
        QCOMPARE(rt.state(b), NodeState::Partitioned);
        QCOMPARE(rt.state(a), NodeState::Up);
        pa.to_send = 10;
        pb.to_send = 10;
        QTRY_VERIFY_WITH_TIMEOUT(settled(rt, a, b, 10) && settled(rt, b, a, 10), kWaitMs);
        QCOMPARE(link(rt, a, b).dropped, std::uint64_t(10));
        QCOMPARE(link(rt, b, a).dropped, std::uint64_t(10));
        QCOMPARE(pa.received.load(), 0);
        QCOMPARE(pb.received.load(), 0);

        rt.partition(b, false);
        QCOMPARE(rt.state(b), NodeState::Up);
        pa.to_send = 5;
        pb.to_send = 5;
        QTRY_VERIFY_WITH_TIMEOUT(pa.received == 5 && pb.received == 5, kWaitMs);
    }

    void partitionCatchesMessagesInFlight() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(5);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        LinkFaults f;
        f.delay = 300ms;  // decided (and not cut) at send, then held on the sender
        rt.set_link_faults(a, b, f);
        rt.start();
        pa.to_send = 1;
        QTRY_VERIFY_WITH_TIMEOUT(link(rt, a, b).sent == 1, kWaitMs);
        rt.partition(b, true);
        QTRY_VERIFY_WITH_TIMEOUT(settled(rt, a, b, 1), kWaitMs);
        QCOMPARE(link(rt, a, b).dropped, std::uint64_t(1));
        QCOMPARE(pb.received.load(), 0);
    }

    void killLosesMessagesRestartStartsFresh() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(9);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        pa.to_send = 5;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 5, kWaitMs);
        QCOMPARE(pb.instance_count.load(), 5);
        const std::string endpoint = rt.endpoint(b);

        rt.kill(b);
        QCOMPARE(rt.state(b), NodeState::Down);
        pa.to_send = 20;
        QTRY_VERIFY_WITH_TIMEOUT(settled(rt, a, b, 25), kWaitMs);
        QCOMPARE(link(rt, a, b).delivered, std::uint64_t(5));
        QCOMPARE(link(rt, a, b).dropped, std::uint64_t(20));
        QCOMPARE(pb.received.load(), 5);

        rt.restart(b);
        QTRY_VERIFY_WITH_TIMEOUT(rt.state(b) == NodeState::Up && pb.starts == 2, kWaitMs);
        QCOMPARE(rt.endpoint(b), endpoint);  // the same port
        // The sender reconnects on its own; send one at a time until the new instance hears one.
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (pb.received > 5) return true;
                pa.to_send = 1;
                QTest::qWait(20);
                return pb.received > 5;
            },
            kWaitMs));
        const int first = pb.instance_count;
        QCOMPARE(first, pb.received - 5);  // the counter started again from zero
        pa.to_send = 5;
        QTRY_COMPARE_WITH_TIMEOUT(pb.instance_count.load(), first + 5, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(settled(rt, a, b, link(rt, a, b).sent), kWaitMs);
    }

    void restartWhileUpBootsAFreshInstance() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(9);
        rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        QTRY_COMPARE_WITH_TIMEOUT(pb.starts.load(), 1, kWaitMs);
        rt.restart(b);
        QTRY_VERIFY_WITH_TIMEOUT(pb.starts == 2 && rt.state(b) == NodeState::Up, kWaitMs);
    }

    void pauseHoldsMessagesResumeDeliversInOrder() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(11);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        QTRY_COMPARE_WITH_TIMEOUT(rt.state(b), NodeState::Up, kWaitMs);
        rt.pause(b);
        QCOMPARE(rt.state(b), NodeState::Paused);
        pa.to_send = 10;
        QTRY_VERIFY_WITH_TIMEOUT(link(rt, a, b).sent == 10, kWaitMs);
        QTest::qWait(100);  // room for the messages to arrive and (wrongly) be handled
        QCOMPARE(pb.received.load(), 0);
        QCOMPARE(link(rt, a, b).delivered, std::uint64_t(0));

        rt.resume(b);
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 10, kWaitMs);
        const std::vector<std::uint64_t> ids = ids_of(pb);
        for (std::size_t i = 0; i < ids.size(); ++i) QCOMPARE(ids[i], std::uint64_t(i));
        QCOMPARE(rt.state(b), NodeState::Up);
        QVERIFY(settled(rt, a, b, 10));
    }

    void postRunsOnTheNodeThreadWithItsContext() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(13);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        std::atomic<int> ran{0};
        rt.post(a, [&](Node&, Context&) { ++ran; });  // not started yet: dropped
        rt.start();

        const std::thread::id test_thread = std::this_thread::get_id();
        std::atomic<bool> on_test_thread{true};
        std::atomic<int> self{-1};
        std::atomic<bool> is_probe{false};
        rt.post(a, [&](Node& n, Context& ctx) {
            on_test_thread = std::this_thread::get_id() == test_thread;
            self = ctx.self();
            is_probe = dynamic_cast<ProbeNode*>(&n) != nullptr;
            ctx.send(ctx.lookup("b"), 1, 42, "posted");
            ++ran;
        });
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 1, kWaitMs);
        QCOMPARE(ran.load(), 1);
        QCOMPARE(self.load(), int(a));
        QVERIFY(is_probe);
        QVERIFY(!on_test_thread);
        QCOMPARE(ids_of(pb), std::vector<std::uint64_t>{42});

        rt.pause(a);  // held like a message, run at resume
        rt.post(a, [&](Node&, Context&) { ++ran; });
        QTest::qWait(100);  // room for it to (wrongly) run
        QCOMPARE(ran.load(), 1);
        rt.resume(a);
        QTRY_COMPARE_WITH_TIMEOUT(ran.load(), 2, kWaitMs);

        rt.kill(b);  // dropped on a dead node: the function is destroyed unrun
        auto token = std::make_shared<int>(0);
        const std::weak_ptr<int> watch = token;
        rt.post(b, [&ran, t = std::move(token)](Node&, Context&) { ++ran; });
        QTRY_VERIFY_WITH_TIMEOUT(watch.expired(), kWaitMs);
        QCOMPARE(ran.load(), 2);
        rt.post(kNoNode, [&](Node&, Context&) { ++ran; });  // no such node: ignored
        rt.stop();
        rt.post(a, [&](Node&, Context&) { ++ran; });  // stopped: dropped
        QCOMPARE(ran.load(), 2);
    }

    void executeRunsComputeThenHolds() {
        JobProbe p;
        p.hold = 20ms;
        LiveRuntime rt(1);
        const NodeIndex n = rt.add_node(job_spec("worker", p, 2));
        rt.start();
        p.to_run = 4;  // two threads: two jobs wait in the FIFO
        QTRY_COMPARE_WITH_TIMEOUT(p.done.load(), 4, kWaitMs);
        QCOMPARE(p.computed.load(), 4);
        {
            std::lock_guard lock(p.mu);
            for (Nanos busy : p.busy) QVERIFY(busy >= 20ms);
            QCOMPARE(p.done_threads.size(), std::size_t(1));
            QVERIFY(p.node_threads.count(*p.done_threads.begin()) == 1);  // done runs on the node's thread
            QVERIFY(p.compute_threads.size() <= 2);
            for (const auto& t : p.compute_threads) QVERIFY(!p.node_threads.count(t));  // compute does not
        }

        rt.slow(n, 0ns, 2.0);
        QCOMPARE(rt.state(n), NodeState::Slow);
        p.to_run = 1;
        QTRY_COMPARE_WITH_TIMEOUT(p.done.load(), 5, kWaitMs);
        {
            std::lock_guard lock(p.mu);
            QVERIFY(p.busy.back() >= 40ms);
        }
        rt.slow(n, 0ns, 1.0);
        QCOMPARE(rt.state(n), NodeState::Up);
    }

    void slowMessagesStillArrive() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(1);
        rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        QCOMPARE(rt.state(b), NodeState::Up);  // start() returns once every node has started
        rt.slow(b, 5ms, 1.0);
        QCOMPARE(rt.state(b), NodeState::Slow);
        const auto t0 = std::chrono::steady_clock::now();
        pa.to_send = 10;
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 10, kWaitMs);
        QVERIFY(std::chrono::steady_clock::now() - t0 >= 50ms);  // a lower bound only
        QCOMPARE(ids_of(pb), (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
        rt.slow(b, 0ns, 1.0);
        QCOMPARE(rt.state(b), NodeState::Up);
    }

    // A slow node's busy time is a timer on its event loop, not a sleep: stop and kill cut a
    // 40 s delay short. The bounds are generous; the point is seconds, not the 40 s of the delay.
    void verySlowNodeStopsPromptly() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(1);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        rt.slow(b, 40s, 1.0);
        pa.to_send = 3;
        QTRY_COMPARE_WITH_TIMEOUT(link(rt, a, b).sent, std::uint64_t(3), kWaitMs);
        const auto t0 = std::chrono::steady_clock::now();
        rt.stop();
        QVERIFY(std::chrono::steady_clock::now() - t0 < 5s);
        QCOMPARE(pb.received.load(), 0);
    }

    void verySlowNodeIsKilledPromptly() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(1);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        rt.slow(b, 40s, 1.0);
        pa.to_send = 3;
        QTRY_COMPARE_WITH_TIMEOUT(link(rt, a, b).sent, std::uint64_t(3), kWaitMs);
        rt.kill(b);
        // Every message is accounted for (the one in its busy time and those behind it dropped)
        // well before the first busy time could have ended.
        QTRY_VERIFY_WITH_TIMEOUT(settled(rt, a, b, 3), 5000);
        QCOMPARE(pb.received.load(), 0);
        QCOMPARE(rt.state(b), NodeState::Down);
    }

    // As in SimRuntime: a message whose busy time ends during a pause is handled first on
    // resume, without a second busy time; the one behind it gets its own busy time after.
    void slowServiceEndingInAPauseIsHandledOnResume() {
        Probe pa, pb;
        pa.peer = "b";
        LiveRuntime rt(1);
        const NodeIndex a = rt.add_node(probe_spec("a", pa));
        const NodeIndex b = rt.add_node(probe_spec("b", pb));
        rt.start();
        rt.slow(b, 300ms, 1.0);
        pa.to_send = 2;
        QTRY_COMPARE_WITH_TIMEOUT(link(rt, a, b).sent, std::uint64_t(2), kWaitMs);
        QTest::qWait(50);  // the first message is in its busy time
        rt.pause(b);
        QTest::qWait(500);  // its busy time ends meanwhile
        QCOMPARE(pb.received.load(), 0);
        rt.resume(b);
        QTRY_COMPARE_WITH_TIMEOUT(pb.received.load(), 2, kWaitMs);
        QCOMPARE(ids_of(pb), (std::vector<std::uint64_t>{0, 1}));
        QVERIFY(settled(rt, a, b, 2));
    }

    // x1e300 used to overflow the hold's conversion to an integer and end the job at once; the
    // capped length itself is checked on the simulated runtime (test_sim_runtime) and in
    // scaled_hold's own test: here, that the live pool's one-hour hold is cut short by stop().
    void hugeWorkFactorHoldIsCutShortByStop() {
        JobProbe p;
        p.hold = 10ms;
        LiveRuntime rt(1);
        const NodeIndex n = rt.add_node(job_spec("worker", p, 1));
        rt.start();
        rt.slow(n, 0ns, 1e300);
        p.to_run = 1;
        QTRY_COMPARE_WITH_TIMEOUT(p.computed.load(), 1, kWaitMs);
        const auto t0 = std::chrono::steady_clock::now();
        rt.stop();  // cuts the (one hour) hold short
        QVERIFY(std::chrono::steady_clock::now() - t0 < 5s);
    }

    void hostLoadCountsTimersAndHolds() {
        JobProbe p;
        p.hold = 5ms;
        LiveRuntime rt(1);
        rt.add_node(job_spec("worker", p, 2));
        QVERIFY(!rt.host_load().measured);  // before start
        rt.start();
        p.to_run = 4;
        QTRY_COMPARE_WITH_TIMEOUT(p.done.load(), 4, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(rt.host_load().timers_fired >= 20, kWaitMs);  // its 1 ms poll timer
        rt.stop();  // the counters stop moving, so one reading is consistent across them
        const HostLoad load = rt.host_load();
        QVERIFY(load.measured);
        QCOMPARE(load.holds, std::uint64_t(4));
        QCOMPARE(load.hold_asked_ns_sum, std::uint64_t(4 * 5'000'000));
        QVERIFY(load.hold_actual_ns_sum >= load.hold_asked_ns_sum);  // a hold never ends early
        QVERIFY(load.timers_fired >= 20);
        QVERIFY(load.timer_late_max_ns >= load.timer_late_ns_sum / load.timers_fired);
        QVERIFY(load.timers_late <= load.timers_fired);
        QVERIFY(load.wall_ns > 0);
        QVERIFY(load.process_cpu_ns > 0);
        QVERIFY(load.host_cores >= 1);
        const HostLoad again = rt.host_load();
        QCOMPARE(again.timers_fired, load.timers_fired);
        QCOMPARE(again.wall_ns, load.wall_ns);  // frozen with the clock
    }

    void pauseHoldsJobResults() {
        JobProbe p;
        p.hold = 1000ms;  // long, so a busy machine still pauses the node before the hold ends
        LiveRuntime rt(1);
        const NodeIndex n = rt.add_node(job_spec("worker", p, 1));
        rt.start();
        p.to_run = 1;
        QTRY_COMPARE_WITH_TIMEOUT(p.computed.load(), 1, kWaitMs);
        rt.pause(n);
        QTest::qWait(1300);  // the hold ends meanwhile
        QCOMPARE(p.done.load(), 0);
        rt.resume(n);
        QTRY_COMPARE_WITH_TIMEOUT(p.done.load(), 1, kWaitMs);
    }

    void killedNodeNeverCallsDone() {
        JobProbe p;
        p.hold = 150ms;
        LiveRuntime rt(1);
        const NodeIndex n = rt.add_node(job_spec("worker", p, 1));
        rt.start();
        p.to_run = 2;  // one runs, one waits
        QTRY_COMPARE_WITH_TIMEOUT(p.computed.load(), 1, kWaitMs);
        rt.kill(n);
        QTest::qWait(400);  // well past both holds
        QCOMPARE(p.done.load(), 0);
        QCOMPARE(p.computed.load(), 1);  // the waiting job was discarded
        QCOMPARE(rt.state(n), NodeState::Down);
    }

    void timersFireAndCancel() {
        struct Seen {
            std::mutex mu;
            std::vector<std::uint64_t> tags;
        } seen;
        class TimerNode : public Node {
        public:
            explicit TimerNode(Seen* s) : s_(s) {}
            void start(Context& ctx) override {
                victim_ = ctx.set_timer(40ms, 1);
                ctx.set_timer(10ms, 2);
                ctx.set_timer(60ms, 3);
            }
            void on_timer(Context& ctx, std::uint64_t tag) override {
                if (tag == 2) ctx.cancel_timer(victim_);
                std::lock_guard lock(s_->mu);
                s_->tags.push_back(tag);
            }
            void on_message(Context&, const Message&) override {}

        private:
            Seen* s_;
            TimerId victim_ = 0;
        };
        LiveRuntime rt(1);
        rt.add_node({"t", "timer", 0, [&] { return std::make_unique<TimerNode>(&seen); }});
        rt.start();
        QTRY_VERIFY_WITH_TIMEOUT([&] { std::lock_guard l(seen.mu); return seen.tags.size() == 2; }(), kWaitMs);
        QTest::qWait(50);
        std::lock_guard lock(seen.mu);
        QCOMPARE(seen.tags, (std::vector<std::uint64_t>{2, 3}));
    }

    void randomIsSeededPerNode() {
        auto first_draws = [](std::uint64_t seed) {
            Probe p0, p1;
            p0.peer = p1.peer = "n0";
            LiveRuntime rt(seed);
            rt.add_node(probe_spec("n0", p0));
            rt.add_node(probe_spec("n1", p1));
            rt.start();
            [[maybe_unused]] const bool started = QTest::qWaitFor([&] { return p0.starts == 1 && p1.starts == 1; }, kWaitMs);
            rt.stop();
            return std::make_pair(p0.first_random, p1.first_random);
        };
        const auto x = first_draws(42), y = first_draws(42), z = first_draws(43);
        QCOMPARE(x, y);
        QVERIFY(x.first != x.second);
        QVERIFY(x != z);
    }

    void stopTwiceIsSafe() {
        {
            LiveRuntime never_started(1);
            never_started.stop();
        }
        Probe pa, pb;
        pa.peer = "b";
        pb.peer = "a";
        JobProbe jp;
        jp.hold = 200ms;
        auto rt = std::make_unique<LiveRuntime>(1);
        const NodeIndex a = rt->add_node(probe_spec("a", pa));
        rt->add_node(probe_spec("b", pb));
        rt->add_node(job_spec("w", jp, 2));
        rt->start();
        pa.to_send = 500;  // traffic and jobs in flight while stopping
        pb.to_send = 500;
        jp.to_run = 4;
        QTRY_VERIFY_WITH_TIMEOUT(pb.received > 0 && jp.computed > 0, kWaitMs);
        rt->stop();
        rt->stop();
        QCOMPARE(rt->state(a), NodeState::Down);
        const Nanos t = rt->now();
        QCOMPARE(rt->now(), t);  // frozen
        rt.reset();              // destructor after stop
        QVERIFY(true);
    }

    void addNodeRejectsDuplicatesAndLateAdds() {
        Probe p;
        LiveRuntime rt(1);
        rt.add_node(probe_spec("x", p));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rt.add_node(probe_spec("x", p)));
        QCOMPARE(rt.lookup("x"), NodeIndex(0));
        QCOMPARE(rt.lookup("nope"), kNoNode);
        p.peer = std::string{"x"};
        rt.start();
        QVERIFY_THROWS_EXCEPTION(std::logic_error, rt.add_node(probe_spec("y", p)));
    }
};

QTEST_GUILESS_MAIN(TestLiveRuntime)
#include "test_live_runtime.moc"
