// A node's queues are bounded on both runtimes: jobs beyond NodeSpec::max_queued_jobs are shed
// (dropped unrun, counted), and messages beyond NodeSpec::max_inbox waiting for a paused or
// slow node are dropped at arrival and counted as the link's drops. Virtual time, stepped by
// hand; the live worker pool is checked paused, so nothing depends on timing (its host-load
// figures are checked where they are exact whatever the machine's speed).
#include <QTest>

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/lab/shed_watch.h"
#include "core/runtime/live/host_load_meter.h"
#include "core/runtime/live/worker_pool.h"
#include "core/runtime/sim_runtime.h"

using namespace archlab;
using namespace std::chrono_literals;

namespace {

/// Counts messages; hands its Context out so the test can send and execute from it.
struct Tally {
    Context* ctx = nullptr;
    int messages = 0;
};

class TallyNode : public Node {
public:
    explicit TallyNode(std::shared_ptr<Tally> t) : t_(std::move(t)) {}
    void start(Context& ctx) override { t_->ctx = &ctx; }
    void on_message(Context&, const Message&) override { ++t_->messages; }

private:
    std::shared_ptr<Tally> t_;
};

NodeSpec tally_spec(const std::string& name, std::shared_ptr<Tally> t, std::size_t max_jobs, std::size_t max_inbox) {
    NodeSpec s{name, "probe", 1, [t] { return std::make_unique<TallyNode>(t); }};
    s.max_queued_jobs = max_jobs;
    s.max_inbox = max_inbox;
    return s;
}

std::uint64_t dropped(const SimRuntime& rt, NodeIndex from, NodeIndex to) {
    for (const LinkStats& s : rt.link_stats()) {
        if (s.from == from && s.to == to) return s.dropped;
    }
    return 0;
}

}  // namespace

class TestRuntimeBounds : public QObject {
    Q_OBJECT
private slots:
    void defaults_are_generous_bounds() {
        const NodeSpec s;
        QCOMPARE(s.max_queued_jobs, kDefaultMaxQueuedJobs);
        QCOMPARE(s.max_inbox, kDefaultMaxInbox);
        QCOMPARE(s.max_inbox_bytes, kDefaultMaxInboxBytes);
        QVERIFY(kDefaultMaxQueuedJobs >= 1000 && kDefaultMaxInbox >= 10000);  // never met at a lab's own loads
    }

    void sim_job_queue_sheds_past_its_bound() {
        SimRuntime rt(1);
        auto t = std::make_shared<Tally>();
        rt.add_node(tally_spec("n0", t, /*max_jobs=*/3, kDefaultMaxInbox));
        rt.start();
        int computed = 0, done = 0;
        for (int j = 0; j < 10; ++j) {
            t->ctx->execute(Job{1ms, [&computed] { ++computed; }, [&done](Nanos) { ++done; }});
        }
        // One job runs on the one thread, three wait, six are shed before any work.
        QCOMPARE(rt.shed_jobs(0), std::uint64_t(6));
        QCOMPARE(computed, 4);
        rt.run_for(100ms);
        QCOMPARE(done, 4);
        // The queue drained: it takes jobs again.
        t->ctx->execute(Job{1ms, {}, [&done](Nanos) { ++done; }});
        rt.run_for(10ms);
        QCOMPARE(done, 5);
        QCOMPARE(rt.shed_jobs(0), std::uint64_t(6));
    }

    void sim_shed_job_is_told_to_its_node_afterwards() {
        SimRuntime rt(1);
        auto t = std::make_shared<Tally>();
        rt.add_node(tally_spec("n0", t, /*max_jobs=*/1, kDefaultMaxInbox));
        rt.start();
        int done = 0, shed = 0;
        auto job = [&] {
            Job j{1ms, {}, [&done](Nanos) { ++done; }};
            j.shed = [&shed] { ++shed; };
            return j;
        };
        for (int j = 0; j < 5; ++j) t->ctx->execute(job());  // one runs, one waits, three shed
        QCOMPARE(rt.shed_jobs(0), std::uint64_t(3));
        QCOMPARE(shed, 0);  // not from inside execute(): the node's code is still running
        rt.run_for(0ms);
        QCOMPARE(shed, 3);
        QCOMPARE(done, 0);
        rt.run_for(10ms);
        QCOMPARE(done, 2);
        QCOMPARE(shed, 3);
        // A node killed before it hears: the new instance is not told of the old one's jobs.
        t->ctx->execute(job());
        t->ctx->execute(job());
        t->ctx->execute(job());
        rt.kill(0);
        rt.run_for(10ms);
        QCOMPARE(shed, 3);
        QCOMPARE(done, 2);
    }

