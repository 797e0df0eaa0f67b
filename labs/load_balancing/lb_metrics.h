#pragma once
// What the load-balancing lab measures, all of it recorded by the client from the answers it
// gets (which node served each request is the answer's node, as X-Archlab-Node would say).
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/metrics/counter.h"
#include "core/metrics/histogram.h"

namespace archlab::lblab {

class LbMetrics {
public:
    explicit LbMetrics(int nodes)
        : node_requests(nodes), node_served(nodes), node_errors(nodes), node_latency_ns(nodes) {}

    Histogram latency_ns;   ///< every request answered 200, from its intended send time (errors: see errors)
    Counter sent;           ///< requests sent
    Counter ok;             ///< answered 200
    Counter errors;         ///< answered otherwise, or never answered
    Counter user_moves;     ///< answers served by another node than the user's previous one (affinity lost)

    std::vector<Counter> node_requests;      ///< per node-k (index k-1): answers naming it
    std::vector<Counter> node_served;        ///< per node-k: of those, 200
    std::vector<Counter> node_errors;        ///< per node-k: of those, not 200
    std::vector<Histogram> node_latency_ns;  ///< per node-k: latency of its 200 answers

    void error_cause(const std::string& cause) {
        std::lock_guard lock(mu_);
        ++by_cause_[cause.empty() ? "unknown" : cause];
    }
    std::map<std::string, std::uint64_t> errors_by_cause() const {
        std::lock_guard lock(mu_);
        return by_cause_;
    }

private:
    mutable std::mutex mu_;
    std::map<std::string, std::uint64_t> by_cause_;  ///< error cause -> count (errors are rare: a lock is fine)
};

}  // namespace archlab::lblab
