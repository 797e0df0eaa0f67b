// The simulated runtime, in virtual time: link faults (delay, jitter, drop, duplicate,
// partition), node faults (kill, restart, pause, slow), timers, worker threads, determinism.
#include <QTest>

#include <cmath>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/runtime/sim_runtime.h"

using namespace archlab;
using namespace std::chrono_literals;

namespace {

/// One message as the receiving node saw it.
struct Seen {
    NodeIndex from = kNoNode;
    std::uint64_t id = 0;
    Nanos at{0};            ///< virtual time on the receiver's clock
    int instance_count = 0; ///< how many messages this instance had handled, this one included
};

/// What a probe node records; outlives node instances so a test can read it after a kill.
struct Probe {
    Context* ctx = nullptr;                 ///< the node's context, to send from the test
    int starts = 0;                         ///< start() calls (1 + restarts)
    std::vector<Seen> seen;                 ///< messages in handling order
    std::vector<std::pair<std::uint64_t, Nanos>> timers;  ///< (tag, fired at)
    std::vector<std::pair<std::uint64_t, Nanos>> events;  ///< messages (id) and timers (1000+tag) in order
};

/// Test node: records everything into its Probe; its message count is instance state.
class ProbeNode : public Node {
public:
    explicit ProbeNode(std::shared_ptr<Probe> p) : p_(std::move(p)) {}
    void start(Context& ctx) override {
        p_->ctx = &ctx;
        ++p_->starts;
    }
    void on_message(Context& ctx, const Message& m) override {
        p_->seen.push_back({m.from, m.id, ctx.now(), ++handled_});
        p_->events.push_back({m.id, ctx.now()});
    }
    void on_timer(Context& ctx, std::uint64_t tag) override {
        p_->timers.push_back({tag, ctx.now()});
        p_->events.push_back({1000 + tag, ctx.now()});
    }

private:
    std::shared_ptr<Probe> p_;  ///< shared record
    int handled_ = 0;           ///< messages this instance handled (lost on restart)
};

/// A runtime with `n` probe nodes named n0, n1, ...
struct Cluster {
    explicit Cluster(int n, std::uint64_t seed = 1, int threads = 2) : rt(seed) {
        for (int i = 0; i < n; ++i) {
            auto p = std::make_shared<Probe>();
            probes.push_back(p);
            std::string name = "n";  // (not "n" + to_string: GCC 12 warns falsely at -O3)
            name += std::to_string(i);
            rt.add_node({name, "probe", threads, [p] { return std::make_unique<ProbeNode>(p); }});
        }
        rt.start();
    }
    void send(NodeIndex from, NodeIndex to, std::uint64_t id) { probes[from]->ctx->send(to, 1, id, "x"); }
    LinkStats stats(NodeIndex from, NodeIndex to) const {
        for (const LinkStats& s : rt.link_stats()) {
            if (s.from == from && s.to == to) return s;
        }
        return LinkStats{from, to, 0, 0, 0};
    }
    SimRuntime rt;
    std::vector<std::shared_ptr<Probe>> probes;
};

/// FNV-1a over what node 1 received: ids and arrival times.
std::uint64_t fingerprint(const Probe& p) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xff;
            h *= 1099511628211ULL;
        }
    };
    for (const Seen& s : p.seen) {
        mix(s.id);
        mix(static_cast<std::uint64_t>(s.at.count()));
    }
    return h;
}

/// 10,000 messages 0 -> 1 over a lossy, jittery link; returns the receiver's fingerprint.
std::uint64_t lossy_run(std::uint64_t seed, std::size_t* received, LinkStats* stats) {
    Cluster c(2, seed);
    LinkFaults f;
    f.drop = 0.3;
    f.jitter = 50us;
    c.rt.set_link_faults(0, 1, f);
    for (std::uint64_t i = 0; i < 10000; ++i) {
        c.send(0, 1, i);
        c.rt.run_for(10us);
    }
    c.rt.run_for(1s);
    *received = c.probes[1]->seen.size();
    *stats = c.stats(0, 1);
    return fingerprint(*c.probes[1]);
}

}  // namespace

