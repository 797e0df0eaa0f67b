// Simulated-runtime event rate: how many events per second SimRuntime runs, beside two peers
// measured in the same run on the same workload:
//  - a bare event loop: std::priority_queue of (time, seq, std::function), the floor of what a
//    discrete-event core costs;
//  - ns-3's simulator core (Simulator::Schedule; its default map scheduler and its heap
//    scheduler), when the bench was built with libns3-dev (bench/sim_events.sh installs it).
// Not a test: it only prints figures.
//
// Workload: N nodes, each with a timer that reschedules itself after an exponential interval
// (mean 1 ms) and, each time it fires, sends one message to a random other node over a link
// with a fixed 100 µs delay. Events are timer firings plus message deliveries; every engine
// runs exactly E of them. Node i draws from mt19937_64(node_seed(seed, i, Node)) in every
// engine and ties run in scheduling order, so all engines run the very same events: the bench
// checks that the final virtual time and the message count agree.
//
//   build/release/bin/bench_sim_events [--nodes N] [--events E] [--repeat R]
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "bench/sim_events/workload.h"
#include "core/runtime/sim_runtime.h"
#ifdef ARCHLAB_HAVE_NS3
#include "bench/sim_events/ns3_peer.h"
#endif

using namespace archlab;
using namespace archlab::bench;
using Clock = std::chrono::steady_clock;