    void sim_inbox_of_a_paused_node_is_bounded() {
        SimRuntime rt(1);
        auto a = std::make_shared<Tally>(), b = std::make_shared<Tally>();
        rt.add_node(tally_spec("a", a, kDefaultMaxQueuedJobs, kDefaultMaxInbox));
        rt.add_node(tally_spec("b", b, kDefaultMaxQueuedJobs, /*max_inbox=*/5));
        rt.start();
        rt.pause(1);
        for (std::uint64_t i = 0; i < 20; ++i) a->ctx->send(1, 1, i, "x");
        rt.run_for(10ms);
        QCOMPARE(dropped(rt, 0, 1), std::uint64_t(15));
        rt.resume(1);
        rt.run_for(10ms);
        QCOMPARE(b->messages, 5);
        // Emptied by the resume: the bound counts what waits now, not what ever waited.
        rt.pause(1);
        for (std::uint64_t i = 0; i < 3; ++i) a->ctx->send(1, 1, 100 + i, "x");
        rt.run_for(10ms);
        rt.resume(1);
        QCOMPARE(b->messages, 8);
        QCOMPARE(dropped(rt, 0, 1), std::uint64_t(15));
    }

    void sim_inbox_of_a_paused_node_is_bounded_in_bytes() {
        // Few messages but large ones (a primary's 512-entry resends to a paused replica): the
        // byte bound drops them long before the count bound would.
        SimRuntime rt(1);
        auto a = std::make_shared<Tally>(), b = std::make_shared<Tally>();
        rt.add_node(tally_spec("a", a, kDefaultMaxQueuedJobs, kDefaultMaxInbox));
        NodeSpec spec = tally_spec("b", b, kDefaultMaxQueuedJobs, kDefaultMaxInbox);
        spec.max_inbox_bytes = 2500;
        rt.add_node(std::move(spec));
        rt.start();
        rt.pause(1);
        for (std::uint64_t i = 0; i < 10; ++i) a->ctx->send(1, 1, i, std::string(1000, 'x'));
        rt.run_for(10ms);
        QCOMPARE(dropped(rt, 0, 1), std::uint64_t(8));   // two fit in 2,500 bytes
        // The first message waiting is always taken, whatever its size.
        rt.resume(1);
        rt.run_for(10ms);
        QCOMPARE(b->messages, 2);
        rt.pause(1);
        a->ctx->send(1, 1, 50, std::string(4000, 'x'));
        a->ctx->send(1, 1, 51, "x");
        rt.run_for(10ms);
        rt.resume(1);
        rt.run_for(10ms);
        QCOMPARE(b->messages, 3);
        QCOMPARE(dropped(rt, 0, 1), std::uint64_t(9));
    }

    void sim_inbox_of_a_slow_node_is_bounded() {
        SimRuntime rt(1);
        auto a = std::make_shared<Tally>(), b = std::make_shared<Tally>();
        rt.add_node(tally_spec("a", a, kDefaultMaxQueuedJobs, kDefaultMaxInbox));
        rt.add_node(tally_spec("b", b, kDefaultMaxQueuedJobs, /*max_inbox=*/4));
        rt.start();
        rt.slow(1, 10ms, 1.0);
        for (std::uint64_t i = 0; i < 10; ++i) a->ctx->send(1, 1, i, "x");
        rt.run_for(1s);
        // One in service, four waiting; the other five found the inbox full.
        QCOMPARE(b->messages, 5);
        QCOMPARE(dropped(rt, 0, 1), std::uint64_t(5));
    }

    void live_worker_pool_sheds_past_its_bound() {
        live::HostLoadMeter meter;
        int finished = 0;
        live::WorkerPool pool("bounds", 1, [&finished](std::uint64_t, std::function<void(Nanos)>, Nanos) { ++finished; },
                              meter, /*max_queued=*/2);
        pool.set_paused(true);  // nothing leaves the queue: what is shed depends on the bound alone
        for (int j = 0; j < 5; ++j) pool.submit(Job{0ns, {}, [](Nanos) {}}, 1);
        QCOMPARE(pool.shed(), std::uint64_t(3));
        pool.stop();
        QCOMPARE(finished, 0);  // jobs without a shed callback: nothing to tell
    }

