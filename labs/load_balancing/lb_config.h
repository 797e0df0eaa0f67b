#pragma once
// The load-balancing lab's settings as its nodes read them. Knobs that apply live are atomics.
#include <atomic>
#include <map>
#include <string>

#include "core/runtime/clock.h"

namespace archlab::lblab {

constexpr int kMaxNodes = 1000;      ///< app nodes in virtual time
constexpr int kMaxLiveNodes = 16;    ///< app nodes live: each is a thread pool and sockets
constexpr int kNodeColumnsUpTo = 32; ///< up to this many nodes, one chart line per node; above, their spread

struct LbLabConfig {
    std::atomic<double> arrival_rps{200.0};  ///< open-loop Poisson rate, requests/s (live)
    double service_ms = 5.0;                 ///< mean service time of one request on an app node, ms
    int nodes = 4;                           ///< app nodes node-1..N
    int threads_per_node = 8;                ///< requests one app node serves at once
    int users = 500;                         ///< distinct users (keys and cookies) in the workload
    std::string slow_node;                   ///< app node whose service is slow_factor times longer ("" = none)
    double slow_factor = 10.0;
    Nanos heartbeat{std::chrono::milliseconds(200)};       ///< app -> discovery heartbeat interval
    Nanos detect_after{std::chrono::milliseconds(1000)};   ///< discovery drops an instance silent this long
    Nanos timeout{std::chrono::milliseconds(500)};         ///< balancer gives up on a node's answer (504)
    std::atomic<bool> stopping{false};       ///< client stops sending new requests

    /// The client's own limit: past it a request with no answer at all counts as lost.
    Nanos client_timeout() const { return timeout * 3; }
};

/// "node-3"
inline std::string app_node_id(int number) { return "node-" + std::to_string(number); }

}  // namespace archlab::lblab
