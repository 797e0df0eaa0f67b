#pragma once
// The caching lab's settings as the nodes read them. Knobs that apply live are atomics.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/runtime/clock.h"

namespace archlab::caching {

enum class Placement : int { Exclusive, Shared };
enum class WritePolicy : int { Invalidate, WriteThrough, TtlOnly };
/// How the balancer picks an app; each is a core/lb strategy (routing_strategy()).
enum class Routing : int { RoundRobin, Random, KeyAffinity };
enum class KeyDist : int { Uniform, Zipf };

Placement parse_placement(const std::string& s);
WritePolicy parse_write_policy(const std::string& s);
Routing parse_routing(const std::string& s);
/// The routing knob's choices, in Routing's order.
const std::vector<std::string>& routing_names();
/// The core/lb strategy a routing choice uses: key-affinity is the consistent-hash ring.
const char* routing_strategy(Routing r);
KeyDist parse_key_dist(const std::string& s);
const char* to_string(WritePolicy w);

/// One operation of a scripted workload (tests, crafted scenarios): sent at `at` exactly.
struct ScriptedOp {
    Nanos at{0};          ///< since run start
    bool write = false;   ///< false: a read
    std::uint32_t key = 0;
};

struct CachingConfig {
    // Topology and cache tier (fixed for the run).
    Placement placement = Placement::Shared;
    int nodes = 4;                              ///< app nodes behind the balancer
    std::string policy = "lru";                 ///< eviction policy at start (registry name)
    std::uint64_t capacity_entries = 1000;      ///< total over the tier
    std::uint64_t capacity_bytes = 0;           ///< total over the tier; 0 = count entries
    // Workload.
    std::atomic<double> arrival_rps{2000.0};    ///< open-loop Poisson rate, requests/s (live)
    std::atomic<double> read_ratio{0.9};        ///< share of requests that are reads (live)
    KeyDist key_dist = KeyDist::Zipf;
    double zipf_s = 0.9;                        ///< Zipf skew: key of rank r has weight 1/r^s
    std::uint32_t keys = 10000;                 ///< distinct keys in the database
    int value_bytes = 100;                      ///< size of each value, bytes
    std::vector<ScriptedOp> script;             ///< non-empty: the client sends exactly these instead
    // Strategies (live).
    std::atomic<int> write_policy{0};           ///< WritePolicy
    std::atomic<int> routing{0};                ///< Routing
    std::atomic<double> ttl_ms{0.0};            ///< expiry of every cache fill, ms; 0 = none
    // Database.
    double db_latency_ms = 5.0;                 ///< time each query takes to reach and run on the db, ms
    // Timeouts.
    double cache_timeout_ms = 50.0;             ///< an app gives up on the cache and goes to the db
    double cache_retry_ms = 250.0;              ///< after a cache timeout the app skips the cache this long
    double request_timeout_ms = 2000.0;         ///< the client counts a request as an error after this
    std::atomic<bool> stopping{false};          ///< client stops sending new requests

    WritePolicy current_write_policy() const {
        return static_cast<WritePolicy>(write_policy.load(std::memory_order_relaxed));
    }
    Routing current_routing() const { return static_cast<Routing>(routing.load(std::memory_order_relaxed)); }
    /// The expiry a cache fill gets now; zero = none.
    Nanos current_ttl() const { return from_ms(ttl_ms.load(std::memory_order_relaxed)); }
};

/// The key's text form, as stored in the database and the cache: "k:42".
std::string key_name(std::uint32_t key);

}  // namespace archlab::caching
