#pragma once
// A chaos run of SimRuntime for regression tests: a few nodes with random behaviour (sends of
// random sizes, timers set and cancelled, also other nodes' and already fired ones, jobs on
// worker threads, posts) under random faults (kill, restart, pause, resume, slow, link faults,
// partitions), driven by step(), run_until() and run_for() in turns. Everything observable is
// folded into hashes: the trace fingerprint, what the nodes saw, and after every slice the
// pending events, clock, node states and link counters. Same seed, same hashes, whatever the
// runtime's internals; tests/test_sim_chaos.cpp keeps the values of a reference build.
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/runtime/sim_runtime.h"

namespace archlab::chaos {

/// FNV-1a over 64-bit words.
struct Fold {
    std::uint64_t h = 1469598103934665603ULL;
    void mix(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xff;
            h *= 1099511628211ULL;
        }
    }
};

/// What one chaos run gives.
struct Outcome {
    std::uint64_t trace = 0;    ///< SimRuntime::trace().value()
    std::uint64_t events = 0;   ///< trace events
    std::uint64_t seen = 0;     ///< what node code saw, folded
    std::uint64_t slices = 0;   ///< pending events, clock, states and link counters after each slice, folded
};

/// Shared by the nodes of one run.
struct World {
    Fold seen;                   ///< node callbacks, in order
    std::vector<TimerId> ids;    ///< every timer id handed out, any node
};

