// Compiled as C++17 (ns-3.37's headers do not build as C++20), apart from the rest of the bench.
#include "bench/sim_events/ns3_peer.h"

#include <ns3/core-module.h>

#include <chrono>

namespace archlab::bench {
namespace {

/// What the scheduled functions work on; ns-3 schedules plain functions, so it is a global.
struct World {
    std::vector<std::mt19937_64> streams;  ///< by node
    std::vector<std::uint64_t> received;   ///< messages per node
    std::uint64_t events = 0;              ///< events run so far
    std::uint64_t limit = 0;               ///< stop after this many
    Result result;
};
World* g_world = nullptr;

void count_event() {
    if (++g_world->events == g_world->limit) {
        g_world->result.end_ns = ns3::Simulator::Now().GetNanoSeconds();
        ns3::Simulator::Stop();  // after this event
    }
}

void deliver(NodeIndex to) {
    ++g_world->received[to];
    ++g_world->result.delivered;
    count_event();
}

void fire(NodeIndex i) {
    std::mt19937_64& rng = g_world->streams[i];
    const auto nodes = static_cast<NodeIndex>(g_world->streams.size());
    ns3::Simulator::Schedule(ns3::NanoSeconds(kLinkDelayNs), &deliver, draw_destination(rng, i, nodes));
    ns3::Simulator::Schedule(ns3::NanoSeconds(draw_interval_ns(rng)), &fire, i);
    count_event();
}

}  // namespace

Result run_ns3(NodeIndex nodes, std::uint64_t events, const char* scheduler) {
    World world;
    world.limit = events;
    world.streams = node_streams(nodes);
    world.received.assign(nodes, 0);
    g_world = &world;
    ns3::ObjectFactory factory;
    factory.SetTypeId(scheduler);
    ns3::Simulator::SetScheduler(factory);
    for (NodeIndex i = 0; i < nodes; ++i)
        ns3::Simulator::Schedule(ns3::NanoSeconds(draw_interval_ns(world.streams[i])), &fire, i);
    const auto t0 = std::chrono::steady_clock::now();
    ns3::Simulator::Run();
    world.result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ns3::Simulator::Destroy();
    g_world = nullptr;
    return world.result;
}

}  // namespace archlab::bench
