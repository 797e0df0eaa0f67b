#pragma once
// What the sessions lab measures, all recorded by the client from the answers it gets.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::sessions {

/// A cause -> count table written rarely (refusals, errors): a lock is fine.
class CauseCounts {
public:
    void add(const std::string& cause) {
        std::lock_guard lock(mu_);
        ++counts_[cause.empty() ? "unknown" : cause];
    }
    std::map<std::string, std::uint64_t> snapshot() const {
        std::lock_guard lock(mu_);
        return counts_;
    }

private:
    mutable std::mutex mu_;
    std::map<std::string, std::uint64_t> counts_;
};

struct SessionMetrics {
    explicit SessionMetrics(int nodes) : node_requests(nodes), node_errors(nodes) {}

    Histogram latency_ns;      ///< requests served (ok), from their intended send time to the answer, ns
    Counter sent;              ///< requests sent (logins, browses, forged tokens)
    Counter finished;          ///< of those, answered or given up on ("no-answer"): sent - finished are in flight
    Counter ok;                ///< served: logins answered 200 and browses that found their session
    Counter logins;            ///< logins answered 200
    Counter browses_ok;        ///< browses answered 200 with the user's session
    Counter session_lost;      ///< browses answered "session-lost": the session was not found
    Counter refused_genuine;   ///< genuine tokens refused (expired): the user logs in again
    Counter attacks_sent;      ///< browses sent with a forged token (jwt)
    Counter attacks_refused;   ///< of those, refused
    Counter attacks_accepted;  ///< of those, served: a hole
    Counter errors;            ///< other failures: timeouts, no node, store unavailable, no answer
    std::vector<Counter> node_requests;  ///< per node-k (index k-1): answers node-k made itself
    std::vector<Counter> node_errors;    ///< per node-k: failures naming it (its own, or lb's timeout for it)
    CauseCounts refused_by_cause;        ///< token refusals by cause
    CauseCounts errors_by_cause;         ///< other failures by cause
};

}  // namespace archlab::sessions
