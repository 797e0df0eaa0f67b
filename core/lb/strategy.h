#pragma once
// A balancing strategy answers one question: which of the alive instances serves the next
// request. The balancer keeps the bookkeeping (in flight, response times, who is alive) and
// hands it in; all randomness comes from the caller's generator (Context::random()).
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace archlab::lb {

/// One alive instance as the balancer sees it when choosing.
struct Candidate {
    std::string id;        ///< node id: "node-2"
    int weight = 1;        ///< relative share for weighted strategies (>= 1)
    int in_flight = 0;     ///< requests sent to it and not answered yet
    double ewma_ms = 0.0;  ///< moving average of its observed response times, ms (0 = none yet)
};

/// What a request offers for affinity.
struct RouteKey {
    std::string_view key;     ///< request key (X-Archlab-Key or ?key=), may be empty
    std::string_view cookie;  ///< the Cookie header as sent, may be empty
};

class Strategy {
public:
    virtual ~Strategy() = default;
    /// Index into `alive` (never empty) of the instance that serves the request.
    virtual std::size_t choose(const std::vector<Candidate>& alive, const RouteKey& request,
                               std::mt19937_64& random) = 0;
    /// True when the balancer should name the chosen node in a Set-Cookie (sticky sessions).
    virtual bool pins_with_cookie() const { return false; }
};

}  // namespace archlab::lb