class ChaosNode : public Node {
public:
    explicit ChaosNode(World* w) : w_(w) {}
    void start(Context& ctx) override {
        mark(0xAA, ctx);
        const int n = 1 + static_cast<int>(ctx.random()() % 3);
        for (int i = 0; i < n; ++i) arm(ctx);
    }
    void on_timer(Context& ctx, std::uint64_t tag) override {
        mark(0xBB, ctx);
        w_->seen.mix(tag);
        ++count_;
        act(ctx);
        arm(ctx);
    }
    void on_message(Context& ctx, const Message& m) override {
        mark(0xCC, ctx);
        w_->seen.mix(m.from);
        w_->seen.mix(m.id);
        w_->seen.mix(m.body.size());
        w_->seen.mix(++count_);
        if (ctx.random()() % 3 == 0) act(ctx);
    }

private:
    void mark(std::uint64_t what, Context& ctx) {
        w_->seen.mix(what);
        w_->seen.mix(ctx.self());
        w_->seen.mix(static_cast<std::uint64_t>(ctx.now().count()));
    }
    void arm(Context& ctx) {
        const std::uint64_t r = ctx.random()();
        Nanos after(static_cast<std::int64_t>(r % 2'000'000) - 100'000);  // some at once or "in the past"
        if (r % 17 == 0) after = Nanos(0);
        const TimerId id = ctx.set_timer(after, r % 1000);
        w_->seen.mix(id);
        w_->ids.push_back(id);
    }
    void act(Context& ctx) {
        const std::uint64_t r = ctx.random()();
        const NodeIndex n = ctx.node_count();
        switch (r % 7) {
            case 0: case 1: case 2: {
                std::string body(static_cast<std::size_t>((r >> 8) % 41), static_cast<char>('a' + (r >> 16) % 26));
                ctx.send(static_cast<NodeIndex>((r >> 24) % n), 1, r >> 32, std::move(body));
                break;
            }
            case 3: {  // any timer ever set, then one of the latest few
                const std::vector<TimerId>& ids = w_->ids;
                if (!ids.empty()) ctx.cancel_timer(ids[(r >> 8) % ids.size()]);
                const std::size_t back = (r >> 20) % std::min<std::size_t>(ids.size(), 8);
                if (!ids.empty()) ctx.cancel_timer(ids[ids.size() - 1 - back]);
                break;
            }
            case 4: case 5: {
                Job j;
                j.hold = Nanos(static_cast<std::int64_t>((r >> 8) % 3'000'000));
                const NodeIndex self = ctx.self();
                World* w = w_;
                j.compute = [w, self] {
                    w->seen.mix(0xDD);
                    w->seen.mix(self);
                };
                Context* c = &ctx;
                const bool chain = (r >> 40) % 2;
                j.done = [w, c, self, chain](Nanos busy) {
                    w->seen.mix(0xEE);
                    w->seen.mix(self);
                    w->seen.mix(static_cast<std::uint64_t>(busy.count()));
                    w->seen.mix(static_cast<std::uint64_t>(c->now().count()));
                    if (chain) c->send(static_cast<NodeIndex>((self + 1) % c->node_count()), 2, 7, "done");
                };
                ctx.execute(std::move(j));
                break;
            }
            default: arm(ctx); break;
        }
    }

    World* w_;                 ///< the run's shared record
    std::uint64_t count_ = 0;  ///< callbacks this instance handled
};

/// One chaos run: 2..8 nodes, 300 slices of one random fault (or none) and some running.
inline Outcome run(std::uint64_t seed) {
    World world;
    std::mt19937_64 drv(seed * 7919 + 3);
    const int nodes = 2 + static_cast<int>(drv() % 7);
    SimRuntime rt(seed, Nanos(static_cast<std::int64_t>(drv() % 200'000)));
    for (int i = 0; i < nodes; ++i) {
        std::string name = "n";
        name += std::to_string(i);
        NodeSpec spec{name, "chaos", static_cast<int>(drv() % 4), [&world] { return std::make_unique<ChaosNode>(&world); }};
        // Unbounded queues, as when the reference values were recorded: a paused node here
        // collects more than the default bounds (those are checked in test_runtime_bounds).
        spec.max_queued_jobs = SIZE_MAX;
        spec.max_inbox = SIZE_MAX;
        rt.add_node(std::move(spec));
    }
    rt.start();
    Fold slices;
    for (int slice = 0; slice < 300; ++slice) {
        const std::uint64_t r = drv();
        const auto node = static_cast<NodeIndex>((r >> 8) % static_cast<std::uint64_t>(nodes));
        const auto other = static_cast<NodeIndex>((r >> 40) % static_cast<std::uint64_t>(nodes));
        switch (r % 16) {
            case 0: rt.kill(node); break;
            case 1: rt.restart(node); break;
            case 2: case 3: rt.pause(node); break;
            case 4: case 5: rt.resume(node); break;
            case 6:
                rt.slow(node, Nanos(static_cast<std::int64_t>((r >> 16) % 500'000)),
                        1.0 + static_cast<double>((r >> 32) % 4));
                break;
            case 7: rt.slow(node, Nanos(0), 1.0); break;
            case 8: {
                LinkFaults f;
                f.drop = static_cast<double>((r >> 16) % 4) / 10.0;
                f.duplicate = static_cast<double>((r >> 20) % 3) / 10.0;
                f.jitter = Nanos(static_cast<std::int64_t>((r >> 24) % 100'000));
                f.delay = Nanos(static_cast<std::int64_t>((r >> 32) % 300'000));
                rt.set_link_faults(node, other, f);
                break;
            }
            case 9: rt.set_link_faults(node, other, LinkFaults{}); break;
            case 10: rt.partition(node, (r >> 16) % 2); break;
            case 11: case 12:
                rt.post(node, [&world](Node& nd, Context& ctx) {
                    world.seen.mix(0xFF);
                    world.seen.mix(ctx.self());
                    world.seen.mix(static_cast<std::uint64_t>(ctx.now().count()));
                    nd.on_timer(ctx, 4242);
                });
                break;
            default: break;
        }
        const std::uint64_t how = drv() % 4;
        if (how == 0) {
            for (int k = static_cast<int>(drv() % 50); k > 0; --k) rt.step();
        } else if (how == 1) {
            rt.run_until(rt.now() + Nanos(static_cast<std::int64_t>(drv() % 3'000'000)));
        } else if (how == 2) {
            rt.run_for(Nanos(static_cast<std::int64_t>(drv() % 500'000)));
        } else {
            rt.run_until(rt.now());
        }
        slices.mix(rt.pending_events());
        slices.mix(static_cast<std::uint64_t>(rt.now().count()));
        slices.mix(rt.trace().value());
        slices.mix(rt.trace().events());
        for (int i = 0; i < nodes; ++i) slices.mix(static_cast<std::uint64_t>(rt.state(static_cast<NodeIndex>(i))));
        for (const LinkStats& s : rt.link_stats()) {
            slices.mix(s.from);
            slices.mix(s.to);
            slices.mix(s.sent);
            slices.mix(s.delivered);
            slices.mix(s.dropped);
        }
    }
    Outcome out{rt.trace().value(), rt.trace().events(), world.seen.h, slices.h};
    rt.stop();
    return out;
}

}  // namespace archlab::chaos
