// Cache trace-replay benchmark: replays a real block-I/O trace (libCacheSim's cloudPhysicsIO,
// oracleGeneral format) through every registered eviction policy at a few capacities, in
// entries and in bytes. Prints requests per second per policy beside two peers measured in
// the same run (a bare hash-set "infinite cache" loop, the speed ceiling, and Belady's
// offline optimum for the hit ratio, the quality ceiling), and the hit ratios.
// Not a test: it only prints figures.
//
//   build-cache/bin/bench_cache_sim [TRACE] [--repeat N]
//   (default TRACE ../shared/reference/traces/cloudPhysicsIO.oracleGeneral.bin, from the repo root)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/cache/cache_sim.h"
#include "core/cache/policy_registry.h"
#include "core/cache/trace_reader.h"
#include "core/lab/settings.h"

using namespace archlab;
using namespace archlab::cache;
using Clock = std::chrono::steady_clock;

namespace {

/// Requests per second of the cheapest possible cache: one hash-set probe and insert.
double hash_set_rate(const LoadedTrace& trace, int repeat) {
    double best_s = 1e30;
    std::size_t sink = 0;
    for (int i = 0; i < repeat; ++i) {
        std::unordered_set<CacheKey, CacheKeyHash> seen;
        const auto t0 = Clock::now();
        for (const CacheKey key : trace.keys) sink += seen.insert(key).second ? 1 : 0;
        best_s = std::min(best_s, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    if (sink == 0) std::puts("");
    return static_cast<double>(trace.requests()) / best_s;
}

/// Belady's MIN in entries: on a miss with a full cache, evict the key used furthest ahead.
double belady_hit_ratio(const LoadedTrace& trace, std::uint64_t capacity) {
    const std::size_t n = trace.requests();
    std::vector<std::size_t> next_use(n);
    std::unordered_map<CacheKey, std::size_t, CacheKeyHash> upcoming;
    for (std::size_t i = n; i-- > 0;) {
        const auto it = upcoming.find(trace.keys[i]);
        next_use[i] = it == upcoming.end() ? SIZE_MAX : it->second;
        upcoming[trace.keys[i]] = i;
    }
    std::set<std::pair<std::size_t, CacheKey>> by_next;  // resident keys by next use
    std::unordered_map<CacheKey, std::size_t, CacheKeyHash> resident;
    std::uint64_t hits = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const CacheKey key = trace.keys[i];
        if (const auto it = resident.find(key); it != resident.end()) {
            ++hits;
            by_next.erase({it->second, key});
        } else if (resident.size() >= capacity) {
            const auto last = std::prev(by_next.end());
            resident.erase(last->second);
            by_next.erase(last);
        }
        resident[key] = next_use[i];
        by_next.insert({next_use[i], key});
    }
    return static_cast<double>(hits) / static_cast<double>(n);
}

/// Replays every policy at every capacity, best of `repeat` for the speed.
void run_table(const LoadedTrace& trace, const PolicyRegistry& registry, const std::vector<std::uint64_t>& capacities,
               CapacityUnit unit, int repeat, double peer_rate) {
    std::printf("\ncapacity in %s:\n%-8s", to_string(unit), "policy");
    for (const std::uint64_t c : capacities) std::printf("  %14s", ("hit@" + std::to_string(c)).c_str());
    std::printf("  %12s  %9s\n", "Mreq/s(mean)", "vs hashset");
    if (unit == CapacityUnit::entries) {
        std::printf("%-8s", "belady");
        for (const std::uint64_t c : capacities) std::printf("  %14.4f", belady_hit_ratio(trace, c));
        std::printf("  %12s  %9s\n", "(offline)", "");
    }
    for (const std::string& policy : registry.names()) {
        std::printf("%-8s", policy.c_str());
        double rate_sum = 0;
        for (const std::uint64_t c : capacities) {
            SimResult best;
            for (int i = 0; i < repeat; ++i) {
                SimResult r = replay(trace, registry, SimConfig{policy, c, unit, 1});
                if (i == 0 || r.seconds < best.seconds) best = r;
            }
            rate_sum += best.requests_per_s();
            std::printf("  %14.4f", best.hit_ratio());
        }
        const double mean_rate = rate_sum / static_cast<double>(capacities.size());
        std::printf("  %12.2f  %9.2f\n", mean_rate / 1e6, mean_rate / peer_rate);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string path = "../shared/reference/traces/cloudPhysicsIO.oracleGeneral.bin";
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) {
            repeat = std::max(1, std::atoi(argv[++i]));
        } else {
            path = argv[i];
        }
    }
    try {
        const auto t0 = Clock::now();
        const auto reader = open_trace(path, TraceFormat::oracle_general);
        const LoadedTrace trace = load_trace(*reader, false);
        const double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
        std::printf("trace %s\n%zu requests, %llu objects, %.1f MiB of objects; read at %.1f M records/s\n",
                    path.c_str(), trace.requests(), static_cast<unsigned long long>(trace.unique_keys),
                    static_cast<double>(trace.unique_bytes) / 1048576.0,
                    static_cast<double>(trace.requests()) / load_s / 1e6);

        PolicyRegistry registry;
        register_builtin_policies(registry);
        const double peer = hash_set_rate(trace, repeat);
        std::printf("peer: bare hash-set probe+insert %.2f M req/s\n", peer / 1e6);

        std::vector<std::uint64_t> entries;  // 1%, 5%, 10%, 25% of the distinct objects
        for (const double share : {0.01, 0.05, 0.10, 0.25}) {
            entries.push_back(static_cast<std::uint64_t>(static_cast<double>(trace.unique_keys) * share));
        }
        run_table(trace, registry, entries, CapacityUnit::entries, repeat, peer);

        std::vector<std::uint64_t> bytes;  // 1%, 10% of the bytes of distinct objects
        for (const double share : {0.01, 0.10}) {
            bytes.push_back(static_cast<std::uint64_t>(static_cast<double>(trace.unique_bytes) * share));
        }
        run_table(trace, registry, bytes, CapacityUnit::bytes, repeat, peer);
    } catch (const InputError& e) {
        std::fprintf(stderr, "bench_cache_sim: %s\n", e.what());
        return 2;
    }
    return 0;
}