namespace {

struct Params {
    NodeIndex nodes = 1000;             ///< nodes, each with one timer
    std::uint64_t events = 5'000'000;   ///< events each engine runs
    int repeat = 1;                     ///< runs per engine; the fastest counts
};

// ---- SimRuntime ----------------------------------------------------------------------------------

struct SimCounts {
    std::uint64_t delivered = 0;
};

/// Fires its timer, sends one message per firing, counts what it receives.
class TickNode : public Node {
public:
    explicit TickNode(SimCounts* counts) : counts_(counts) {}
    void start(Context& ctx) override { ctx.set_timer(Nanos(draw_interval_ns(ctx.random())), 0); }
    void on_timer(Context& ctx, std::uint64_t) override {
        ctx.send(draw_destination(ctx.random(), ctx.self(), ctx.node_count()), 1, 0, {});
        ctx.set_timer(Nanos(draw_interval_ns(ctx.random())), 0);
    }
    void on_message(Context&, const Message&) override {
        ++received_;
        ++counts_->delivered;
    }

private:
    SimCounts* counts_;
    std::uint64_t received_ = 0;  ///< this node's own count, as node state would be
};

Result run_sim_runtime(const Params& p) {
    SimCounts counts;
    SimRuntime rt(kSeed, Nanos(kLinkDelayNs));
    for (NodeIndex i = 0; i < p.nodes; ++i) {
        std::string name = std::to_string(i);  // not "n" + ...: GCC 12 warns falsely (-Wrestrict) on that
        rt.add_node({std::move(name), "tick", 0, [&] { return std::make_unique<TickNode>(&counts); }});
    }
    rt.start();
    const auto t0 = Clock::now();
    for (std::uint64_t e = 0; e < p.events; ++e) rt.step();
    Result r;
    r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    r.end_ns = rt.now().count();
    r.delivered = counts.delivered;
    rt.stop();
    return r;
}

// ---- Bare priority queue -------------------------------------------------------------------------

struct BareEvent {
    std::int64_t at;            ///< virtual time, ns
    std::uint64_t seq;          ///< scheduling order: breaks ties
    std::function<void()> fn;   ///< what happens
    bool operator>(const BareEvent& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

Result run_bare_queue(const Params& p) {
    std::priority_queue<BareEvent, std::vector<BareEvent>, std::greater<>> queue;
    std::uint64_t seq = 0;
    std::int64_t now = 0;
    Result r;
    std::vector<std::mt19937_64> streams = node_streams(p.nodes);
    std::vector<std::uint64_t> received(p.nodes, 0);
    std::function<void(NodeIndex)> fire = [&](NodeIndex i) {
        const NodeIndex to = draw_destination(streams[i], i, p.nodes);
        queue.push({now + kLinkDelayNs, seq++, [&r, &received, to] { ++received[to]; ++r.delivered; }});
        queue.push({now + draw_interval_ns(streams[i]), seq++, [&fire, i] { fire(i); }});
    };
    for (NodeIndex i = 0; i < p.nodes; ++i) queue.push({draw_interval_ns(streams[i]), seq++, [&fire, i] { fire(i); }});
    const auto t0 = Clock::now();
    for (std::uint64_t e = 0; e < p.events; ++e) {
        // Moved out of the top just before pop(), which only compares times and sequence numbers.
        BareEvent ev = std::move(const_cast<BareEvent&>(queue.top()));
        queue.pop();
        now = ev.at;
        ev.fn();
    }
    r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
    r.end_ns = now;
    return r;
}

// ---- Report ----------------------------------------------------------------------------------------

/// Best (shortest) of `repeat` runs.
template <class Run>
Result best_of(int repeat, Run&& run) {
    Result best;
    for (int i = 0; i < repeat; ++i) {
        const Result r = run();
        if (i == 0 || r.wall_s < best.wall_s) best = r;
    }
    return best;
}

double rate(const Params& p, const Result& r) { return static_cast<double>(p.events) / r.wall_s; }

void print_row(const char* name, const Params& p, const Result& r, const Result& reference) {
    const bool same = r.end_ns == reference.end_ns && r.delivered == reference.delivered;
    std::printf("  %-28s %12.0f events/s  %8.3f s  end %.6f s  %llu delivered%s\n", name, rate(p, r), r.wall_s,
                static_cast<double>(r.end_ns) / 1e9, static_cast<unsigned long long>(r.delivered),
                same ? "" : "  (DIFFERENT EVENTS)");
}

Params parse(int argc, char** argv) {
    Params p;
    for (int i = 1; i + 1 < argc; i += 2) {
        const long long v = std::atoll(argv[i + 1]);
        if (std::strcmp(argv[i], "--nodes") == 0 && v >= 2 && v < kNoNode) p.nodes = static_cast<NodeIndex>(v);
        else if (std::strcmp(argv[i], "--events") == 0 && v > 0) p.events = static_cast<std::uint64_t>(v);
        else if (std::strcmp(argv[i], "--repeat") == 0 && v > 0) p.repeat = static_cast<int>(v);
        else {
            std::fprintf(stderr, "usage: %s [--nodes N>=2] [--events E] [--repeat R]\n", argv[0]);
            std::exit(2);
        }
    }
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    const Params p = parse(argc, argv);
    std::printf("bench_sim_events: %u nodes, timers every ~1 ms (exponential), one message per firing over a "
                "100 us link; %llu events, best of %d\n",
                p.nodes, static_cast<unsigned long long>(p.events), p.repeat);
    const Result sim = best_of(p.repeat, [&] { return run_sim_runtime(p); });
    const Result bare = best_of(p.repeat, [&] { return run_bare_queue(p); });
    print_row("SimRuntime", p, sim, sim);
    print_row("bare priority_queue", p, bare, sim);
#ifdef ARCHLAB_HAVE_NS3
    const Result ns3_map = best_of(p.repeat, [&] { return run_ns3(p.nodes, p.events, "ns3::MapScheduler"); });
    const Result ns3_heap = best_of(p.repeat, [&] { return run_ns3(p.nodes, p.events, "ns3::HeapScheduler"); });
    print_row("ns-3 (MapScheduler, default)", p, ns3_map, sim);
    print_row("ns-3 (HeapScheduler)", p, ns3_heap, sim);
#endif
    std::printf("ratios (events/s): SimRuntime/bare %.2f", rate(p, sim) / rate(p, bare));
#ifdef ARCHLAB_HAVE_NS3
    std::printf("  SimRuntime/ns-3 %.2f  SimRuntime/ns-3-heap %.2f\n", rate(p, sim) / rate(p, ns3_map),
                rate(p, sim) / rate(p, ns3_heap));
#else
    std::printf("\nns-3: not built in (libns3-dev was not found when configuring). Install it with\n"
                "  apt-get install libns3-dev   (or run bench/sim_events.sh, which does)\n"
                "then configure again.\n");
#endif
    return 0;
}