    void live_worker_pool_counts_a_long_compute_as_asked_not_as_stretch() {
        // SQLite taking 0.2 ms where the model asks 0.05 ms is the live run's real work, not the
        // host falling behind (every live SQLite lab used to say HOST OVERLOADED on an idle
        // machine): the hold asked counts as the compute's time, and nothing is stretched.
        live::HostLoadMeter meter;
        std::promise<void> finished;
        live::WorkerPool pool("compute", 1,
                              [&finished](std::uint64_t, std::function<void(Nanos)>, Nanos) { finished.set_value(); },
                              meter, /*max_queued=*/4);
        // A hold of 1 ns: any compute outlasts it, on any machine (no sleep: nothing here is timed).
        auto work = std::make_shared<std::uint64_t>(0);
        Job job{1ns, [work] {
                    for (std::uint64_t i = 0; i < 100000; ++i) *work += i * i;
                }, [](Nanos) {}};
        pool.submit(std::move(job), 1);
        finished.get_future().wait();
        pool.stop();
        HostLoad load;
        meter.add_to(load);
        QCOMPARE(load.holds, std::uint64_t(1));
        QVERIFY(load.hold_asked_ns_sum > 1);   // the compute's own time, not the 1 ns asked
        QCOMPARE(load.hold_actual_ns_sum, load.hold_asked_ns_sum);
    }

    void live_worker_pool_hands_a_shed_job_to_finish() {
        live::HostLoadMeter meter;
        std::vector<std::function<void(Nanos)>> handed;
        live::WorkerPool pool("bounds", 1,
                              [&handed](std::uint64_t incarnation, std::function<void(Nanos)> d, Nanos busy) {
                                  QCOMPARE(incarnation, std::uint64_t(7));
                                  QCOMPARE(busy.count(), 0);
                                  handed.push_back(std::move(d));
                              },
                              meter, /*max_queued=*/1);
        pool.set_paused(true);
        int shed = 0, done = 0;
        for (int j = 0; j < 4; ++j) {
            Job job{0ns, {}, [&done](Nanos) { ++done; }};
            job.shed = [&shed] { ++shed; };
            pool.submit(std::move(job), 7);
        }
        // Handed on at once (finish posts it to the node's thread); called there, not here.
        QCOMPARE(handed.size(), std::size_t(3));
        QCOMPARE(shed, 0);
        for (auto& d : handed) d(Nanos{0});
        QCOMPARE(shed, 3);
        pool.stop();
        QCOMPARE(done, 0);
    }

    void shed_watch_logs_when_a_node_starts_and_stops_shedding() {
        ShedWatch watch({{"payment", 1}, {"order", 10000}});   // an episode ends after 1 s without shedding
        QVERIFY(watch.observe(0.25, {0, 0}).empty());
        QCOMPARE(watch.note(0), std::string());
        // Sheds in (0.25, 0.5]: one line, with the bound; the topology note counts.
        std::vector<std::string> lines = watch.observe(0.5, {3, 0});
        QCOMPARE(lines.size(), std::size_t(1));
        QCOMPARE(lines[0], std::string("payment shedding jobs: its job queue is full (1 waiting), new work is dropped unrun"));
        QCOMPARE(watch.note(0), std::string("3 shed"));
        QVERIFY(watch.observe(0.75, {7, 0}).empty());   // still shedding: no second line
        // A pause shorter than the quiet time is the same episode: no line when it pauses, none
        // when it sheds again (a queue at its bound sheds in some intervals and not in others).
        QVERIFY(watch.observe(1.0, {7, 0}).empty());
        QVERIFY(watch.observe(1.25, {8, 0}).empty());
        for (const double t : {1.5, 1.75, 2.0}) QVERIFY(watch.observe(t, {8, 0}).empty());
        // A full second without shedding since 1.25 s: the episode ends, with what it shed and
        // the end of the last interval it shed in.
        lines = watch.observe(2.25, {8, 0});
        QCOMPARE(lines.size(), std::size_t(1));
        QCOMPARE(lines[0], std::string("payment stopped shedding jobs: 8 shed between 0.25 s and 1.25 s"));
        QCOMPARE(watch.note(0), std::string("8 shed"));   // the total since start stays shown
        // A second episode counts from its own start; another node starts its own.
        lines = watch.observe(2.5, {9, 1});
        QCOMPARE(lines.size(), std::size_t(2));
        QVERIFY(lines[0].starts_with("payment shedding jobs"));
        QVERIFY(lines[1].starts_with("order shedding jobs"));
        QCOMPARE(watch.note(1), std::string("1 shed"));
        // The run ends 0.1 s later: payment shed nothing in that last interval (its quiet time is
        // cut short: it stopped at 2.5 s), order shed 2 more and is still at it.
        lines = watch.finish(2.6, {9, 3});
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[0], std::string("payment stopped shedding jobs: 1 shed between 2.25 s and 2.50 s"));
        QCOMPARE(lines[1], std::string("order was still shedding jobs when the run ended: 3 shed between 2.25 s and 2.60 s"));
        QCOMPARE(watch.note(1), std::string("3 shed"));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeBounds)
#include "test_runtime_bounds.moc"
