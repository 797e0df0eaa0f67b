#pragma once
// The sessions lab's settings as its nodes read them.
#include <atomic>
#include <cstdint>
#include <string>

#include "core/runtime/clock.h"

namespace archlab::sessions {

enum class SessionMode { Local, Sticky, SharedStore, Jwt };

SessionMode parse_session_mode(const std::string& text);
const char* to_string(SessionMode mode);

struct SessionConfig {
    SessionMode mode = SessionMode::Local;
    std::atomic<double> arrival_rps{200.0};  ///< open-loop Poisson rate of requests, req/s (live)
    int nodes = 4;                           ///< app nodes node-1..N
    int threads_per_node = 8;
    double service_ms = 2.0;                 ///< mean service time of one request, ms
    int users = 200;                         ///< distinct users; each logs in, then browses
    double user_skew = 0.0;                  ///< Zipf exponent of how often each user asks (0 = all alike)
    Nanos heartbeat{std::chrono::milliseconds(200)};
    Nanos detect_after{std::chrono::milliseconds(1000)};
    Nanos timeout{std::chrono::milliseconds(500)};      ///< balancer's limit on a node's answer
    Nanos store_timeout{std::chrono::milliseconds(200)}; ///< app node's limit on the store's answer
    std::int64_t token_ttl_s = 30;           ///< jwt: lifetime of a token, s
    std::int64_t epoch_s = 0;                ///< jwt: clock value at run start (exp = epoch + run time + ttl)
    std::string secret = "archlab";          ///< jwt: HMAC key shared by the app nodes (never by the client)
    double attack_share = 0.02;              ///< jwt: share of browses sent with a forged token
    std::atomic<bool> stopping{false};

    Nanos client_timeout() const { return timeout * 3; }
    /// Seconds on the token clock at run time t.
    std::int64_t token_now_s(Nanos t) const { return epoch_s + t.count() / 1'000'000'000; }
};

}  // namespace archlab::sessions
