#pragma once
// The sessions lab's settings as its nodes read them.
#include <atomic>
#include <cstdint>
#include <string>

#include "core/lab/time_mode.h"
#include "core/runtime/clock.h"

namespace archlab::sessions {

enum class SessionMode { Local, Sticky, SharedStore, Jwt };

SessionMode parse_session_mode(const std::string& text);
const char* to_string(SessionMode mode);

/// Start of the token clock, s since 1970: a fixed date in virtual time (2026-01-01T00:00:00Z),
/// so equal runs issue equal tokens; the wall clock when called in live time, so iat and exp are
/// the real dates a JWT tool expects.
std::int64_t token_epoch_s(TimeMode mode);
/// The app nodes' HMAC key (32 bytes): drawn from the run seed in virtual time (equal runs sign
/// equal tokens), from std::random_device in live time.
std::string token_secret(TimeMode mode, std::uint64_t seed);

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
    std::int64_t epoch_s = 0;                ///< jwt: token clock at run time 0, s since 1970 (iat = epoch + run time)
    std::string secret = "archlab";          ///< jwt: HMAC key shared by the app nodes (never by the client)
    double attack_share = 0.02;              ///< jwt: share of browses sent with a forged token
    std::atomic<bool> stopping{false};

    Nanos client_timeout() const { return timeout * 3; }
    /// Seconds on the token clock at run time t.
    std::int64_t token_now_s(Nanos t) const { return epoch_s + t.count() / 1'000'000'000; }
};

}  // namespace archlab::sessions