class TestSimRuntime : public QObject {
    Q_OBJECT
private slots:
    void base_delay_and_configured_delay_are_exact() {
        Cluster c(2);
        QCOMPARE(c.rt.base_link_delay(), Nanos(100us));
        LinkFaults f;
        f.delay = 5ms;
        c.rt.set_link_faults(0, 1, f);
        c.rt.run_until(1ms);
        c.send(0, 1, 7);
        c.send(1, 0, 8);  // the reverse link is healthy
        c.rt.run_until(1s);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        QCOMPARE(c.probes[1]->seen[0].at, Nanos(1ms + 100us + 5ms));
        QCOMPARE(c.probes[0]->seen[0].at, Nanos(1ms + 100us));
        QCOMPARE(c.rt.now(), Nanos(1s));
        QCOMPARE(c.stats(0, 1).delivered, std::uint64_t(1));
    }

    void link_latency_is_no_fault_and_adds_to_a_delay() {
        Cluster c(2);
        LinkFaults f;
        f.latency = 2ms;
        QVERIFY(f.healthy());  // the topology view draws the link as healthy
        c.rt.set_link_faults(0, 1, f);
        c.send(0, 1, 1);
        c.rt.run_until(100ms);
        f.delay = 5ms;
        c.rt.set_link_faults(0, 1, f);
        c.send(0, 1, 2);
        c.rt.run_until(1s);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(2));
        QCOMPARE(c.probes[1]->seen[0].at, Nanos(100us + 2ms));
        QCOMPARE(c.probes[1]->seen[1].at, Nanos(100ms + 100us + 2ms + 5ms));
    }

    void jitter_stays_within_bounds() {
        Cluster c(2);
        LinkFaults f;
        f.delay = 2ms;
        f.jitter = 1ms;
        c.rt.set_link_faults(0, 1, f);
        for (std::uint64_t i = 0; i < 1000; ++i) c.send(0, 1, i);  // all sent at t = 0
        c.rt.run_until(1s);
        const auto& seen = c.probes[1]->seen;
        QCOMPARE(seen.size(), std::size_t(1000));
        Nanos lo = 1h, hi = 0ns;
        for (const Seen& s : seen) {
            lo = std::min(lo, s.at);
            hi = std::max(hi, s.at);
        }
        QVERIFY(lo >= 2ms + 100us);
        QVERIFY(hi <= 3ms + 100us);
        QVERIFY(hi - lo > 900us);  // the jitter really spreads them
    }

    void drop_all_loses_everything_and_counts_it() {
        Cluster c(2);
        LinkFaults f;
        f.drop = 1.0;
        c.rt.set_link_faults(0, 1, f);
        for (std::uint64_t i = 0; i < 100; ++i) c.send(0, 1, i);
        c.rt.run_until(1s);
        QVERIFY(c.probes[1]->seen.empty());
        const LinkStats s = c.stats(0, 1);
        QCOMPARE(s.sent, std::uint64_t(100));
        QCOMPARE(s.dropped, std::uint64_t(100));
        QCOMPARE(s.delivered, std::uint64_t(0));
    }

    void partial_drop_is_statistical_and_deterministic() {
        std::size_t got_a = 0, got_b = 0, got_c = 0;
        LinkStats sa, sb, sc;
        const std::uint64_t a = lossy_run(42, &got_a, &sa);
        const std::uint64_t b = lossy_run(42, &got_b, &sb);
        const std::uint64_t other = lossy_run(43, &got_c, &sc);
        // 7000 expected; sd = sqrt(10000 * 0.3 * 0.7) ~ 46, so +-200 is > 4 sd.
        QVERIFY2(got_a > 6800 && got_a < 7200, qPrintable(QString::number(got_a)));
        QCOMPARE(sa.sent, std::uint64_t(10000));
        QCOMPARE(sa.delivered + sa.dropped, sa.sent);
        QCOMPARE(sa.delivered, std::uint64_t(got_a));
        QCOMPARE(got_a, got_b);
        QCOMPARE(a, b);  // same seed, same run
        QVERIFY(a != other);
        qInfo("drop 0.3: %zu of 10000 delivered; fingerprint %016llx", got_a, static_cast<unsigned long long>(a));
    }

    void duplicate_delivers_exactly_twice() {
        Cluster c(2);
        LinkFaults f;
        f.duplicate = 1.0;
        c.rt.set_link_faults(0, 1, f);
        for (std::uint64_t i = 0; i < 50; ++i) c.send(0, 1, i);
        c.rt.run_until(1s);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(100));
        for (std::uint64_t i = 0; i < 50; ++i) {
            const auto n = std::count_if(c.probes[1]->seen.begin(), c.probes[1]->seen.end(),
                                         [i](const Seen& s) { return s.id == i; });
            QCOMPARE(n, 2);
        }
        QCOMPARE(c.stats(0, 1).sent, std::uint64_t(50));
        QCOMPARE(c.stats(0, 1).delivered, std::uint64_t(100));
    }

    void partition_blocks_both_directions_then_heals() {
        Cluster c(3);
        c.rt.partition(1, true);
        QCOMPARE(c.rt.state(1), NodeState::Partitioned);
        c.send(0, 1, 1);
        c.send(1, 0, 2);
        c.send(0, 2, 3);  // links not touching node 1 still work
        c.rt.run_for(10ms);
        QVERIFY(c.probes[1]->seen.empty());
        QVERIFY(c.probes[0]->seen.empty());
        QCOMPARE(c.probes[2]->seen.size(), std::size_t(1));
        QCOMPARE(c.stats(0, 1).dropped, std::uint64_t(1));
        QCOMPARE(c.stats(1, 0).dropped, std::uint64_t(1));

        c.rt.partition(1, false);
        QCOMPARE(c.rt.state(1), NodeState::Up);
        c.send(0, 1, 4);
        c.send(1, 0, 5);
        c.rt.run_for(10ms);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        QCOMPARE(c.probes[0]->seen.size(), std::size_t(1));
    }

    void partition_drops_messages_already_in_flight() {
        Cluster c(2);
        LinkFaults f;
        f.delay = 1ms;
        c.rt.set_link_faults(0, 1, f);
        c.send(0, 1, 1);  // due at 1.1 ms
        c.rt.run_until(500us);
        LinkFaults cut = f;
        cut.partitioned = true;  // a per-link partition, this time
        c.rt.set_link_faults(0, 1, cut);
        c.rt.run_until(5ms);
        QVERIFY(c.probes[1]->seen.empty());
        QCOMPARE(c.stats(0, 1).dropped, std::uint64_t(1));
        c.rt.set_link_faults(0, 1, f);  // heal
        c.send(0, 1, 2);
        c.rt.run_for(5ms);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        QCOMPARE(c.probes[1]->seen[0].id, std::uint64_t(2));
    }

    void post_runs_in_the_node_queue_at_the_current_time() {
        Cluster c(2);
        c.rt.run_until(5ms);
        std::vector<Nanos> ran_at;
        NodeIndex ran_on = kNoNode;
        c.rt.post(0, [&](Node& n, Context& ctx) {
            ran_at.push_back(ctx.now());
            ran_on = ctx.self();
            QVERIFY(dynamic_cast<ProbeNode*>(&n) != nullptr);
            ctx.send(1, 1, 77, "posted");
        });
        QVERIFY(ran_at.empty());  // queued, not run inside post()
        c.rt.run_until(10ms);
        QCOMPARE(ran_at, std::vector<Nanos>{Nanos(5ms)});
        QCOMPARE(ran_on, NodeIndex(0));
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        QCOMPARE(c.probes[1]->seen[0].id, std::uint64_t(77));
        QCOMPARE(c.probes[1]->seen[0].at, Nanos(5ms + 100us));

        c.rt.pause(0);  // held while paused, run at resume
        c.rt.post(0, [&](Node&, Context& ctx) { ran_at.push_back(ctx.now()); });
        c.rt.run_until(20ms);
        QCOMPARE(ran_at.size(), std::size_t(1));
        c.rt.resume(0);
        QCOMPARE(ran_at.size(), std::size_t(2));
        QCOMPARE(ran_at[1], Nanos(20ms));

        c.rt.post(1, [&](Node&, Context& ctx) { ran_at.push_back(ctx.now()); });
        c.rt.kill(1);  // killed before its turn: dropped
        c.rt.run_until(30ms);
        c.rt.post(1, [&](Node&, Context& ctx) { ran_at.push_back(ctx.now()); });  // down: dropped
        c.rt.run_until(40ms);
        QCOMPARE(ran_at.size(), std::size_t(2));
        c.rt.restart(1);
        c.rt.post(1, [&](Node&, Context& ctx) { ran_at.push_back(ctx.now()); });
        c.rt.run_until(50ms);
        QCOMPARE(ran_at.size(), std::size_t(3));
    }

    void kill_and_restart_reset_state_and_lose_in_flight() {
        Cluster c(2);
        for (std::uint64_t i = 0; i < 3; ++i) c.send(0, 1, i);
        c.probes[1]->ctx->set_timer(50ms, 9);  // dies with the instance
        c.rt.run_for(1ms);
        QCOMPARE(c.probes[1]->seen.back().instance_count, 3);

        LinkFaults f;
        f.delay = 1ms;
        c.rt.set_link_faults(0, 1, f);
        c.send(0, 1, 10);  // in flight across the kill and the restart
        c.rt.run_for(200us);
        c.rt.kill(1);
        QCOMPARE(c.rt.state(1), NodeState::Down);
        c.send(0, 1, 11);  // to a dead node
        c.rt.run_for(200us);
        c.rt.restart(1);
        QCOMPARE(c.rt.state(1), NodeState::Up);
        QCOMPARE(c.probes[1]->starts, 2);
        c.rt.run_for(10ms);
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(3));  // 10 and 11 were lost
        QCOMPARE(c.stats(0, 1).dropped, std::uint64_t(2));

        c.send(0, 1, 12);
        c.rt.run_for(100ms);
        QCOMPARE(c.probes[1]->seen.back().id, std::uint64_t(12));
        QCOMPARE(c.probes[1]->seen.back().instance_count, 1);  // fresh instance, fresh state
        QVERIFY(c.probes[1]->timers.empty());                  // the old timer died with it
        QCOMPARE(c.rt.pending_events(), std::size_t(0));
    }

    void pause_holds_and_resume_delivers_in_order() {
        Cluster c(2);
        c.probes[1]->ctx->set_timer(3ms, 1);
        c.rt.pause(1);
        QCOMPARE(c.rt.state(1), NodeState::Paused);
        for (std::uint64_t i = 0; i < 5; ++i) {
            c.send(0, 1, i);
            c.rt.run_for(1ms);  // messages arrive at 0.1, 1.1, ... 4.1 ms; the timer at 3 ms
        }
        c.rt.run_until(10ms);
        QVERIFY(c.probes[1]->events.empty());
        c.rt.resume(1);
        QCOMPARE(c.rt.state(1), NodeState::Up);
        const auto& ev = c.probes[1]->events;
        const std::vector<std::uint64_t> order{0, 1, 2, 1001, 3, 4};  // arrival order, timer included
        QCOMPARE(ev.size(), order.size());
        for (std::size_t i = 0; i < ev.size(); ++i) {
            QCOMPARE(ev[i].first, order[i]);
            QCOMPARE(ev[i].second, Nanos(10ms));  // all handled at resume time
        }
        QCOMPARE(c.stats(0, 1).delivered, std::uint64_t(5));
    }

    void slow_node_serves_messages_one_after_another() {
        Cluster c(2);
        c.rt.slow(1, 1ms, 1.0);
        QCOMPARE(c.rt.state(1), NodeState::Slow);
        for (std::uint64_t i = 0; i < 3; ++i) c.send(0, 1, i);  // all arrive at 0.1 ms
        c.rt.run_for(10ms);
        const auto& seen = c.probes[1]->seen;
        QCOMPARE(seen.size(), std::size_t(3));
        QCOMPARE(seen[0].at, Nanos(1100us));
        QCOMPARE(seen[1].at, Nanos(2100us));
        QCOMPARE(seen[2].at, Nanos(3100us));

        c.rt.slow(1, 0ns, 1.0);  // undone
        QCOMPARE(c.rt.state(1), NodeState::Up);
        c.send(0, 1, 3);
        c.rt.run_for(10ms);
        QCOMPARE(c.probes[1]->seen.back().at, c.rt.now() - 10ms + 100us);
    }

    void kill_loses_messages_queued_on_a_slow_node() {
        Cluster c(2);
        c.rt.slow(1, 1ms, 1.0);
        for (std::uint64_t i = 0; i < 4; ++i) c.send(0, 1, i);  // 1 in service, 3 queued at 0.1 ms
        c.rt.run_until(1500us);                                 // first handled at 1.1 ms
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        c.rt.kill(1);  // the one in service and the two still queued are lost
        QCOMPARE(c.stats(0, 1).dropped, std::uint64_t(3));
        QCOMPARE(c.stats(0, 1).delivered, std::uint64_t(1));
        QCOMPARE(c.rt.pending_events(), std::size_t(0));
    }

    void slow_service_ending_in_a_pause_is_handled_first_on_resume() {
        // As the live runtime does: the busy time that ends during a pause is not spent again on
        // resume; the message behind it gets its own busy time after.
        Cluster c(2);
        c.rt.slow(1, 300ms, 1.0);
        c.send(0, 1, 0);
        c.send(0, 1, 1);           // both arrive at 0.1 ms; the first is busy until 300.1 ms
        c.rt.run_until(50ms);
        c.rt.pause(1);
        c.rt.run_until(500ms);     // its busy time ends meanwhile
        QVERIFY(c.probes[1]->seen.empty());
        c.rt.resume(1);
        const auto& seen = c.probes[1]->seen;
        QCOMPARE(seen.size(), std::size_t(1));
        QCOMPARE(seen[0].id, std::uint64_t(0));
        QCOMPARE(seen[0].at, Nanos(500ms));
        c.rt.run_for(1s);
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[1].at, Nanos(800ms));
    }

    void emulated_time_is_capped_for_any_factor_or_delay() {
        // x1e300 once overflowed into a hold of nothing; any factor or delay is held to one hour.
        Cluster c(2, 1, /*threads=*/1);
        Context& ctx = *c.probes[0]->ctx;
        Nanos finished{-1};
        c.rt.slow(0, 0ns, 1e300);
        ctx.execute(Job{10ms, {}, [&finished, &ctx](Nanos) { finished = ctx.now(); }});
        c.rt.run_until(59min);
        QCOMPARE(finished, Nanos(-1));  // long, not short
        c.rt.run_until(2h);
        QCOMPARE(finished, Nanos(1h));
        c.rt.slow(0, 0ns, std::nan(""));  // not a number: counts as 1
        const Nanos t0 = c.rt.now();
        ctx.execute(Job{10ms, {}, [&finished, &ctx](Nanos) { finished = ctx.now(); }});
        c.rt.run_for(1s);
        QCOMPARE(finished, t0 + 10ms);

        c.rt.slow(1, std::chrono::hours(1000), 1.0);  // a per-message delay past the cap
        c.send(0, 1, 7);
        const Nanos sent = c.rt.now();
        c.rt.run_for(std::chrono::hours(2));
        QCOMPARE(c.probes[1]->seen.size(), std::size_t(1));
        QCOMPARE(c.probes[1]->seen[0].at, sent + 1h + 100us);
    }

    void pause_holds_job_completions_and_queued_jobs() {
        Cluster c(1, 1, /*threads=*/1);
        Context& ctx = *c.probes[0]->ctx;
        std::vector<std::pair<int, Nanos>> done;
        for (int j = 0; j < 2; ++j) {
            ctx.execute(Job{4ms, {}, [&done, &ctx, j](Nanos) { done.push_back({j, ctx.now()}); }});
        }
        c.rt.run_until(1ms);
        c.rt.pause(0);
        c.rt.run_until(20ms);  // job 0 ends at 4 ms but its callback waits; job 1 does not start
        QVERIFY(done.empty());
        c.rt.resume(0);
        QCOMPARE(done.size(), std::size_t(1));
        QCOMPARE(done[0], std::make_pair(0, Nanos(20ms)));
        c.rt.run_for(10ms);
        QCOMPARE(done.size(), std::size_t(2));
        QCOMPARE(done[1], std::make_pair(1, Nanos(24ms)));  // started at resume
    }

    void execute_respects_worker_threads_and_work_factor() {
        Cluster c(1, 1, /*threads=*/2);
        Context& ctx = *c.probes[0]->ctx;
        QCOMPARE(ctx.worker_threads(), 2);
        std::vector<std::pair<int, Nanos>> done;  // (job, finished at)
        std::vector<Nanos> busy;
        int computed = 0;
        for (int j = 0; j < 3; ++j) {
            ctx.execute(Job{10ms, [&computed] { ++computed; }, [&done, &busy, &ctx, j](Nanos b) {
                                done.push_back({j, ctx.now()});
                                busy.push_back(b);
                            }});
        }
        QCOMPARE(computed, 3);  // compute() runs at once
        c.rt.run_for(100ms);
        QCOMPARE(done.size(), std::size_t(3));
        QCOMPARE(done[0], std::make_pair(0, Nanos(10ms)));
        QCOMPARE(done[1], std::make_pair(1, Nanos(10ms)));
        QCOMPARE(done[2], std::make_pair(2, Nanos(20ms)));  // waited for a free thread
        for (Nanos b : busy) QCOMPARE(b, Nanos(10ms));

        c.rt.slow(0, 0ns, 2.5);
        const Nanos t0 = c.rt.now();
        ctx.execute(Job{10ms, {}, [&done, &busy, &ctx](Nanos b) {
                            done.push_back({3, ctx.now()});
                            busy.push_back(b);
                        }});
        c.rt.run_for(100ms);
        QCOMPARE(done.back(), std::make_pair(3, t0 + 25ms));
        QCOMPARE(busy.back(), Nanos(25ms));
    }

    void timers_fire_once_and_cancel() {
        Cluster c(1);
        Context& ctx = *c.probes[0]->ctx;
        ctx.set_timer(5ms, 1);
        const TimerId t2 = ctx.set_timer(6ms, 2);
        ctx.set_timer(5ms, 3);  // same time as tag 1: runs after it (scheduled later)
        QCOMPARE(c.rt.pending_events(), std::size_t(3));
        ctx.cancel_timer(t2);
        QCOMPARE(c.rt.pending_events(), std::size_t(2));
        QVERIFY(c.rt.step());
        QCOMPARE(c.rt.now(), Nanos(5ms));
        QVERIFY(c.rt.step());
        QVERIFY(!c.rt.step());
        const auto& t = c.probes[0]->timers;
        QCOMPARE(t.size(), std::size_t(2));
        QCOMPARE(t[0], std::make_pair(std::uint64_t(1), Nanos(5ms)));
        QCOMPARE(t[1], std::make_pair(std::uint64_t(3), Nanos(5ms)));
    }

    void node_random_is_seeded_per_node() {
        Cluster a(2, 7), b(2, 7), other(2, 8);
        const std::uint64_t a0 = a.probes[0]->ctx->random()();
        const std::uint64_t a1 = a.probes[1]->ctx->random()();
        QCOMPARE(b.probes[0]->ctx->random()(), a0);
        QCOMPARE(b.probes[1]->ctx->random()(), a1);
        QVERIFY(a0 != a1);
        QVERIFY(other.probes[0]->ctx->random()() != a0);
    }

    void messages_sent_from_start_reach_every_node() {
        // Node 0 greets node 1 from start(), before node 1's own start() ran.
        struct Greeter : Node {
            void start(Context& ctx) override { ctx.send(1, 1, 99, "hello"); }
            void on_message(Context&, const Message&) override {}
        };
        SimRuntime rt(3);
        auto p = std::make_shared<Probe>();
        rt.add_node({"greeter", "probe", 0, [] { return std::make_unique<Greeter>(); }});
        rt.add_node({"listener", "probe", 0, [p] { return std::make_unique<ProbeNode>(p); }});
        rt.start();
        QCOMPARE(rt.pending_events(), std::size_t(1));
        rt.run_until(1ms);
        QCOMPARE(p->seen.size(), std::size_t(1));
        QCOMPARE(p->seen[0].at, Nanos(100us));
    }

    void names_and_endpoints() {
        Cluster c(3);
        QCOMPARE(c.rt.node_count(), NodeIndex(3));
        QCOMPARE(c.rt.lookup("n2"), NodeIndex(2));
        QCOMPARE(c.rt.lookup("nope"), kNoNode);
        QCOMPARE(c.probes[0]->ctx->lookup("n1"), NodeIndex(1));
        QCOMPARE(c.probes[0]->ctx->name(2), std::string("n2"));
        QCOMPARE(c.rt.endpoint(0), std::string());
        c.rt.stop();
        c.rt.stop();  // safe twice
    }
};

QTEST_GUILESS_MAIN(TestSimRuntime)
#include "test_sim_runtime.moc"
